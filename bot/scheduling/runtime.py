"""Starting and stopping the background machinery in a platform process.

A platform's run function wraps its main loop in :func:`scheduling`::

    async with scheduling(app, {"slack": SlackReplySender(client)}, directory=SlackDirectory(client)):
        await serve_forever()

Inside, APScheduler's ``AsyncIOScheduler`` calls :meth:`SchedulingRuntime.tick`
every ``tick_every`` (claims due runs, then delivers) and the outbox worker every
``poll_every`` (retries, deferred messages). On the way out the scheduler stops,
the worker finishes the deliveries in flight and releases the rest. Every
replica may run this: the database makes each run and each delivery happen once.

The console (and tests) build a :class:`SchedulingRuntime` and call
:meth:`SchedulingRuntime.tick` themselves, with a ManualClock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

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
        jobs: JobRegistry | None = None,
        directory: ChannelDirectory | None = None,
        grace: timedelta = DEFAULT_GRACE,
        limiter: RateLimiter | None = None,
        lease: timedelta = timedelta(minutes=2),
        name: str | None = None,
    ) -> None:
        from bot.wiring import build_jobs  # the wiring imports every feature; import it only when used

        self.name = name or process_name()
        self.engine = RunEngine(
            app.sessions,
            app.clock,
            jobs if jobs is not None else build_jobs(),
            directory or KnownMembersOnly(),
            app.voice_for,
            name=self.name,
            grace=grace,
        )
        self._drain: asyncio.Task[int] | None = None
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
        """APScheduler's tick: claim what is due, then deliver in the background (a fan-out takes a while)."""
        await self.engine.tick()
        await self.poll()

    async def poll(self) -> None:
        """Start delivering what is ready (retries, messages held for the morning), unless already at it."""
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self.worker.drain())
            self._drain.add_done_callback(_log_failure)

    async def stop(self) -> None:
        await self.worker.stop()
        if self._drain is not None:
            await asyncio.gather(self._drain, return_exceptions=True)


def _log_failure(task: asyncio.Task[int]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("delivering the outbox failed", exc_info=task.exception())


@asynccontextmanager
async def scheduling(
    app: Bounceback,
    senders: Mapping[str, ReplySender],
    *,
    directory: ChannelDirectory | None = None,
    jobs: JobRegistry | None = None,
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
        # The worker first: shutting the scheduler down cancels the jobs running in it, and a drain
        # cancelled mid-delivery would leave its rows claimed until their lease ran out.
        await runtime.stop()
        scheduler.shutdown(wait=False)
        log.info("scheduling stopped")
