"""Slack's 3-second rule: how fast signed slash commands are acknowledged through the real HTTP endpoint.

Each request is signed exactly as Slack signs it and posted over loopback to
``bounceback slack``'s own aiohttp application (bolt's handler, signature
check, authorization, the inbox write, the acknowledgement), served from a
process of its own as in production, with the inbox worker running beside it.
The work each command starts (the core, one database transaction, the answer
to the ``response_url``) runs after the acknowledgement against a local
stand-in for Slack's Web API, which lives in this process with the load
generator (both are Slack's side). The run ends when every command has been
answered; the answers and rejections are counted. The app's process times each
inbox write (one INSERT in its own transaction) and reports them at the end, so
the write's share of the acknowledgement is printed beside the latencies.

The mix: 60% ``/rejected`` quick forms (each logs a rejection), 20% ``/journey``,
20% ``/reflect list``, from 20 members.

    .venv/bin/python -m bench.slack_ack --requests 5000 --concurrency 50
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable
from datetime import UTC, datetime

import aiohttp
from aiohttp import web
from sqlalchemy import func, select

from adapters.slack.runtime import EVENTS_PATH, build_slack_runtime
from adapters.slack.settings import SlackSettings
from bench.common import Figures, backend_arguments, migrated_database
from bot import loop
from bot.clock import ManualClock
from bot.db.engine import create_engine
from bot.db.models import Rejection
from bot.inbox.runtime import Inbox, Saved, running
from bot.inbox.store import Arrival
from bot.ops.memory import freeze_startup_heap
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack

MEMBERS = 20
TARGET_P99 = 0.100  # seconds; Slack's own limit is 3


def command_for(i: int) -> tuple[str, str]:
    slot = i % 5
    if slot < 3:
        return "/rejected", f"Company {i} | Analyst | interview | reason: internal | feel: {1 + i % 5}"
    if slot == 3:
        return "/journey", ""
    return "/reflect", "list"


def timed_writes(inbox: Inbox) -> list[float]:
    """Time every inbox write the acknowledgements wait for (seconds, in order)."""
    writes: list[float] = []
    accept = inbox.accept

    async def timed(arrival: Arrival, budget: float = 2.0) -> Saved:
        started = time.perf_counter()
        try:
            return await accept(arrival, budget)
        finally:
            writes.append(time.perf_counter() - started)

    inbox.accept = timed  # type: ignore[method-assign]
    return writes


def serve_app(url: str, api_url: str, port: multiprocessing.connection.Connection) -> None:
    """The app's process: ``bounceback slack``'s runtime on loopback until its parent goes away."""

    async def serve() -> None:
        engine = create_engine(url)
        settings = SlackSettings(signing_secret=p.SIGNING_SECRET, bot_token="xoxb-bench", api_url=api_url)
        runtime = build_slack_runtime(settings, engine, ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)))
        writes = timed_writes(runtime.inbox)
        runner = web.AppRunner(runtime.web_app(), access_log=None)
        async with running(runtime.inbox, stop_within=10):
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            freeze_startup_heap()  # as ``bounceback slack`` does once it serves
            port.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
            await asyncio.to_thread(port.recv)  # the parent says stop (or is gone)
            port.send(writes)
            await runner.cleanup()
        await runtime.close()
        await engine.dispose()

    logging.basicConfig(level=logging.WARNING)
    loop.run(serve())


async def run(url: str, requests: int, concurrency: int) -> tuple[Figures, float, int, list[float], int]:
    api = FakeSlack()
    await api.start()
    here, there = multiprocessing.get_context("spawn").Pipe()
    app = multiprocessing.get_context("spawn").Process(target=serve_app, args=(url, api.api_url, there))
    app.start()
    endpoint = f"http://127.0.0.1:{await asyncio.to_thread(here.recv)}{EVENTS_PATH}"
    latencies: list[float] = []
    refused: set[int] = set()  # acknowledged with "couldn't save that": the inbox write took too long
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(requests):
        queue.put_nowait(i)

    async def client(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            command, text = command_for(i)
            body = p.command_body(
                command,
                text,
                user=f"U0M{i % MEMBERS:03d}",
                trigger_id=f"{i}.bench.trigger",
                response_url=api.response_url(str(i)),
            )
            headers = p.signed_headers(body, "application/x-www-form-urlencoded")
            started = time.perf_counter()
            async with session.post(endpoint, data=body, headers=headers) as response:
                said = await response.read()
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    raise SystemExit(f"request {i} answered {response.status}")
                if said:
                    refused.add(i)

    # The load generator's own collector pauses would count as latency: freeze its start-up heap too.
    freeze_startup_heap()
    try:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            started = time.perf_counter()
            await asyncio.gather(*(client(session) for _ in range(concurrency)))
            acked = time.perf_counter() - started
            # Only a hang trips the limit.
            await api.wait_for("response_url", requests - len(refused), limit=max(60, requests / 10))
            answered = time.perf_counter() - started
        engine = create_engine(url)
        async with engine.connect() as connection:
            logged = await connection.scalar(select(func.count()).select_from(Rejection)) or 0
        await engine.dispose()
    finally:
        here.send("stop")
        writes: list[float] = await asyncio.to_thread(here.recv)
        await asyncio.to_thread(app.join)
        await api.close()
    expected = sum(1 for i in range(requests) if i % 5 < 3 and i not in refused)
    if logged != expected:
        raise SystemExit(f"{logged} rejections logged for {expected} /rejected commands")
    return Figures(requests, acked, latencies), answered, len(api.responses), writes, len(refused)


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000, help="signed slash commands to send")
    parser.add_argument("--concurrency", type=int, default=50, help="requests in flight at once")
    backend_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    async def each() -> None:
        for backend in args.backends:
            async with migrated_database(backend) as url:
                figures, answered, answers, writes, refused = await run(url, args.requests, args.concurrency)
            verdict = "met" if figures.percentile(99) < TARGET_P99 else "MISSED"
            out(f"{backend}: acknowledged {figures.describe()} (target p99 < 100 ms: {verdict})")
            inbox = Figures(len(writes), figures.seconds, writes)
            share = sum(writes) / sum(figures.latencies)
            out(
                f"{backend}: inbox write p50 {inbox.percentile(50) * 1000:.2f} ms, "
                f"p99 {inbox.percentile(99) * 1000:.2f} ms: {share:.0%} of the acknowledgement time; "
                f"{refused} not saved within the 2 s budget (told to try again)"
            )
            out(f"{backend}: all {answers} answered through response_url after {answered:.2f} s")

    loop.run(each())


if __name__ == "__main__":
    main()
