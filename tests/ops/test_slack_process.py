"""`bounceback slack` as the image runs it: probes, metrics, a member's command, a fan-out cut by SIGTERM.

Slack's Web API is tests/slack's local FakeSlack (``SLACK_API_URL``); requests are signed as Slack
signs them. Scheduled messages go out through the real Slack sender; a SIGTERM in the middle leaves
every message either sent (and marked so) or back in the outbox, none claimed, and the process exits 0.
The JSON log carries neither the token, the signing secret, nor anything the member wrote.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import Community, Rejection
from bot.markup import Markup
from bot.replies import Audience, Reply
from bot.scheduling.models import OutboxMessage
from bot.scheduling.serialize import reply_to_json
from tests.ops.processes import ROOT, clean_environment
from tests.ops.test_platform_processes import get, metric, wait_ready
from tests.ops.test_server import free_port
from tests.slack import payloads as p
from tests.slack.fake_slack import TEAM, FakeSlack

ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"
BOT_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
MESSAGES = 120
PRIVATE = ("Initech Dynamics", "Chief Llama Wrangler", "they ghosted me after five rounds")


async def queue_group_posts(db: AsyncEngine) -> None:
    now = datetime.now(UTC)
    async with session_factory(db)() as session, session.begin():
        community = Community(platform="slack", external_id=TEAM, name="test", created_at=now)
        session.add(community)
        await session.flush()
        for i in range(MESSAGES):
            reply = Reply(audience=Audience.GROUP, channel_id=p.CHANNEL, body=Markup(f"Weekly note {i}"))
            session.add(
                OutboxMessage(
                    community_id=community.id,
                    key=f"slack-fanout:{i}",
                    platform="slack",
                    workspace_id=TEAM,
                    reply=reply_to_json(reply),
                    status="pending",
                    not_before=now,
                    attempts=0,
                    created_at=now,
                )
            )


async def outbox(db: AsyncEngine) -> dict[str, int]:
    async with session_factory(db)() as session:
        found = await session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: count for status, count in found.all()}


async def test_slack_as_the_image_runs_it(slack_api: FakeSlack, database_url: str, db: AsyncEngine) -> None:
    await queue_group_posts(db)
    slack_api.fail("chat.postMessage", 429, retry_after=1)  # Slack paces the very first post
    slack_port, ops_port = free_port(), free_port()
    env = clean_environment(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=slack_api.api_url,
        BOUNCEBACK_DATABASE_URL=database_url,
        BOUNCEBACK_OPS_HOST="127.0.0.1",
        BOUNCEBACK_OPS_PORT=str(ops_port),
        BOUNCEBACK_LOG_LEVEL="DEBUG",
    )
    bot = await asyncio.create_subprocess_exec(
        "/bin/sh",
        str(ENTRYPOINT),
        "slack",
        "--host",
        "127.0.0.1",
        "--port",
        str(slack_port),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert json.loads(await wait_ready(ops_port, bot))["checks"]["database"] == "ok"
        body = p.command_body(
            "/rejected",
            f"{PRIVATE[0]} | {PRIVATE[1]} | final round | notes: {PRIVATE[2]}",
            trigger_id="1.2.trigger",
            response_url=slack_api.response_url("rejected"),
        )
        headers = p.signed_headers(body, "application/x-www-form-urlencoded")
        async with (
            aiohttp.ClientSession() as http,
            http.post(f"http://127.0.0.1:{slack_port}/slack/events", data=body, headers=headers) as answer,
        ):
            assert answer.status == 200
        for _ in range(200):
            if await outbox(db) and len(slack_api.to("chat.postMessage")) >= 10:
                break
            await asyncio.sleep(0.05)
        assert 10 <= len(slack_api.to("chat.postMessage")) < MESSAGES, "the fan-out should be under way"
        [saved] = await rows_of(db, Rejection)
        assert saved.company == PRIVATE[0]
        status, exposition = await get(ops_port, "/metrics")
        assert status == 200
        assert metric(exposition, "bounceback_rate_limited_responses_total", platform="slack") == 1.0
        handled = {"platform": "slack", "kind": "command", "name": "rejected", "outcome": "ok"}
        assert metric(exposition, "bounceback_events_handled_total", **handled) == 1.0
        assert metric(exposition, "bounceback_deliveries_total", platform="slack", outcome="sent") >= 1
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), 60)

    assert bot.returncode == 0, err.decode()
    after = await outbox(db)
    posted = {c.args["text"] for c in slack_api.to("chat.postMessage") if c.args.get("channel") == p.CHANNEL}
    assert "sending" not in after, after
    assert after.get("done", 0) == len({t for t in posted if t.startswith("Weekly note")})
    assert after.get("done", 0) + after.get("pending", 0) == MESSAGES

    log = err.decode()
    records = [json.loads(line) for line in log.splitlines()]
    assert any(r["logger"] == "bounceback.events" and r["route"] == "rejected" for r in records)
    for private in (BOT_TOKEN, p.SIGNING_SECRET, *PRIVATE, "U0ANA"):
        assert private not in log, private


async def rows_of(db: AsyncEngine, model: type) -> list:
    async with session_factory(db)() as session:
        return list((await session.scalars(select(model))).all())
