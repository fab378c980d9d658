"""Starting and stopping the background machinery in a platform process.

A platform's run function wraps its main loop in :func:`scheduling`, with the jobs
the wiring registered (``bot.wiring.build_jobs``)::

    async with scheduling(app, {"slack": sender}, jobs=build_jobs(), directory=SlackDirectory(client)):
        await serve_forever()

Inside, APScheduler's ``AsyncIOScheduler`` starts a tick every ``tick_every`` (claims
due runs, then delivers) and a delivery pass every ``poll_every`` (retries, deferred
messages). Every replica may run this: the database makes each run and each delivery
happen once.

APScheduler's jobs only start the work, as tasks of this runtime's own, and return at
once. So stopping never leaves APScheduler a job to cancel (it would log the
cancellation as a failed job, with a traceback), and the runtime can wait for what it
started: on the way out the scheduler is paused, the tick in flight finishes the run it
is on, the worker finishes the deliveries in flight and releases the rest, and only
then is the scheduler shut down. Nothing is left touching the database when the
caller disposes of its engine.

The console (and tests) build a :class:`SchedulingRuntime` and call
:meth:`SchedulingRuntime.tick` themselves, with a ManualClock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.app import Bounceback
from bot.ports import ChannelDirectory, KnownMembersOnly, ReplySender
from bot.scheduling.engine import DEFAULT_GRACE, RunEngine
from bot.scheduling.jobs import JobRegistry
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.worker import OutboxWorker

log = logging.getLogger(__name__)


def process_name() -> str:
    """Who claimed a run or a message, for the logs: host, pid and a random suffix."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class SchedulingRuntime:
    def __init__(
        self,
        app: Bounceback,
        senders: Mapping[str, ReplySender],
        *,
        jobs: JobRegistry,
        directory: ChannelDirectory | None = None,
        grace: timedelta = DEFAULT_GRACE,
        limiter: RateLimiter | None = None,
        lease: timedelta = timedelta(minutes=2),
        name: str | None = None,
    ) -> None:
        self.name = name or process_name()
        self.engine = RunEngine(
            app.sessions,
            app.clock,
            jobs,
            directory or KnownMembersOnly(),
            app.voice_for,
            name=self.name,
            grace=grace,
        )
        self._ticking: asyncio.Task[None] | None = None
        self._drain: asyncio.Task[int] | None = None
        self._stopping = False
        self.worker = OutboxWorker(
            app.sessions, app.clock, senders, app.record_post, name=self.name, limiter=limiter, lease=lease
        )

    async def tick(self) -> None:
        """One pass: claim and run what is due, then deliver what is ready.

        APScheduler calls this every minute; the console's ``/wait`` and tests call it as they move time.
        """
        await self.engine.tick()
        await self.worker.drain()

    async def scheduled_tick(self) -> None:
        """APScheduler's tick job: start a tick in the background, unless one is still going.

        It never waits, so APScheduler never holds a job of ours that stopping would cancel.
        """
        if self._stopping or (self._ticking is not None and not self._ticking.done()):
            return
        self._ticking = asyncio.create_task(self._claim_then_deliver())
        self._ticking.add_done_callback(_log_failure("claiming due runs"))

    async def _claim_then_deliver(self) -> None:
        await self.engine.tick()
        await self.poll()

    async def poll(self) -> None:
        """Start delivering what is ready (retries, messages held for the morning), unless already at it."""
        if self._stopping or (self._drain is not None and not self._drain.done()):
            return
        self._drain = asyncio.create_task(self.worker.drain())
        self._drain.add_done_callback(_log_failure("delivering the outbox"))

    async def stop(self) -> None:
        """Start nothing more; let the tick in flight finish its run and the deliveries in flight land.

        Deliveries not yet made go back to the outbox (see :meth:`OutboxWorker.stop`).
        """
        self._stopping = True
        self.engine.stop()
        if self._ticking is not None:
            await asyncio.gather(self._ticking, return_exceptions=True)
        # After the tick: a tick that was in flight may just have started a drain.
        await self.worker.stop()
        if self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)


def _log_failure(what: str) -> Callable[[asyncio.Task[Any]], None]:
    def log_failure(task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", what, exc_info=task.exception())

    return log_failure


@asynccontextmanager
async def scheduling(
    app: Bounceback,
    senders: Mapping[str, ReplySender],
    *,
    jobs: JobRegistry,
    directory: ChannelDirectory | None = None,
    grace: timedelta = DEFAULT_GRACE,
    tick_every: timedelta = timedelta(minutes=1),
    poll_every: timedelta = timedelta(seconds=5),
    limiter: RateLimiter | None = None,
    lease: timedelta = timedelta(minutes=2),
) -> AsyncIterator[SchedulingRuntime]:
    """Run the scheduler and the outbox worker for as long as the block lasts.

    ``grace``: how late a missed run may still be caught up; ``lease``: how long a claimed
    message is left to its worker before another may take it over (if the worker died).
    """
    runtime = SchedulingRuntime(
        app, senders, jobs=jobs, directory=directory, grace=grace, limiter=limiter, lease=lease
    )
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        runtime.scheduled_tick,
        IntervalTrigger(seconds=tick_every.total_seconds(), timezone=UTC),
        id="bounceback.tick",
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        runtime.poll,
        IntervalTrigger(seconds=poll_every.total_seconds(), timezone=UTC),
        id="bounceback.outbox",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    log.info("scheduling started as %s for %s", runtime.name, ", ".join(senders) or "no platform")
    try:
        yield runtime
    finally:
        await _stop(scheduler, runtime)
        log.info("scheduling stopped")


async def _stop(scheduler: AsyncIOScheduler, runtime: SchedulingRuntime) -> None:
    """Stop in an order that cancels nothing: no new job runs, our work finished, then the scheduler."""
    scheduler.pause()
    # A job APScheduler submitted just before the pause has its first step queued on the loop; our
    # jobs finish in that one step, so after this yield none is left for the shutdown to cancel.
    await asyncio.sleep(0)
    await runtime.stop()
    scheduler.shutdown(wait=False)  # AsyncIOScheduler queues it on the loop: let it run now
    await asyncio.sleep(0)
