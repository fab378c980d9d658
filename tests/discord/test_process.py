"""``bounceback discord`` as a real process: it connects through a gateway, answers, ignores a replayed
dispatch, and stops on SIGTERM; killed with interactions acknowledged but not yet answered, the next
process answers them, each once.

The local server stands in for both of Discord's doors: the HTTP API (``DISCORD_API_URL``, which also
names the gateway through ``GET /gateway/bot``) and the gateway websocket, which says Hello, takes the
Identify, sends Ready and the server, then carries the test's dispatches.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.discord.translate import PLATFORM
from bot.db.engine import session_factory
from bot.db.models import Rejection
from bot.inbox.models import InboxItem
from bot.inbox.store import Arrival, accept
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import option, slash
from tests.discord.helpers import ANA, rows

ROOT = Path(__file__).resolve().parents[2]
GUILDS = 1 << 0
GUILD_MESSAGE_REACTIONS = 1 << 10
EPHEMERAL = 64
SAFETY_LIMIT = 60.0  # seconds: only stops a hung test


def environment(fake_api: FakeDiscordAPI, database_url: str, **extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCEBACK_", "DISCORD_"))}
    return kept | {
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": fake_api.url,
        "BOUNCEBACK_DATABASE_URL": database_url,
        "BOUNCEBACK_OPS_PORT": "0",
        **extra,
    }


async def start(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "discord",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_the_bot_connects_with_only_its_intents_answers_and_stops_cleanly(
    fake_api: FakeDiscordAPI, database_url: str, db
) -> None:
    bot = await start(environment(fake_api, database_url))
    try:
        await fake_api.wait_until(lambda: fake_api.identify is not None)
        assert fake_api.identify is not None
        assert fake_api.identify["intents"] == GUILDS | GUILD_MESSAGE_REACTIONS
        assert fake_api.identify["token"] == TOKEN

        rejected = slash(ANA, "rejected", [option("company", "Acme")])
        await fake_api.dispatch(rejected)
        await fake_api.wait_until(lambda: bool(fake_api.callbacks()))
        [answer] = fake_api.callbacks()
        assert "Acme" in answer.message["embeds"][0]["title"]

        await fake_api.dispatch(rejected)  # the same dispatch again on the wire, as after a RESUME
        await fake_api.dispatch(slash(ANA, "journey"))
        await fake_api.wait_until(lambda: len(fake_api.callbacks()) == 2)
        assert "journey" in fake_api.callbacks()[-1].text.lower()
        assert [r.company for r in await rows(db, Rejection)] == ["Acme"]
    finally:
        bot.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(bot.communicate(), 60)
    assert bot.returncode == 0, errors.decode()
    assert b"Traceback" not in errors
    await fake_api.wait_until(lambda: fake_api.gateway_closed)


async def a_backlog(db: AsyncEngine) -> None:
    """Another platform's row, waiting for an hour: the inbox is behind, so commands get the busy note
    at once and their answers follow up (a row no Discord worker takes: only Slack's serves it)."""
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    waiting = Arrival("slack", "T1", "U1", "command", "command:waiting", {}, {})
    await accept(session_factory(db), waiting, an_hour_ago)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def until_behind(ops_port: int) -> None:
    """Until the process has sampled its inbox as behind: its metrics give the oldest row's age."""
    gauge = "bounceback_inbox_oldest_age_seconds "
    async with aiohttp.ClientSession() as http, asyncio.timeout(SAFETY_LIMIT):
        while True:
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{ops_port}/metrics") as answer:
                    ages = [line for line in (await answer.text()).splitlines() if line.startswith(gauge)]
                    if ages and float(ages[0].split()[1]) > 60:
                        return
            await asyncio.sleep(0.05)


async def test_a_killed_process_answers_what_it_acknowledged_once_after_a_restart(
    fake_api: FakeDiscordAPI, database_url: str, db: AsyncEngine
) -> None:
    await a_backlog(db)
    # The follow-ups are under way when the process dies.
    fake_api.hold_unanswered("POST", r"/webhooks/\d+/[^/]+")
    ops_port = free_port()
    env = environment(fake_api, database_url, BOUNCEBACK_INBOX_LEASE="1", BOUNCEBACK_OPS_PORT=str(ops_port))
    companies = ["Acme", "Globex", "Initech"]
    tokens = {}
    first = await start(env)
    try:
        await fake_api.wait_until(lambda: fake_api.identify is not None)
        await until_behind(ops_port)
        for company in companies:
            envelope = slash(ANA, "rejected", [option("company", company)])
            tokens[envelope["d"]["token"]] = company
            await fake_api.dispatch(envelope)
        held = lambda: [r for r in fake_api.sent("POST", r"/webhooks/\d+/[^/]+") if r.unanswered]  # noqa: E731
        await fake_api.wait_until(lambda: len(fake_api.callbacks()) == 3 and len(held()) == 3)
    finally:
        first.kill()
        _, errors = await asyncio.wait_for(first.communicate(), 60)
    assert first.returncode == -signal.SIGKILL, errors.decode()
    for busy in fake_api.callbacks():
        assert busy.json["type"] == 4 and busy.message["flags"] & EPHEMERAL
        assert "answer shortly" in busy.text or "follow in a moment" in busy.text
    unfinished = await rows(db, InboxItem, InboxItem.platform == PLATFORM)
    assert {(r.status, bool(r.answer)) for r in unfinished} == {("working", True)}

    fake_api.release_unanswered()
    fake_api.identify = None
    second = await start(env)
    try:
        await fake_api.wait_until(lambda: len(fake_api.followups()) == 3)
        await fake_api.wait_until(lambda: len(fake_api.callbacks()) == 3)
    finally:
        second.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(second.communicate(), 60)
    assert second.returncode == 0, errors.decode()
    assert b"Traceback" not in errors
    answered = {r.path.rsplit("/", 1)[1]: r for r in fake_api.followups()}
    assert set(answered) == set(tokens), "each acknowledged interaction answered exactly once"
    for token, follow_up in answered.items():
        assert follow_up.message["flags"] & EPHEMERAL
        assert tokens[token] in follow_up.message["embeds"][0]["title"]
    assert sorted(r.company for r in await rows(db, Rejection)) == companies, "each handled once"
    finished = await rows(db, InboxItem, InboxItem.platform == PLATFORM)
    assert {r.status for r in finished} == {"done"}
