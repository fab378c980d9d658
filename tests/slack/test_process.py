"""`bounceback slack` as a real process: it serves signed requests and /healthz, and stops cleanly."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_command_serves_slack_and_stops_on_sigterm(tmp_path: Path, fake_slack: FakeSlack) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOUNCEBACK_", "SLACK_"))}
    env.update(
        BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'slack.sqlite3'}",
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-process",
        SLACK_API_URL=fake_slack.api_url,
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", "--port", str(port), "--host", "127.0.0.1",
        cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            async with asyncio.timeout(60):  # start-up includes the migrations; only a hang trips this
                while True:
                    try:
                        async with session.get(f"{base}/healthz") as health:
                            if health.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.2)
            answer_to = fake_slack.response_url("process")
            body = p.command_body("/journey", "", trigger_id="1.proc", response_url=answer_to)
            headers = p.signed_headers(body, "application/x-www-form-urlencoded")
            async with session.post(f"{base}/slack/events", data=body, headers=headers) as response:
                assert response.status == 200
            challenge = json.dumps({"type": "url_verification", "challenge": "abc", "token": "t"}).encode()
            headers = p.signed_headers(challenge, "application/json")
            async with session.post(f"{base}/slack/events", data=challenge, headers=headers) as response:
                assert "abc" in await response.text()
        await fake_slack.wait_for("response_url")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr
