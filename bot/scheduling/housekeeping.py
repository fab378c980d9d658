"""Keeping the tables small: old deliveries, old claimed runs and old event ids are removed daily.

A claimed run only matters while a tick could still ask about it (the
engine's look-back, 8 days) — except a weekly summary's run, whose id stays
the key to who that summary covered. Delivered or failed messages are kept a
month for inspection. A handled platform event's id only has to outlive the
platform's retries and replays (minutes to hours), so it is kept
``BOUNCEBACK_PROCESSED_EVENTS_DAYS``. Everything is per community, like every other query.

Which runs are still cited is the features' to say (:meth:`JobRegistry.keep_runs_cited_by`):
this module knows no feature.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from sqlalchemy import delete, exists, select

from bot.db.models import ProcessedEvent
from bot.scheduling.jobs import JobRegistry, PeriodicJob, RunContext, every
from bot.scheduling.models import OutboxMessage, ScheduledRun

KEEP_MESSAGES = timedelta(days=30)
KEEP_RUNS = timedelta(days=60)
KEEP_EVENTS = timedelta(days=30)


async def tidy(run: RunContext, jobs: JobRegistry, keep_events: timedelta = KEEP_EVENTS) -> None:
    community = run.community.id
    await run.session.execute(
        delete(ProcessedEvent).where(
            ProcessedEvent.community_id == community,
            ProcessedEvent.created_at < run.now - keep_events,
        )
    )
    await run.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.community_id == community,
            OutboxMessage.status.in_(("done", "failed")),
            OutboxMessage.created_at < run.now - KEEP_MESSAGES,
        )
    )
    still_cited = [~exists(select(column).where(column == ScheduledRun.id)) for column in jobs.citing]
    await run.session.execute(
        delete(ScheduledRun).where(
            ScheduledRun.community_id == community,
            ScheduledRun.claimed_at < run.now - KEEP_RUNS,
            ScheduledRun.id != run.run_id,
            *still_cited,
        )
    )


def schedule(jobs: JobRegistry, *, keep_events: timedelta = KEEP_EVENTS) -> None:
    """Tidy daily; the runs cited by the registry's features (added before or after this) are kept."""
    jobs.add(
        PeriodicJob(
            "scheduling.housekeeping",
            every(timedelta(days=1)),
            partial(tidy, jobs=jobs, keep_events=keep_events),
        )
    )
