"""`bounceback slack` as a real process, under bad requests and slow clients: 4xx answers, a short clean log.

Every malformed request gets a 4xx, a client hanging up mid-body and a few hundred slow clients cost
nothing but their connections (closed after ``BOUNCEBACK_HTTP_IDLE_TIMEOUT``), a member's command still
gets through meanwhile, and the JSON log has no traceback, no line over the cap and nothing from a body.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.ops.logs import LINE_LIMIT
from tests.ops.processes import ROOT, clean_environment
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_edge import FORM, MALFORMED, request_head
from tests.slack.test_process import free_port

LIMIT = 60.0  # seconds before a hung step gives up; it measures nothing
SLOW_CLIENTS = 300
MARKER = "Zyxwvutsrq"  # in the big body; must never reach the log
MANAGER = "Prudence Quackenbush"


@pytest.fixture
async def bot(tmp_path: Path, fake_slack: FakeSlack) -> AsyncIterator[tuple[int, asyncio.subprocess.Process]]:
    port = free_port()
    env = clean_environment(
        BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'edge.sqlite3'}",
        BOUNCEBACK_OPS_PORT="0",
        BOUNCEBACK_LOG_FORMAT="json",
        BOUNCEBACK_HTTP_IDLE_TIMEOUT="1",
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-edge-process",
        SLACK_API_URL=fake_slack.api_url,
        PYTHONPATH=str(ROOT),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", "--port", str(port), "--host", "127.0.0.1",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as session, asyncio.timeout(LIMIT):  # start-up runs the migrations
            while True:
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                        if health.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
        yield port, process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_bad_requests_and_slow_clients_leave_the_bot_serving_and_its_log_clean(
    bot: tuple[int, asyncio.subprocess.Process], fake_slack: FakeSlack
) -> None:
    port, process = bot
    events = f"http://127.0.0.1:{port}/slack/events"
    async with aiohttp.ClientSession() as session:
        for case, (body, content_type, headers) in MALFORMED.items():
            for secret in ("not-the-secret", p.SIGNING_SECRET):
                sent = {**p.signed_headers(body, content_type, secret), **headers}
                async with session.post(events, data=body, headers=sent) as answer:
                    assert answer.status in (400, 401), case

        big = b"text=" + MARKER.encode() * 99_999  # a megabyte, unsigned
        async with session.post(events, data=big, headers={"Content-Type": FORM}) as answer:
            assert answer.status == 401
        async with session.post(events, data=big * 2, headers={"Content-Type": FORM}) as answer:
            assert answer.status == 413  # over the one-mebibyte limit: aiohttp refuses it unread
        answer_to = fake_slack.response_url("late")
        late = p.command_body("/rejected", f"Acme | {MANAGER}", trigger_id="1.late", response_url=answer_to)
        async with session.post(events, data=late, headers=p.signed_headers(late, FORM, age=600)) as answer:
            assert answer.status == 401

        _, writer = await asyncio.open_connection("127.0.0.1", port)  # hangs up mid-body
        writer.write(request_head(1000) + b"command=%2Fjourney")
        await writer.drain()
        writer.close()

        slow = []
        for i in range(SLOW_CLIENTS):  # half stop inside the request head, half inside the body
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_head(500)[:40] if i % 2 else request_head(500) + b"command=%2F")
            await writer.drain()
            slow.append((reader, writer))
        command = p.command_body("/journey", trigger_id="1.edge", response_url=fake_slack.response_url("ok"))
        async with session.post(events, data=command, headers=p.signed_headers(command, FORM)) as answer:
            assert answer.status == 200
        await fake_slack.wait_for("response_url")
        async with asyncio.timeout(LIMIT):
            cut_off = [await reader.read() for reader, _ in slow]  # until the bot closes each
        assert all(answer == b"" for answer in cut_off[1::2])
        assert all(answer.startswith(b"HTTP/1.1 408") for answer in cut_off[::2])
        for _, writer in slow:
            writer.close()

    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), LIMIT)
    assert process.returncode == 0, stderr.decode()
    log = stderr.decode()
    assert "Traceback" not in log
    lines = log.splitlines()
    assert all(len(line) <= LINE_LIMIT for line in lines)
    records = [json.loads(line) for line in lines]
    assert not [r for r in records if r["level"] in ("ERROR", "CRITICAL")]
    refused = [r for r in records if r["logger"] == "adapters.slack.http_edge"]
    assert len(refused) >= 2 * len(MALFORMED) + 2
    assert any("cut off" in r["message"] for r in refused)  # the client that hung up mid-body
    for private in (MARKER, MANAGER, "Quackenbush", "Acme"):
        assert private not in log, private
