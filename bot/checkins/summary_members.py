"""Which members a weekly group summary covers (for kudos: reactions on a summary cheer them)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins.models import CheckinWeek
from bot.checkins.participants import ACTIVE

CHECKED_IN = "checked_in"
MISSED = "missed"


async def members_in_summary(session: AsyncSession, community_id: int, summary_id: int) -> list[int]:
    """The ids (``members.id``) of the members who checked in and were included in a summary.

    ``summary_id`` is the ``subject_id`` of the summary's ``PostRecord(kind="checkin_summary")``
    (the id of the week's claimed summary run).
    """
    rows = await session.scalars(
        select(CheckinWeek.member_id)
        .where(
            CheckinWeek.community_id == community_id,
            CheckinWeek.summary_run_id == summary_id,
            CheckinWeek.status == CHECKED_IN,
        )
        .order_by(CheckinWeek.member_id)
    )
    return list(rows)


def outcome(status: str, checked_in: bool) -> str:
    """A member's week as recorded: checked in, else missed (if they were due), else why not."""
    if checked_in:
        return CHECKED_IN
    return MISSED if status == ACTIVE else status
