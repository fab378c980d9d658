"""What members asked to be left out of: the leaderboards, or the messages about their kudos."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.upsert import insert_ignore
from bot.kudos.models import KudosOptOut


class Scope(StrEnum):
    LEADERBOARDS = "leaderboards"
    MESSAGES = "messages"  # the cheers DMs and the weekly digest


def opted_out(community_id: int, scope: Scope) -> Select[int]:
    """The ids of the members of a community who opted out of ``scope`` (for ``NOT IN``)."""
    return select(KudosOptOut.member_id).where(
        KudosOptOut.community_id == community_id, KudosOptOut.scope == scope.value
    )


async def is_opted_out(session: AsyncSession, community_id: int, member_id: int, scope: Scope) -> bool:
    found = await session.scalar(opted_out(community_id, scope).where(KudosOptOut.member_id == member_id))
    return found is not None


async def set_opted_out(
    session: AsyncSession, community_id: int, member_id: int, scope: Scope, out: bool, now: datetime
) -> None:
    if out:
        await insert_ignore(
            session,
            KudosOptOut,
            {"community_id": community_id, "member_id": member_id, "scope": scope.value, "created_at": now},
            ("community_id", "member_id", "scope"),
        )
        return
    await session.execute(
        delete(KudosOptOut).where(
            KudosOptOut.community_id == community_id,
            KudosOptOut.member_id == member_id,
            KudosOptOut.scope == scope.value,
        )
    )
