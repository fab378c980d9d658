"""What a member's own record says about them, for context in the answer."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Rejection
from bot.rejected.vocabulary import LATE_STAGES, Stage

INTERVIEWED = frozenset({Stage.ASSESSMENT, Stage.INTERVIEW, *LATE_STAGES})


def counted_stages(stage: Stage | None) -> frozenset[Stage] | None:
    """Which of the member's rejections the answer to one at ``stage`` counts: final rounds and offers
    for a late stage, assessments and later for an interview or assessment, else all (None)."""
    if stage in LATE_STAGES:
        return frozenset(LATE_STAGES)
    if stage in (Stage.INTERVIEW, Stage.ASSESSMENT):
        return INTERVIEWED
    return None


async def record_count(session: AsyncSession, community_id: int, member_id: int, stage: Stage | None) -> int:
    """How many of the member's rejections in this community count for the answer to one at ``stage``.

    One count, read from the ``(community_id, member_id, stage)`` index alone, over only the stages the
    answer mentions."""
    where = [Rejection.community_id == community_id, Rejection.member_id == member_id]
    stages = counted_stages(stage)
    if stages is not None:
        where.append(Rejection.stage.in_([s.value for s in stages]))
    return await session.scalar(select(func.count()).select_from(Rejection).where(*where)) or 0
