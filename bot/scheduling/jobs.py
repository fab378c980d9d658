"""Registering a periodic job: what it is called, when it is due, and what one run does.

A job is declared once at start-up; the engine asks it, for every community,
which runs fell due in a time span, claims each run with a unique
(community, kind, period) row and calls :attr:`PeriodicJob.run` inside the
same transaction. A run does its work by enqueueing outbox messages
(:meth:`RunContext.deliver`), so a run either happens completely or not at
all, and each message is delivered once, by whichever process claims it.

Example (a weekly digest, Sunday 18:00 in the community's time zone)::

    async def post_digest(run: RunContext) -> None:
        run.deliver(f"kudos.digest:{run.period}", Reply(audience=Audience.GROUP, ...))

    def schedule(jobs: JobRegistry) -> None:
        jobs.add(PeriodicJob("kudos.digest", cron(day_of_week="sun", hour=18), post_digest))

and add the module to ``SCHEDULED`` in :mod:`bot.wiring`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.clock import Clock
from bot.copy import Voice
from bot.db.models import Community
from bot.ports import ChannelDirectory
from bot.replies import Reply


@dataclass(frozen=True)
class Due:
    """One run that fell due: ``period`` names it (unique per community and kind), ``due_at`` is when.

    ``data`` is for the job's own use (e.g. the time zone a per-zone run is for).
    """

    period: str
    due_at: datetime
    data: tuple[tuple[str, str], ...] = ()

    def get(self, name: str) -> str | None:
        return dict(self.data).get(name)


@dataclass
class RunContext:
    """What one claimed run works with, inside the transaction that claimed it."""

    session: AsyncSession
    community: Community
    due: Due
    run_id: int
    clock: Clock
    voice: Voice
    directory: ChannelDirectory
    queued: list[tuple[str, Reply, datetime | None]] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def period(self) -> str:
        return self.due.period

    def deliver(self, key: str, reply: Reply, not_before: datetime | None = None) -> None:
        """Queue ``reply`` for delivery (DIRECT or GROUP) once, no earlier than ``not_before``.

        ``key`` is unique within the community: a second message with the same key is
        ignored, whichever run or process queued it (``"checkins.ping:2026-W48:42"``).
        """
        self.queued.append((key, reply, not_before))


Schedule = Callable[[AsyncSession, Community, datetime, datetime], Awaitable[Iterable[Due]]]
"""``(session, community, since, until)`` → the runs due in ``(since, until]``."""


@dataclass(frozen=True)
class PeriodicJob:
    """``kind`` names the job (``"checkins.ping"``); ``grace`` overrides the engine's catch-up window."""

    kind: str
    schedule: Schedule
    run: Callable[[RunContext], Awaitable[None]]
    grace: timedelta | None = None


class JobRegistry:
    """The jobs a process runs; features add theirs at start-up.

    A feature whose rows keep pointing at a claimed run (a weekly summary's run names who
    it covered) says so with :meth:`keep_runs_cited_by`, and housekeeping keeps those runs.
    """

    def __init__(self) -> None:
        self._jobs: dict[str, PeriodicJob] = {}
        self._citing: list[InstrumentedAttribute[int | None]] = []

    def add(self, job: PeriodicJob) -> None:
        if job.kind in self._jobs:
            raise ValueError(f"job {job.kind!r} is registered twice")
        self._jobs[job.kind] = job

    def keep_runs_cited_by(self, column: InstrumentedAttribute[int | None]) -> None:
        """Keep a claimed run while a row's ``column`` (a ``scheduled_runs.id``) still names it."""
        self._citing.append(column)

    @property
    def citing(self) -> tuple[InstrumentedAttribute[int | None], ...]:
        """The columns that cite claimed runs, as registered by the features."""
        return tuple(self._citing)

    def __iter__(self) -> Iterator[PeriodicJob]:
        return iter(self._jobs.values())

    def __len__(self) -> int:
        return len(self._jobs)


def fire_times(trigger: BaseTrigger, since: datetime, until: datetime) -> list[datetime]:
    """The trigger's fire times in ``(since, until]``, computed by APScheduler's own trigger maths."""
    times: list[datetime] = []
    fire = trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
    while fire is not None and fire <= until:
        times.append(fire)
        fire = trigger.get_next_fire_time(fire, fire)
    return times


def cron(**fields: int | str) -> Schedule:
    """A schedule from cron fields (``day_of_week="mon", hour=9``) in each community's time zone.

    Each fire time is its own period, named by the local time it stands for.
    """

    async def due(
        _session: AsyncSession, community: Community, since: datetime, until: datetime
    ) -> list[Due]:
        trigger = CronTrigger(timezone=community.settings.zone(), **fields)
        return [Due(fire.isoformat(), fire.astimezone(UTC)) for fire in fire_times(trigger, since, until)]

    return due


def every(interval: timedelta) -> Schedule:
    """A schedule firing every ``interval``, aligned to the Unix epoch (so every process agrees).

    Missed fire times are coalesced: only the latest one is due, so a job that
    sweeps for work (reminders, batched DMs) runs once after downtime, not once per missed interval.
    """
    trigger = IntervalTrigger(seconds=interval.total_seconds(), start_date=datetime(1970, 1, 1, tzinfo=UTC))

    async def due(
        _session: AsyncSession, _community: Community, since: datetime, until: datetime
    ) -> list[Due]:
        fires = fire_times(trigger, max(since, until - interval), until)
        return [Due(fire.astimezone(UTC).isoformat(), fire.astimezone(UTC)) for fire in fires[-1:]]

    return due
