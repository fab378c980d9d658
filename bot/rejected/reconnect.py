"""Delivering the reconnect reminders that /rejected stores, on their date, in the member's morning.

An hourly sweep per community: each reminder whose date has come where the
member lives (from 09:00 local, never in quiet hours) is queued once and
marked delivered in the same transaction.
"""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from bot.db.models import Member, ReconnectReminder, Rejection
from bot.replies import Audience, Reply
from bot.scheduling.jobs import JobRegistry, PeriodicJob, RunContext, every
from bot.scheduling.quiet_hours import is_quiet

SEND_FROM = time(9, 0)


async def deliver_reminders(run: RunContext) -> None:
    rows = (
        await run.session.execute(
            select(ReconnectReminder, Rejection, Member)
            .join(Rejection, Rejection.id == ReconnectReminder.rejection_id)
            .join(Member, Member.id == ReconnectReminder.member_id)
            .where(
                ReconnectReminder.community_id == run.community.id,
                ReconnectReminder.delivered_at.is_(None),
                # Only a day either side of the member's own date is ever in doubt.
                ReconnectReminder.due_on <= (run.now + timedelta(days=1)).date(),
            )
        )
    ).all()
    for reminder, rejection, member in rows:
        zone = run.community.settings.zone_for(member.time_zone)
        local = run.now.astimezone(zone)
        if reminder.due_on > local.date() or local.time() < SEND_FROM or is_quiet(run.now, zone):
            continue
        v = run.voice
        lines = [v.say("reconnect.reminder", company=rejection.company)]
        if rejection.role:
            lines.append(v.say("reconnect.role", role=rejection.role))
        if rejection.hiring_manager:
            lines.append(v.say("reconnect.manager", manager=rejection.hiring_manager))
        run.deliver(
            f"reconnect:{reminder.id}:{reminder.due_on.isoformat()}",
            Reply(audience=Audience.DIRECT, recipient_user_id=member.platform_user_id, body=v.join(lines)),
        )
        reminder.delivered_at = run.now


def schedule(jobs: JobRegistry) -> None:
    jobs.add(PeriodicJob("reconnect.reminders", every(timedelta(hours=1)), deliver_reminders))
