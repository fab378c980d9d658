"""`bounceback slack` as real processes under a burst of signed slash commands, and what became of them.

Shared by the inbox's process tests: start a process against a local FakeSlack, send signed
``/rejected`` commands (each with its own trigger, response_url and company), and read back which
were acknowledged, saved, handled and answered.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Rejection
from bot.inbox.models import InboxItem
from tests.ops.processes import ROOT, bounceback_command, clean_environment
from tests.ops.test_platform_processes import wait_ready
from tests.ops.test_server import free_port
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack

BOT_TOKEN = "xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx"
SAFETY_LIMIT = 120.0  # seconds before a hung run gives up; it measures nothing


@dataclass
class SlackProcess:
    process: asyncio.subprocess.Process
    port: int
    ops_port: int
    stderr: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    async def exit_status(self) -> int:
        return await asyncio.wait_for(self.process.wait(), SAFETY_LIMIT)

    @property
    def log(self) -> str:
        return self.stderr.read_text()

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


async def start_slack(
    database_url: str, api: FakeSlack, logs: Path, name: str, **settings: str
) -> SlackProcess:
    port, ops_port = free_port(), free_port()
    env = clean_environment(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_API_URL=api.api_url,
        BOUNCEBACK_DATABASE_URL=database_url,
        BOUNCEBACK_OPS_HOST="127.0.0.1",
        BOUNCEBACK_OPS_PORT=str(ops_port),
        BOUNCEBACK_LOG_LEVEL="WARNING",
        BOUNCEBACK_LOG_FORMAT="text",
        **{f"BOUNCEBACK_{k.upper()}": v for k, v in settings.items()},
    )
    stderr = logs / f"{name}.stderr"
    with stderr.open("w") as err:
        process = await asyncio.create_subprocess_exec(
            *bounceback_command("slack", "--host", "127.0.0.1", "--port", str(port)),
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
    running = SlackProcess(process, port, ops_port, stderr)
    try:
        await wait_ready(ops_port, process)
    except AssertionError as err:
        raise AssertionError(f"{err}\n{running.log}") from None
    return running


def trigger(i: int) -> str:
    return f"{i}.burst.trigger"


def company(i: int) -> str:
    return f"Company {i}"


async def burst(
    api: FakeSlack,
    urls: Callable[[int], str],
    count: int,
    *,
    concurrency: int = 50,
    after_ack: Callable[[int], None] | None = None,
    first: int = 0,
) -> dict[int, tuple[int, str]]:
    """Send ``count`` signed /rejected commands; each one's HTTP status (0: no answer) and body."""
    answers: dict[int, tuple[int, str]] = {}
    queue = list(range(first, first + count))[::-1]

    async def client(session: aiohttp.ClientSession) -> None:
        while queue:
            i = queue.pop()
            body = p.command_body(
                "/rejected",
                f"{company(i)} | Analyst | interview",
                user=f"U0M{i % 20:03d}",
                trigger_id=trigger(i),
                response_url=api.response_url(trigger(i)),
            )
            headers = p.signed_headers(body, "application/x-www-form-urlencoded")
            try:
                async with session.post(urls(i), data=body, headers=headers) as response:
                    answers[i] = (response.status, await response.text())
            except (aiohttp.ClientError, OSError):
                answers[i] = (0, "")
                continue
            if response.status == 200 and after_ack is not None:
                after_ack(i)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=concurrency)) as s:
        await asyncio.gather(*(client(s) for _ in range(concurrency)))
    return answers


async def post_event(url: str, envelope: dict[str, Any]) -> int:
    """Post a signed Events API delivery; the HTTP status."""
    body = json.dumps(envelope).encode()
    headers = p.signed_headers(body, "application/json")
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as answer:
        return answer.status


async def inbox_rows(db: AsyncEngine) -> list[InboxItem]:
    async with db.connect() as connection:
        return list((await connection.execute(select(InboxItem))).all())  # type: ignore[arg-type]


async def rejections_by_company(db: AsyncEngine) -> Counter[str]:
    async with db.connect() as connection:
        return Counter(await connection.scalars(select(Rejection.company)))


async def until_answered(db: AsyncEngine) -> None:
    """Until no inbox row is waiting or being worked on (the bound only stops a hang)."""
    for _ in range(int(SAFETY_LIMIT / 0.2)):
        if not any(r.status in ("pending", "working") for r in await inbox_rows(db)):
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the inbox was never worked through")


def answers_by_trigger(api: FakeSlack) -> Counter[str]:
    """Answers by response_url (one per trigger) plus DMs (a late answer), keyed by trigger."""
    return Counter(r["url_name"] for r in api.responses)


def mid_send(rows: list[InboxItem], pid: int) -> set[str]:
    """Rows a killed process left claimed with their answer stored: it may have been sending it.

    These are the one place a member can get the answer twice (sent, then the process died
    before marking the row done); every other acknowledged command gets exactly one.
    """
    return {
        r.dedupe_key.removeprefix("command:")
        for r in rows
        if r.status == "working" and r.answer and f":{pid}:" in (r.claimed_by or "")
    }
