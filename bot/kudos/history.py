"""A member's recent kudos, given and received, with the reasons people wrote."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.kudos.models import Kudos, KudosCredit

RECENT = 5


@dataclass(frozen=True)
class RecentKudos:
    """One kudos: the other people in it (who gave it, or who got it), its emoji key and reason."""

    names: tuple[str, ...]
    emoji: str
    reason: str | None


async def recently_received(
    session: AsyncSession, community_id: int, member_id: int, limit: int = RECENT
) -> list[RecentKudos]:
    rows = (
        await session.execute(
            select(Member.display_name, Kudos.emoji, Kudos.reason)
            .select_from(KudosCredit)
            .join(Kudos, Kudos.id == KudosCredit.kudos_id)
            .join(Member, Member.id == Kudos.member_id)
            .where(KudosCredit.community_id == community_id, KudosCredit.member_id == member_id)
            .order_by(KudosCredit.created_at.desc(), KudosCredit.id.desc())
            .limit(limit)
        )
    ).all()
    return [RecentKudos((name,), emoji, reason) for name, emoji, reason in rows]


async def recently_given(
    session: AsyncSession, community_id: int, member_id: int, limit: int = RECENT
) -> list[RecentKudos]:
    kudos = (
        await session.execute(
            select(Kudos.id, Kudos.emoji, Kudos.reason)
            .where(Kudos.community_id == community_id, Kudos.member_id == member_id)
            .order_by(Kudos.created_at.desc(), Kudos.id.desc())
            .limit(limit)
        )
    ).all()
    names: dict[int, list[str]] = defaultdict(list)
    if kudos:
        credited = await session.execute(
            select(KudosCredit.kudos_id, Member.display_name)
            .join(Member, Member.id == KudosCredit.member_id)
            .where(
                KudosCredit.community_id == community_id,
                KudosCredit.kudos_id.in_([k.id for k in kudos]),
            )
            .order_by(Member.display_name)
        )
        for kudos_id, name in credited:
            names[kudos_id].append(name)
    return [RecentKudos(tuple(names[k.id]), k.emoji, k.reason) for k in kudos if names[k.id]]
