"""``bounceback discord`` as a real process: it connects through a gateway, answers, ignores a replayed
dispatch, and stops on SIGTERM.

The local server stands in for both of Discord's doors: the HTTP API (``DISCORD_API_URL``, which also
names the gateway through ``GET /gateway/bot``) and the gateway websocket, which says Hello, takes the
Identify, sends Ready and the server, then carries the test's dispatches.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.db.models import Rejection
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import option, slash
from tests.discord.helpers import ANA, rows

ROOT = Path(__file__).resolve().parents[2]
GUILDS = 1 << 0
GUILD_MESSAGE_REACTIONS = 1 << 10


async def test_the_bot_connects_with_only_its_intents_answers_and_stops_cleanly(
    fake_api: FakeDiscordAPI, database_url: str, db
) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCEBACK_", "DISCORD_"))}
    environment |= {
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_URL": fake_api.url,
        "BOUNCEBACK_DATABASE_URL": database_url,
        "BOUNCEBACK_OPS_PORT": "0",
    }
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "discord",
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
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
