"""Claiming due runs: the database, not the scheduler, decides what happens and who does it.

Every tick asks each job which of its runs fell due since ``lookback`` ago.
A run not yet claimed is claimed by inserting its unique
(community, kind, period) row; the job's work and its outbox rows are
written in that same transaction, so a run is done completely, once, by
exactly one process, or (if the process dies) not at all and claimed again.
Runs found later than the grace window are recorded as skipped and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.copy import Voice
from bot.db.models import Community
from bot.db.upsert import insert_ignore
from bot.ops import metrics
from bot.ports import ChannelDirectory
from bot.scheduling.jobs import Due, JobRegistry, PeriodicJob, RunContext
from bot.scheduling.models import ScheduledRun
from bot.scheduling.outbox import Later, enqueue

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=12)
# How far back a tick looks: far enough to notice (and log) a whole missed week.
LOOKBACK = timedelta(days=8)


class RunEngine:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        jobs: JobRegistry,
        directory: ChannelDirectory,
        voice_for: Callable[[str], Voice],
        *,
        name: str,
        grace: timedelta = DEFAULT_GRACE,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.jobs = jobs
        self.directory = directory
        self.voice_for = voice_for
        self.name = name
        self.grace = grace
        # Runs known to be claimed (by anyone), so steady ticks don't ask the database again.
        self._claimed: dict[tuple[int, str, str], datetime] = {}
        self._stopping = False

    def stop(self) -> None:
        """Make a tick in progress return after the run it is on; runs it has not claimed wait for later."""
        self._stopping = True

    async def tick(self) -> int:
        """Claim and run everything due now; the number of runs this process did."""
        now = self.clock.now()
        self._forget_before(now - LOOKBACK)
        async with self.sessions() as session:
            community_ids = list(await session.scalars(select(Community.id).order_by(Community.id)))
        done = 0
        for community_id in community_ids:
            if self._stopping:
                break
            try:
                pending = await self._unclaimed(community_id, now)
            except Exception:
                log.exception("could not tell what is due for community %s", community_id)
                continue
            for job, due in pending:
                if self._stopping:
                    break
                try:
                    done += await self._claim_and_run(community_id, job, due, now)
                except Exception:
                    # One failing run must not stop the others; it stays unclaimed and is retried.
                    log.exception("job %s %s failed for community %s", job.kind, due.period, community_id)
        return done

    async def _unclaimed(self, community_id: int, now: datetime) -> list[tuple[PeriodicJob, Due]]:
        """The community's due runs that no process has claimed yet, oldest first."""
        found: list[tuple[PeriodicJob, Due]] = []
        async with self.sessions() as session:
            community = await session.get(Community, community_id)
            if community is None:
                return []
            # Nothing was due before the community existed: its first week is not a "missed" one.
            since = max(now - LOOKBACK, community.created_at)
            for job in self.jobs:
                try:
                    dues = await job.schedule(session, community, since, now)
                except Exception:
                    log.exception(
                        "job %s could not tell what is due for community %s", job.kind, community_id
                    )
                    continue
                found += [(job, d) for d in dues if (community_id, job.kind, d.period) not in self._claimed]
            if found:
                claimed = (
                    await session.execute(
                        select(ScheduledRun.kind, ScheduledRun.period).where(
                            ScheduledRun.community_id == community_id,
                            ScheduledRun.kind.in_({job.kind for job, _ in found}),
                            ScheduledRun.period.in_({due.period for _, due in found}),
                        )
                    )
                ).all()
                for kind, period in claimed:
                    self._remember(community_id, kind, period, now)
                found = [(j, d) for j, d in found if (community_id, j.kind, d.period) not in self._claimed]
        return sorted(found, key=lambda pair: pair[1].due_at)

    def _remember(self, community_id: int, kind: str, period: str, now: datetime) -> None:
        self._claimed[(community_id, kind, period)] = now

    def _forget_before(self, cutoff: datetime) -> None:
        """Runs older than the look-back are never asked about again; keep the memory small."""
        for key in [k for k, seen in self._claimed.items() if seen < cutoff]:
            del self._claimed[key]

    async def _claim_and_run(self, community_id: int, job: PeriodicJob, due: Due, now: datetime) -> bool:
        """Claim the run and do it, in one transaction; True if this process did it."""
        ran = await self._claim_and_run_once(community_id, job, due, now)
        # Committed (by us, or found claimed by another): never ask about this run again.
        self._remember(community_id, job.kind, due.period, now)
        return ran

    async def _claim_and_run_once(self, community_id: int, job: PeriodicJob, due: Due, now: datetime) -> bool:
        grace = job.grace if job.grace is not None else self.grace
        late = now - due.due_at > grace
        async with self.sessions() as session, session.begin():
            claimed = await insert_ignore(
                session,
                ScheduledRun,
                {
                    "community_id": community_id,
                    "kind": job.kind,
                    "period": due.period,
                    "due_at": due.due_at,
                    "status": "skipped" if late else "done",
                    "claimed_by": self.name,
                    "claimed_at": now,
                },
                ("community_id", "kind", "period"),
            )
            if not claimed:
                return False
            if late:
                metrics.scheduled_run(job.kind, "skipped")
                log.warning(
                    "skipped %s %s for community %s: due %s, beyond the %s grace window",
                    job.kind,
                    due.period,
                    community_id,
                    due.due_at.isoformat(),
                    grace,
                )
                return False
            community = await session.get(Community, community_id)
            assert community is not None
            run_id = await session.scalar(
                select(ScheduledRun.id).where(
                    ScheduledRun.community_id == community_id,
                    ScheduledRun.kind == job.kind,
                    ScheduledRun.period == due.period,
                )
            )
            assert run_id is not None
            run = RunContext(
                session=session,
                community=community,
                due=due,
                run_id=run_id,
                clock=self.clock,
                voice=self.voice_for(f"{job.kind}:{due.period}:{community_id}"),
                directory=self.directory,
            )
            await job.run(run)
            await enqueue(
                session,
                community,
                [Later(key, reply, not_before) for key, reply, not_before in run.queued],
                now=now,
                run_id=run_id,
            )
            log.info(
                "ran %s %s for community %s: %d messages", job.kind, due.period, community_id, len(run.queued)
            )
        metrics.scheduled_run(job.kind, "claimed")
        return True
