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
from bot.ports import ChannelDirectory
from bot.scheduling.jobs import Due, JobRegistry, PeriodicJob, RunContext
from bot.scheduling.models import OutboxMessage, ScheduledRun
from bot.scheduling.serialize import reply_to_json

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

    async def tick(self) -> int:
        """Claim and run everything due now; the number of runs this process did."""
        now = self.clock.now()
        async with self.sessions() as session:
            community_ids = list(await session.scalars(select(Community.id).order_by(Community.id)))
        done = 0
        for community_id in community_ids:
            for job in self.jobs:
                try:
                    done += await self._tick_job(community_id, job, now)
                except Exception:
                    # One failing job must not stop the others; the run stays unclaimed and is retried.
                    log.exception("job %s failed for community %s", job.kind, community_id)
        return done

    async def _tick_job(self, community_id: int, job: PeriodicJob, now: datetime) -> int:
        async with self.sessions() as session:
            community = await session.get(Community, community_id)
            if community is None:
                return 0
            # Nothing was due before the community existed: its first week is not a "missed" one.
            since = max(now - LOOKBACK, community.created_at)
            dues = list(await job.schedule(session, community, since, now))
            if not dues:
                return 0
            claimed = set(
                await session.scalars(
                    select(ScheduledRun.period).where(
                        ScheduledRun.community_id == community_id,
                        ScheduledRun.kind == job.kind,
                        ScheduledRun.period.in_([d.period for d in dues]),
                    )
                )
            )
        done = 0
        for due in sorted(dues, key=lambda d: d.due_at):
            if due.period not in claimed and await self._claim_and_run(community_id, job, due, now):
                done += 1
        return done

    async def _claim_and_run(self, community_id: int, job: PeriodicJob, due: Due, now: datetime) -> bool:
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
            for key, reply, not_before in run.queued:
                await insert_ignore(
                    session,
                    OutboxMessage,
                    {
                        "community_id": community_id,
                        "run_id": run_id,
                        "key": key[:200],
                        "platform": community.platform,
                        "workspace_id": community.external_id,
                        "reply": reply_to_json(reply),
                        "status": "pending",
                        "not_before": max(not_before or now, now),
                        "attempts": 0,
                        "created_at": now,
                    },
                    ("community_id", "key"),
                )
            log.info(
                "ran %s %s for community %s: %d messages", job.kind, due.period, community_id, len(run.queued)
            )
        return True
