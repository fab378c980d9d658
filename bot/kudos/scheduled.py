"""Kudos on the scheduler: batched cheers on shared rejections, and the weekly digest.

Both are periodic jobs of :mod:`bot.scheduling`: a run is claimed once per
(community, kind, period) and its messages go through the outbox, so each
member hears each thing once, whichever process or replica gets there.

- ``kudos.cheers`` has a run only when some member's cheers have gone quiet;
  the run's period names the newest cheer it covers. Each batch is also
  claimed per member (a notice row), so overlapping runs never tell twice.
  Messages wait for the member's morning (no DMs at night).
- ``kudos.digest`` has a run per time zone in which members received kudos,
  at Monday 09:00 there, covering the Monday-to-Monday week before.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Community
from bot.kudos.cheers import QUIET_PERIOD, cheer_message, claim_cheer_batch, due_cheer_batches
from bot.kudos.digest import (
    DIGEST_TIME,
    DIGEST_WEEKDAY,
    digest_message,
    digests_for_zone,
    week_before,
    zones_with_kudos,
)
from bot.scheduling.jobs import Due, JobRegistry, PeriodicJob, RunContext, fire_times
from bot.scheduling.quiet_hours import waking_time

CHEERS_JOB = "kudos.cheers"
DIGEST_JOB = "kudos.digest"


async def cheers_due(
    session: AsyncSession, community: Community, _since: datetime, until: datetime
) -> list[Due]:
    batches = await due_cheer_batches(session, community.id, until)
    if not batches:
        return []
    newest = max(b.until for b in batches)
    return [Due(newest.isoformat(), newest + QUIET_PERIOD)]


async def tell_cheers(run: RunContext) -> None:
    for batch in await due_cheer_batches(run.session, run.community.id, run.now):
        if not await claim_cheer_batch(run.session, run.community.id, batch, run.now):
            continue
        zone = run.community.settings.zone_for(batch.time_zone)
        run.deliver(
            f"{CHEERS_JOB}:{batch.member_id}:{batch.until.isoformat()}",
            cheer_message(run.voice, batch),
            not_before=waking_time(run.now, zone),
        )


async def digest_due(
    session: AsyncSession, community: Community, since: datetime, until: datetime
) -> list[Due]:
    dues = []
    for name in sorted(await zones_with_kudos(session, community, since - timedelta(days=7))):
        zone = ZoneInfo(name)
        trigger = CronTrigger(
            day_of_week=DIGEST_WEEKDAY, hour=DIGEST_TIME.hour, minute=DIGEST_TIME.minute, timezone=zone
        )
        for fire in fire_times(trigger, since, until):
            _, _, week = week_before(fire, zone)
            dues.append(Due(f"{week}:{name}", fire, (("zone", name),)))
    return dues


async def send_digests(run: RunContext) -> None:
    zone = run.community.settings.zone_for(run.due.get("zone"))
    start, end, week = week_before(run.due.due_at, zone)
    for digest in await digests_for_zone(run.session, run.community, zone, start, end, week):
        run.deliver(f"{DIGEST_JOB}:{week}:{digest.member_id}", digest_message(run.voice, digest))


def schedule(jobs: JobRegistry) -> None:
    jobs.add(PeriodicJob(CHEERS_JOB, cheers_due, tell_cheers))
    jobs.add(PeriodicJob(DIGEST_JOB, digest_due, send_digests))
