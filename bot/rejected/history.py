"""What a member's own record says about them, for context in the answer."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Rejection
from bot.rejected.vocabulary import LATE_STAGES, Stage

_INTERVIEWED = frozenset({Stage.ASSESSMENT, Stage.INTERVIEW, *LATE_STAGES})


@dataclass(frozen=True)
class History:
    total: int
    late_stage: int  # final rounds and offer stages reached
    interviewed: int  # assessments, interviews and later


async def history_of(session: AsyncSession, community_id: int, member_id: int) -> History:
    """The member's rejections in this community so far, by how far they got."""
    rows = await session.execute(
        select(Rejection.stage, func.count())
        .where(Rejection.community_id == community_id, Rejection.member_id == member_id)
        .group_by(Rejection.stage)
    )
    by_stage = {stage: count for stage, count in rows}  # Stage is a StrEnum: the stored text compares equal
    return History(
        total=sum(by_stage.values()),
        late_stage=sum(n for stage, n in by_stage.items() if stage in LATE_STAGES),
        interviewed=sum(n for stage, n in by_stage.items() if stage in _INTERVIEWED),
    )
