"""Leaving :func:`scheduling` while a tick runs: the run in hand is finished, nothing is cancelled.

APScheduler cancels a job still running when it shuts down, and logs that as a failed job with
a traceback; the runtime's jobs only start its own tasks, and stopping waits for those.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bounceback
from bot.clock import ManualClock
from bot.scheduling.jobs import JobRegistry, PeriodicJob, RunContext, every
from bot.scheduling.models import ScheduledRun
from bot.scheduling.runtime import scheduling
from tests.core.helpers import rows
from tests.scheduling.conftest import add_community

LIMIT = 30.0  # a bound against hanging, not a timing assertion


class HeldJob:
    """A daily job whose runs wait, once started, until the test lets them go."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.ran: list[int] = []

    async def run(self, run: RunContext) -> None:
        self.started.set()
        await self.release.wait()
        self.ran.append(run.community.id)

    def registry(self) -> JobRegistry:
        jobs = JobRegistry()
        jobs.add(PeriodicJob("test.held", every(timedelta(days=1)), self.run))
        return jobs


async def stop_mid_run(app: Bounceback, job: HeldJob) -> None:
    """Enter the block, leave it while the first run is held, then let the run go on."""

    async def serve() -> None:
        async with scheduling(app, {}, jobs=job.registry()):
            await job.started.wait()

    async with asyncio.timeout(LIMIT):
        stopping = asyncio.create_task(serve())
        await job.started.wait()
        job.release.set()
        await stopping


async def test_a_run_in_progress_when_scheduling_stops_is_finished_without_an_error(
    db: AsyncEngine, clock: ManualClock, make_app: Callable[..., Bounceback], caplog: pytest.LogCaptureFixture
) -> None:
    community = await add_community(db, "g1", 1, clock.now() - timedelta(days=3))
    job = HeldJob()
    with caplog.at_level(logging.INFO):
        await stop_mid_run(make_app(), job)
    assert job.ran == [community]
    [run] = await rows(db, ScheduledRun)
    assert (run.kind, run.status) == ("test.held", "done")  # committed: the tick was waited for
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    assert "Scheduler has been shut down" in caplog.text


async def test_a_tick_stopped_mid_way_leaves_the_remaining_runs_for_later(
    db: AsyncEngine, clock: ManualClock, make_app: Callable[..., Bounceback]
) -> None:
    first = await add_community(db, "g1", 1, clock.now() - timedelta(days=3))
    await add_community(db, "g2", 1, clock.now() - timedelta(days=3))
    job = HeldJob()
    await stop_mid_run(make_app(), job)
    assert job.ran == [first]  # the second community's run waits for the next process's tick
    assert [r.community_id for r in await rows(db, ScheduledRun)] == [first]
