"""Who takes part: the group channel's members (or every known member, when the platform can't list them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins.config import CheckinConfig
from bot.checkins.models import CheckinMember
from bot.db.models import Community, Member
from bot.db.upsert import insert_ignore
from bot.members import member_by_user_id
from bot.ports import ChannelDirectory
from bot.settings import zone_named

ACTIVE, PAUSED, OPTED_OUT, HIRED = "active", "paused", "opted_out", "hired"


@dataclass(frozen=True)
class Participant:
    member: Member
    prefs: CheckinMember | None
    zone: ZoneInfo

    def status_on(self, first_day: date) -> str:
        """Whether the member takes part in the week that starts on ``first_day``."""
        p = self.prefs
        if p is None:
            return ACTIVE
        if p.hired_at is not None:
            return HIRED
        if p.opted_out:
            return OPTED_OUT
        if p.paused_until is not None and first_day < p.paused_until:
            return PAUSED
        return ACTIVE


async def group_channel_of(community: Community, directory: ChannelDirectory) -> str | None:
    """Where the summary goes: the check-in channel, else the group channel, else the platform's default."""
    settings = community.settings
    chosen = settings.group_channel(chosen=settings.section(CheckinConfig).channel_id)
    return chosen or await directory.default_channel(community.external_id)


async def participants(
    session: AsyncSession, community: Community, directory: ChannelDirectory, now: datetime
) -> list[Participant]:
    channel = await group_channel_of(community, directory)
    listed = await directory.channel_members(community.external_id, channel) if channel else None
    if listed is None:
        members = list(
            await session.scalars(
                select(Member).where(Member.community_id == community.id).order_by(Member.id)
            )
        )
    else:
        members = [
            await member_by_user_id(session, community, m.user_id, now, m.display_name, m.time_zone)
            for m in listed
        ]
    prefs = await prefs_of(session, community, [m.id for m in members])
    return [Participant(m, prefs.get(m.id), community.settings.zone_for(m.time_zone)) for m in members]


async def prefs_of(
    session: AsyncSession, community: Community, member_ids: list[int]
) -> dict[int, CheckinMember]:
    rows = await session.scalars(
        select(CheckinMember).where(
            CheckinMember.community_id == community.id, CheckinMember.member_id.in_(member_ids)
        )
    )
    return {p.member_id: p for p in rows}


async def own_prefs(
    session: AsyncSession, community: Community, member: Member, now: datetime
) -> CheckinMember:
    """The member's check-in choices, created (with defaults) on first use."""
    query = select(CheckinMember).where(
        CheckinMember.community_id == community.id, CheckinMember.member_id == member.id
    )
    found = await session.scalar(query)
    if found is not None:
        return found
    await insert_ignore(
        session,
        CheckinMember,
        {
            "community_id": community.id,
            "member_id": member.id,
            "opted_out": False,
            "buddies": False,
            "updated_at": now,
        },
        ("member_id",),
    )
    found = await session.scalar(query)
    assert found is not None
    return found


async def known_zones(session: AsyncSession, community: Community) -> list[ZoneInfo]:
    """The time zones the community's members live in (and the community's own), each once.

    Remembered for the life of the session: the scheduler asks several jobs in one session per tick.
    """
    remembered: dict[int, list[ZoneInfo]] = session.info.setdefault("checkins.known_zones", {})
    if community.id not in remembered:
        remembered[community.id] = await _known_zones(session, community)
    return remembered[community.id]


async def _known_zones(session: AsyncSession, community: Community) -> list[ZoneInfo]:
    names = set(
        await session.scalars(
            select(Member.time_zone).where(Member.community_id == community.id, Member.time_zone.is_not(None))
        )
    )
    own = community.settings.zone()
    zones = {own.key: own}
    for name in sorted(n for n in names if n):
        zone = zone_named(name)
        if zone is not None:
            zones.setdefault(zone.key, zone)
    return list(zones.values())
