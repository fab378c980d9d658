"""Streaks: consecutive weeks checked in, counted in the member's own weeks.

A week paused, opted out or after being hired doesn't break a streak; a week
missed does. Past weeks' outcomes come from ``checkin_weeks`` (written by
the summary), check-ins themselves from ``checkins``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins.models import Checkin, CheckinWeek
from bot.checkins.participants import HIRED, OPTED_OUT, PAUSED
from bot.checkins.weeks import previous_label

FORGIVEN = frozenset({PAUSED, OPTED_OUT, HIRED})
MAX_WEEKS = 520


async def streak_of(session: AsyncSession, community_id: int, member_id: int, week: str) -> int:
    """The streak as of ``week``: counting it if checked in, never broken by a week still open."""
    checked = set(
        await session.scalars(
            select(Checkin.week).where(Checkin.community_id == community_id, Checkin.member_id == member_id)
        )
    )
    outcomes = dict(
        (
            await session.execute(
                select(CheckinWeek.week, CheckinWeek.status).where(
                    CheckinWeek.community_id == community_id, CheckinWeek.member_id == member_id
                )
            )
        ).all()
    )
    streak = 1 if week in checked else 0
    label = previous_label(week)
    for _ in range(MAX_WEEKS):
        if label in checked:
            streak += 1
        elif outcomes.get(label) not in FORGIVEN:
            break
        label = previous_label(label)
    return streak
