"""Keeping the scheduler's tables small: old deliveries and old claimed runs are removed daily.

A claimed run only matters while a tick could still ask about it (the
engine's look-back, 8 days) — except a weekly summary's run, whose id stays
the key to who that summary covered. Delivered or failed messages are kept a
month for inspection. Everything is per community, like every other query.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, exists, select

from bot.checkins.models import CheckinWeek
from bot.scheduling.jobs import JobRegistry, PeriodicJob, RunContext, every
from bot.scheduling.models import OutboxMessage, ScheduledRun

KEEP_MESSAGES = timedelta(days=30)
KEEP_RUNS = timedelta(days=60)


async def tidy(run: RunContext) -> None:
    community = run.community.id
    await run.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.community_id == community,
            OutboxMessage.status.in_(("done", "failed")),
            OutboxMessage.created_at < run.now - KEEP_MESSAGES,
        )
    )
    still_cited = exists(select(CheckinWeek.id).where(CheckinWeek.summary_run_id == ScheduledRun.id))
    await run.session.execute(
        delete(ScheduledRun).where(
            ScheduledRun.community_id == community,
            ScheduledRun.claimed_at < run.now - KEEP_RUNS,
            ScheduledRun.id != run.run_id,
            ~still_cited,
        )
    )


def schedule(jobs: JobRegistry) -> None:
    jobs.add(PeriodicJob("scheduling.housekeeping", every(timedelta(days=1)), tidy))
