"""Finding (or creating) the community and member an event comes from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Community, Member, ProcessedEvent
from bot.db.upsert import insert_ignore
from bot.events import Actor
from bot.markup import clean_text
from bot.settings import CommunitySettings

NAME_LIMIT = 200


async def community_for(session: AsyncSession, platform: str, workspace_id: str, now: datetime) -> Community:
    found = await session.scalar(
        select(Community).where(Community.platform == platform, Community.external_id == workspace_id)
    )
    if found is not None:
        return found
    await insert_ignore(
        session,
        Community,
        {
            "platform": platform,
            "external_id": workspace_id,
            "name": "",
            "settings": CommunitySettings(),
            "created_at": now,
        },
        ("platform", "external_id"),
    )
    inserted = await session.scalars(
        select(Community).where(Community.platform == platform, Community.external_id == workspace_id)
    )
    return inserted.one()


# Built once with bind parameters, so SQLAlchemy works out its cache key once, not on every event.
_COMMUNITY_AND_MEMBER = (
    select(Community, Member)
    .outerjoin(
        Member,
        and_(Member.community_id == Community.id, Member.platform_user_id == bindparam("user_id")),
    )
    .where(Community.platform == bindparam("platform"), Community.external_id == bindparam("workspace_id"))
)


async def community_and_member(
    session: AsyncSession, actor: Actor, now: datetime
) -> tuple[Community, Member]:
    """The actor's community and member, in one query when both exist (every event after the first)."""
    found = (
        await session.execute(
            _COMMUNITY_AND_MEMBER,
            {"platform": actor.platform, "workspace_id": actor.workspace_id, "user_id": actor.user_id},
        )
    ).first()
    community = found[0] if found else await community_for(session, actor.platform, actor.workspace_id, now)
    if found and found[1] is not None:
        _refresh_name(found[1], actor.display_name)
        return community, found[1]
    member = await member_by_user_id(
        session, community, actor.user_id, now, actor.display_name, actor.time_zone
    )
    return community, member


async def member_by_user_id(
    session: AsyncSession,
    community: Community,
    user_id: str,
    now: datetime,
    display_name: str = "",
    time_zone: str | None = None,
) -> Member:
    """The member with this platform user id, created on first sight; display name kept fresh."""
    name = clean_text(display_name).strip()[:NAME_LIMIT]
    query = select(Member).where(Member.community_id == community.id, Member.platform_user_id == user_id)
    member = await session.scalar(query)
    if member is None:
        await insert_ignore(
            session,
            Member,
            {
                "community_id": community.id,
                "platform_user_id": user_id,
                "display_name": name or user_id,
                "time_zone": time_zone,
                "created_at": now,
            },
            ("community_id", "platform_user_id"),
        )
        member = await session.scalar(query)
        assert member is not None
    else:
        _refresh_name(member, display_name)
    return member


def _refresh_name(member: Member, display_name: str) -> None:
    name = clean_text(display_name).strip()[:NAME_LIMIT]
    if name and member.display_name != name:
        member.display_name = name


async def claim_event(session: AsyncSession, community: Community, event_key: str, now: datetime) -> bool:
    """Record a platform event id; False if it was handled before (a retry or a replay)."""
    return await insert_ignore(
        session,
        ProcessedEvent,
        {"community_id": community.id, "event_key": event_key[:200], "created_at": now},
        ("community_id", "event_key"),
    )
