"""Claiming a message about kudos once: the unique row is the claim, whichever process gets there first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.kudos.models import KudosNotice


async def claim_notice(
    session: AsyncSession,
    *,
    community_id: int,
    member_id: int,
    kind: str,
    period: str,
    covers_until: datetime,
    now: datetime,
) -> bool:
    """True if this notice was not claimed before (so it is the caller's to send)."""
    return await insert_ignore(
        session,
        KudosNotice,
        {
            "community_id": community_id,
            "member_id": member_id,
            "kind": kind,
            "period": period,
            "covers_until": covers_until,
            "created_at": now,
        },
        ("community_id", "member_id", "kind", "period"),
    )


async def told_until(session: AsyncSession, community_id: int, member_id: int, kind: str) -> datetime | None:
    """Where the last notice of this kind for this member ended, if there was one."""
    return await session.scalar(
        select(func.max(KudosNotice.covers_until)).where(
            KudosNotice.community_id == community_id,
            KudosNotice.member_id == member_id,
            KudosNotice.kind == kind,
        )
    )
