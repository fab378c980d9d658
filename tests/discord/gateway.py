"""Gateway dispatches for tests, in the documented shapes of ``payloads/``, fed to discord.py's parsers.

:class:`Gateway` does what discord.py's websocket does with a dispatch: look
up the connection state's parser for ``t`` and hand it ``d``. Everything after
that (building the Interaction, the command tree, dynamic buttons, raw reaction
events, our listeners) is discord.py's own code and ours.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
from typing import Any

from adapters.discord.client import BouncebackClient
from tests.discord.fake_api import APPLICATION_ID, PAYLOADS

GUILD_ID = "290926798626357999"
CHANNEL_ID = "645027906669510667"
ORGANISER_ROLE_ID = "539082325061837000"
MEMBER_ROLE_ID = "539082325061836999"
# Member permissions without Manage Server or Administrator: view, send, react, history, use commands.
EVERYDAY_PERMISSIONS = "2147552320"
ADMIN_PERMISSIONS = "2147483647"

SAFETY_LIMIT = 60.0  # seconds: only stops a hung test; it measures nothing
_ids = itertools.count(1_300_000_000_000_000_000)


def next_id() -> str:
    return str(next(_ids))


def load(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def member(
    user_id: str, name: str, *, permissions: str = EVERYDAY_PERMISSIONS, roles: tuple[str, ...] = ()
) -> dict:
    """A guild member object as interactions carry it (``member`` with a nested ``user``)."""
    base = copy.deepcopy(load("interaction_create_command")["d"]["member"])
    base["user"] = {
        "id": user_id,
        "username": name,
        "global_name": name,
        "avatar": None,
        "discriminator": "0",
    }
    base["permissions"] = permissions
    base["roles"] = list(roles) or [MEMBER_ROLE_ID]
    return base


def _interaction(template: str, who: dict[str, Any], data: dict[str, Any], **extra: Any) -> dict[str, Any]:
    envelope = load(template)
    d = envelope["d"]
    d.update(
        id=next_id(),
        token=f"token-{next_id()}",
        application_id=APPLICATION_ID,
        guild_id=GUILD_ID,
        channel_id=CHANNEL_ID,
        member=who,
        data=data,
    )
    d.update(extra)
    return envelope


def slash(who: dict[str, Any], name: str, options: list[dict[str, Any]] | None = None, **extra: Any) -> dict:
    """INTERACTION_CREATE for ``/name`` with ``options`` (``string``/``option`` build them)."""
    data: dict[str, Any] = {"id": next_id(), "name": name, "type": 1}
    if options:
        data["options"] = options
    data.update(extra)
    return _interaction("interaction_create_command", who, data)


def option(name: str, value: Any) -> dict[str, Any]:
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3
    return {"type": kind, "name": name, "value": value}


def subcommand(name: str, options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": 1, "name": name, "options": options or []}


def user_option(name: str, user_id: str, username: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A ``user`` option and the ``resolved`` data Discord sends with it."""
    user = {
        "id": user_id,
        "username": username,
        "global_name": username,
        "avatar": None,
        "discriminator": "0",
    }
    resolved = {
        "users": {user_id: user},
        "members": {
            user_id: {
                "roles": [],
                "joined_at": "2024-01-01T00:00:00+00:00",
                "permissions": EVERYDAY_PERMISSIONS,
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        },
    }
    return {"type": 6, "name": name, "value": user_id}, resolved


def click(
    who: dict[str, Any], custom_id: str, *, message_id: str | None = None, ephemeral: bool = False
) -> dict:
    """INTERACTION_CREATE for a button (``custom_id``) on a message of the bot's."""
    envelope = load("interaction_create_component")
    message = envelope["d"]["message"]
    message.update(
        id=message_id or next_id(),
        flags=64 if ephemeral else 0,
        components=[
            {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": custom_id}]}
        ],
    )
    return _interaction(
        "interaction_create_component", who, {"custom_id": custom_id, "component_type": 2}, message=message
    )


def in_dm(envelope: dict[str, Any], dm_channel_id: str) -> dict[str, Any]:
    """The same interaction in the member's DM with the bot: ``user`` instead of ``member``, no server."""
    d = envelope["d"]
    d["user"] = d.pop("member")["user"]
    d.pop("guild_id", None)
    d.pop("guild_locale", None)
    d.update(channel_id=dm_channel_id, context=1, authorizing_integration_owners={"0": "0"})
    d["channel"] = {"id": dm_channel_id, "type": 1, "last_message_id": None, "flags": 0}
    if "message" in d:
        d["message"]["channel_id"] = dm_channel_id
    return envelope


def modal_submit(who: dict[str, Any], custom_id: str, values: dict[str, str | list[str]]) -> dict:
    """INTERACTION_CREATE for a submitted modal: each value in a Label (text ``value``, select ``values``)."""
    components = []
    for n, (key, value) in enumerate(values.items()):
        inner: dict[str, Any] = {"type": 3, "id": 2 * n + 2, "custom_id": key, "values": value}
        if isinstance(value, str):
            inner = {"type": 4, "id": 2 * n + 2, "custom_id": key, "value": value}
        components.append({"type": 18, "id": 2 * n + 1, "component": inner})
    return _interaction(
        "interaction_create_modal_submit", who, {"custom_id": custom_id, "components": components}
    )


def reaction(
    template: str, *, message_id: str, user_id: str, channel_id: str = CHANNEL_ID, guild_id: str = GUILD_ID
) -> dict[str, Any]:
    """A MESSAGE_REACTION_ADD/REMOVE dispatch from a template, aimed at one of our messages."""
    envelope = load(template)
    d = envelope["d"]
    d.update(message_id=message_id, user_id=user_id, channel_id=channel_id, guild_id=guild_id)
    if "member" in d:
        d["member"]["user"]["id"] = user_id
    d.pop("message_author_id", None)
    return envelope


class Gateway:
    """Feeds dispatches to a client's connection state and waits until it has finished with them."""

    def __init__(self, client: BouncebackClient) -> None:
        self.client = client

    async def dispatch(self, envelope: dict[str, Any]) -> None:
        parser = self.client._connection.parsers[envelope["t"]]
        parser(copy.deepcopy(envelope["d"]))
        await self.settle()

    async def settle(self) -> None:
        await settle(self.client)


async def settle(client: BouncebackClient) -> None:
    """Wait for every task discord.py started for the dispatch (listeners, command tree, buttons),
    and for the inbox worker to have answered every row that is ready."""
    async with asyncio.timeout(SAFETY_LIMIT):
        while True:
            pending = [
                t
                for t in asyncio.all_tasks()
                if t is not asyncio.current_task()
                and not t.done()
                and t.get_name().startswith(("discord.py:", "CommandTree", "discord-ui-"))
            ]
            if pending:
                await asyncio.wait(pending)
                continue
            await client.inbox.worker.drain()
            if not any(
                not t.done() and t.get_name().startswith(("discord.py:", "CommandTree", "discord-ui-"))
                for t in asyncio.all_tasks()
            ):
                return
