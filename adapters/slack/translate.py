"""Slack payloads as core events. Pure functions: the payload in, a frozen event out.

Each event carries a key for de-duplication: the Events API ``event_id``
(the same on Slack's retries), the interaction's single-use ``trigger_id``, or
for a modal submission the view's id and hash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.blocks import action_id_of
from adapters.slack.modals import ModalState, submitted_values
from bot.events import (
    ActionClicked,
    Actor,
    CommandInvoked,
    Conversation,
    FormSubmitted,
    HomeOpened,
    ReactionAdded,
    ReactionRemoved,
)

PLATFORM = "slack"
Payload = Mapping[str, Any]
# With should_escape, Slack sends links as <https://…|label>; the member typed the label.
_LINK = re.compile(r"<((?:https?|mailto|tel):[^|>]*)(?:\|([^>]*))?>")


@dataclass(frozen=True)
class Person:
    """What we know of the Slack user behind an event, beyond the payload."""

    display_name: str = ""
    time_zone: str | None = None


def typed_text(raw: str) -> str:
    """A slash command's text as the member typed it.

    Links become their text, and Slack's ``&amp;``, ``&lt;``, ``&gt;`` become
    the characters again (``AT&T``, not ``AT&amp;T``). Member and broadcast
    references (``<@U1|ana>``, ``<!here>``) are kept as Slack sends them: the
    core reads and refuses those itself.
    """
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), raw)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _actor(team_id: str, user_id: str, person: Person, fallback_name: str = "") -> Actor:
    return Actor(
        platform=PLATFORM,
        workspace_id=team_id,
        user_id=user_id,
        display_name=person.display_name or fallback_name,
        time_zone=person.time_zone,
    )


def _is_direct(channel_id: str) -> bool:
    return channel_id.startswith("D")


def _key(kind: str, *parts: object) -> str | None:
    if not all(parts):
        return None
    return ":".join(["slack", kind, *map(str, parts)])


def interaction_team(body: Payload) -> str:
    """The workspace of an interaction (``team`` is null for some Enterprise Grid payloads)."""
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")


def command_event(body: Payload, person: Person) -> CommandInvoked:
    channel = str(body.get("channel_id") or "")
    return CommandInvoked(
        actor=_actor(str(body["team_id"]), str(body["user_id"]), person, str(body.get("user_name") or "")),
        conversation=Conversation(
            channel_id=channel, is_direct=_is_direct(channel) or body.get("channel_name") == "directmessage"
        ),
        event_id=_key("command", body.get("trigger_id")),
        command=str(body.get("command") or "").lstrip("/"),
        text=typed_text(str(body.get("text") or "")),
        raw=body,
    )


def on_the_home(body: Payload) -> bool:
    """Whether a block_actions payload is a click on the App Home."""
    return (body.get("view") or {}).get("type") == "home"


def interaction_channel(body: Payload) -> str | None:
    """The channel a block_actions payload came from; None on the App Home and in modals."""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    return str(channel) if channel else None


def action_event(body: Payload, action: Payload, person: Person) -> ActionClicked:
    user = body.get("user") or {}
    channel = interaction_channel(body)
    container = body.get("container") or {}
    message_ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    action_id = action_id_of(str(action.get("action_id") or ""))
    return ActionClicked(
        actor=_actor(interaction_team(body), str(user.get("id")), person, str(user.get("name") or "")),
        conversation=Conversation(channel_id=channel or "", is_direct=channel is None or _is_direct(channel)),
        event_id=_key("action", body.get("trigger_id"), action_id),
        action_id=action_id,
        value=str(action.get("value") or ""),
        message_id=str(message_ts) if message_ts else None,
        raw=body,
    )


def form_event(body: Payload, person: Person) -> FormSubmitted:
    user = body.get("user") or {}
    view = body.get("view") or {}
    state = ModalState.decode(view.get("private_metadata"))
    channel = state.channel_id
    return FormSubmitted(
        actor=_actor(interaction_team(body), str(user.get("id")), person, str(user.get("name") or "")),
        conversation=Conversation(channel_id=channel or "", is_direct=channel is None or _is_direct(channel)),
        # The view's id and hash, not the trigger: a submit pressed twice is one submission.
        event_id=_key("view", view.get("id"), view.get("hash")),
        form_id=str(view.get("callback_id") or ""),
        values=submitted_values(view),
        context=state.context,
        raw=body,
    )


def on_a_message(envelope: Payload) -> bool:
    """Whether a reaction event is about a message (not a file or the like)."""
    item = (envelope.get("event") or {}).get("item") or {}
    return item.get("type") == "message" and bool(item.get("ts"))


def reaction_event(envelope: Payload, person: Person) -> ReactionAdded | ReactionRemoved | None:
    """A reaction on a message; None for reactions on files and the like."""
    if not on_a_message(envelope):
        return None
    event = envelope.get("event") or {}
    item = event.get("item") or {}
    kind = ReactionAdded if event.get("type") == "reaction_added" else ReactionRemoved
    channel = str(item.get("channel") or "")
    return kind(
        actor=_actor(str(envelope.get("team_id") or ""), str(event.get("user")), person),
        conversation=Conversation(channel_id=channel, is_direct=_is_direct(channel)),
        event_id=_key("event", envelope.get("event_id")),
        emoji=str(event.get("reaction") or ""),
        message_id=str(item["ts"]),
        message_author_id=event.get("item_user"),
        raw=envelope,
    )


def home_event(envelope: Payload, person: Person) -> HomeOpened | None:
    """The App Home's *Home* tab opened; None for its *Messages* tab."""
    event = envelope.get("event") or {}
    if event.get("tab", "home") != "home":
        return None
    return HomeOpened(
        actor=_actor(str(envelope.get("team_id") or ""), str(event.get("user")), person),
        conversation=Conversation(channel_id=str(event.get("channel") or ""), is_direct=True),
        event_id=_key("event", envelope.get("event_id")),
        raw=envelope,
    )


def refreshed_home(team_id: str, user_id: str) -> Payload:
    """An app_home_opened envelope of our own, to show the Home again after a change made from it.

    It has no ``event_id``: it is not a Slack delivery, and each one must be answered.
    """
    return {"team_id": team_id, "event": {"type": "app_home_opened", "user": user_id, "tab": "home"}}
