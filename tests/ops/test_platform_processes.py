"""A platform bot as the image runs it (entrypoint, JSON logs, ops port), through a member's journey.

`bounceback discord` connects to a local stand-in for Discord's API and gateway (tests/discord's),
answers commands, and meanwhile serves /healthz, /readyz and /metrics; its log is one JSON object
per line, none carrying the token, a member's name or id, or what they wrote about a rejection.
SIGTERM ends it with status 0.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Rejection
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import option, slash
from tests.discord.helpers import ANA, ANA_ID, rows
from tests.ops.processes import ROOT, clean_environment
from tests.ops.test_server import free_port

ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"
# What Ana tells the bot: none of it may reach a log line.
PRIVATE = ("Initech Dynamics", "Chief Llama Wrangler", "they ghosted me after five rounds")


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


async def wait_ready(port: int, bot: asyncio.subprocess.Process) -> str:
    for _ in range(300):
        if bot.returncode is not None:
            break
        try:
            status, body = await get(port, "/readyz")
        except aiohttp.ClientConnectionError:
            status, body = 0, ""
        if status == 200:
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"never ready (last answer: {status} {body})")


def metric(exposition: str, sample: str, **labels: str) -> float:
    for family in text_string_to_metric_families(exposition):
        for found in family.samples:
            if found.name == sample and found.labels == labels:
                return found.value
    return 0.0


async def test_discord_as_the_image_runs_it(discord_api: FakeDiscordAPI, database_url: str, db: AsyncEngine):
    port = free_port()
    env = clean_environment(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=discord_api.url,
        BOUNCEBACK_DATABASE_URL=database_url,
        BOUNCEBACK_OPS_HOST="127.0.0.1",
        BOUNCEBACK_OPS_PORT=str(port),
        BOUNCEBACK_LOG_LEVEL="DEBUG",
    )
    bot = await asyncio.create_subprocess_exec(
        "/bin/sh",
        str(ENTRYPOINT),
        "discord",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await discord_api.wait_until(lambda: discord_api.identify is not None)
        assert json.loads(await wait_ready(port, bot))["checks"] == {"database": "ok", "discord": "ok"}
        assert await get(port, "/healthz") == (200, '{"status": "alive"}')
        for probe in (["healthcheck"], ["healthcheck", "--ready"]):  # the image's HEALTHCHECK, for real
            checked = await asyncio.create_subprocess_exec(
                "/bin/sh", str(ENTRYPOINT), *probe, env=env, stdout=asyncio.subprocess.DEVNULL
            )
            assert await checked.wait() == 0

        discord_api.rate_limit_once("POST", r"/interactions/\d+/[^/]+/callback", 0.2)
        await discord_api.dispatch(
            slash(
                ANA,
                "rejected",
                [
                    option("company", PRIVATE[0]),
                    option("role", PRIVATE[1]),
                    option("stage", "final_round"),
                    option("notes", PRIVATE[2]),
                ],
            )
        )
        await discord_api.wait_until(lambda: len(discord_api.callbacks()) >= 2)  # the 429, then the retry
        for _ in range(100):
            if await rows(db, Rejection):
                break
            await asyncio.sleep(0.1)
        [saved] = await rows(db, Rejection)
        assert saved.company == PRIVATE[0]

        status, exposition = await get(port, "/metrics")
        assert status == 200
        # Discord's /rejected with its options arrives as the core's quick form, rejected.log.
        handled = {"platform": "discord", "kind": "form", "name": "rejected.log", "outcome": "ok"}
        assert metric(exposition, "bounceback_events_handled_total", **handled) == 1.0
        assert metric(exposition, "bounceback_rate_limited_responses_total", platform="discord") == 1.0
        count = metric(exposition, "bounceback_event_handling_seconds_count", platform="discord", kind="form")
        assert count == 1.0
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), 60)

    assert bot.returncode == 0, err.decode()
    log = err.decode()
    records = [json.loads(line) for line in log.splitlines()]  # every line is one JSON object
    [event] = [r for r in records if r["logger"] == "bounceback.events"]
    assert event["outcome"] == "ok" and event["route"] == "rejected.log" and event["event_id"]
    assert any(r["message"].startswith("received SIGTERM") for r in records)
    for private in (TOKEN, TOKEN.split(".")[0], *PRIVATE, ANA_ID, '"Ana"'):
        assert private not in log, private
