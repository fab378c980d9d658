"""Real processes on one database: two replicas ping each member once; a killed one's work gets finished."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.scheduling.models import OutboxMessage, ScheduledRun
from tests.core.helpers import rows
from tests.scheduling.conftest import add_community
from tests.scheduling.platform_stub import PlatformStub

ROOT = Path(__file__).resolve().parents[2]
# Monday 30 November 2026, just after the ping in UTC; Berlin's (08:00 UTC) and Kolkata's (03:30 UTC) are
# within the 12-hour grace window, so the first tick fans out to all three zones at once.
MONDAY = datetime(2026, 11, 30, 9, 0, 5, tzinfo=UTC)
ZONES = (None, "Europe/Berlin", "Asia/Kolkata")
MEMBERS = 150
DEADLINE = 120  # seconds a process may take before the test gives up on it


async def start_process(database_url: str, stub: PlatformStub, lease: float) -> asyncio.subprocess.Process:
    offset = (MONDAY - datetime.now(UTC)).total_seconds()
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.scheduling.scheduler_process",
        database_url,
        stub.url,
        str(offset),
        str(lease),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> None:
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), DEADLINE)
    finally:
        if process.returncode is None:  # gave up waiting: leave no process behind
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode()[-3000:]


def pings(stub: PlatformStub) -> list[str]:
    return [a.to for a in stub.accepted if "checkins.open" in a.action_ids]


def everyone() -> list[str]:
    return sorted(f"g1-u{i}" for i in range(MEMBERS))


async def test_two_processes_on_one_database_ping_each_member_exactly_once(
    db: AsyncEngine, database_url: str, stub: PlatformStub
):
    await add_community(db, "g1", MEMBERS, MONDAY - timedelta(days=10), time_zones=ZONES)
    first, second = await asyncio.gather(
        start_process(database_url, stub, lease=120), start_process(database_url, stub, lease=120)
    )
    await asyncio.gather(finish(first), finish(second))
    assert sorted(pings(stub)) == everyone()
    runs = await rows(db, ScheduledRun, ScheduledRun.kind == "checkins.ping", ScheduledRun.status == "done")
    assert sorted(r.period for r in runs) == [
        "2026-W49/Asia/Kolkata",
        "2026-W49/Europe/Berlin",
        "2026-W49/UTC",
    ]


async def done_count(db: AsyncEngine) -> int:
    async with session_factory(db)() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "done")
            )
            or 0
        )


async def test_a_process_killed_mid_fan_out_is_finished_by_the_next_without_doubles_or_gaps(
    db: AsyncEngine, database_url: str, stub: PlatformStub
):
    await add_community(db, "g1", MEMBERS, MONDAY - timedelta(days=10), time_zones=ZONES)
    stub.hang_after = 60  # the platform accepts 60 messages, then stops answering mid-fan-out
    doomed = await start_process(database_url, stub, lease=2)
    for _ in range(DEADLINE * 10):
        if stub.hanging and await done_count(db) == 60:
            break
        await asyncio.sleep(0.1)
    os.kill(doomed.pid, signal.SIGKILL)
    await doomed.wait()
    assert len(stub.accepted) == 60
    stub.hang_after = None
    await finish(await start_process(database_url, stub, lease=2))
    assert sorted(pings(stub)) == everyone()
