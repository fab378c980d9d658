"""The weekly digest: on Monday morning in each member's own time zone, the kudos of the week before.

Only members who received kudos that week get one. It also says how many
people they cheered on themselves: giving is half of what the group does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.copy import Voice
from bot.db.models import Community, Member
from bot.kudos.history import RecentKudos
from bot.kudos.models import Kudos, KudosCredit
from bot.kudos.names import names_in_a_line
from bot.kudos.opt_outs import Scope, opted_out
from bot.replies import Audience, Reply

DIGEST_WEEKDAY = "mon"
DIGEST_TIME = time(9, 0)
REASONS_SHOWN = 3


@dataclass(frozen=True)
class Digest:
    member_id: int
    user_id: str
    week: str  # ISO week of the week it covers, e.g. "2026-W48"
    received: int
    givers: tuple[str, ...]
    reasons: tuple[RecentKudos, ...]
    given: int


def week_before(fire: datetime, zone: ZoneInfo) -> tuple[datetime, datetime, str]:
    """The local Monday-to-Monday week that ended before ``fire``: its bounds in UTC and its ISO name."""
    monday = fire.astimezone(zone).date() - timedelta(days=fire.astimezone(zone).weekday())
    start_day = monday - timedelta(days=7)
    year, week, _ = start_day.isocalendar()
    return _midnight(start_day, zone), _midnight(monday, zone), f"{year}-W{week:02d}"


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


async def zones_with_kudos(session: AsyncSession, community: Community, since: datetime) -> set[str]:
    """The time zones (by name) of members who received kudos since ``since``."""
    names = await session.scalars(
        select(Member.time_zone)
        .distinct()
        .select_from(KudosCredit)
        .join(Member, Member.id == KudosCredit.member_id)
        .where(KudosCredit.community_id == community.id, KudosCredit.created_at >= since)
    )
    return {community.settings.zone_for(name).key for name in names}


async def digests_for_zone(
    session: AsyncSession, community: Community, zone: ZoneInfo, start: datetime, end: datetime, week: str
) -> list[Digest]:
    """A digest for every member living in ``zone`` who received kudos in ``[start, end)``.

    Members who turned kudos messages off get none.
    """
    received = (
        await session.execute(
            select(Member.id, Member.platform_user_id, Member.time_zone, func.count())
            .select_from(KudosCredit)
            .join(Member, Member.id == KudosCredit.member_id)
            .where(
                KudosCredit.community_id == community.id,
                KudosCredit.created_at >= start,
                KudosCredit.created_at < end,
                KudosCredit.member_id.not_in(opted_out(community.id, Scope.MESSAGES)),
            )
            .group_by(Member.id, Member.platform_user_id, Member.time_zone)
            .order_by(Member.id)
        )
    ).all()
    digests = []
    for member_id, user_id, member_zone, count in received:
        if community.settings.zone_for(member_zone).key != zone.key:
            continue
        givers, reasons = await _from_whom(session, community.id, member_id, start, end)
        given = await session.scalar(
            select(func.count())
            .select_from(Kudos)
            .where(
                Kudos.community_id == community.id,
                Kudos.member_id == member_id,
                Kudos.created_at >= start,
                Kudos.created_at < end,
            )
        )
        digests.append(Digest(member_id, user_id, week, int(count), givers, reasons, int(given or 0)))
    return digests


async def _from_whom(
    session: AsyncSession, community_id: int, member_id: int, start: datetime, end: datetime
) -> tuple[tuple[str, ...], tuple[RecentKudos, ...]]:
    rows = (
        await session.execute(
            select(Member.display_name, Kudos.emoji, Kudos.reason)
            .select_from(KudosCredit)
            .join(Kudos, Kudos.id == KudosCredit.kudos_id)
            .join(Member, Member.id == Kudos.member_id)
            .where(
                KudosCredit.community_id == community_id,
                KudosCredit.member_id == member_id,
                KudosCredit.created_at >= start,
                KudosCredit.created_at < end,
            )
            .order_by(KudosCredit.created_at, KudosCredit.id)
        )
    ).all()
    givers = tuple(dict.fromkeys(name for name, _, _ in rows))
    reasons = tuple(RecentKudos((name,), emoji, reason) for name, emoji, reason in rows if reason)
    return givers, reasons[-REASONS_SHOWN:]


def digest_message(voice: Voice, digest: Digest) -> Reply:
    lines = [
        voice.say("kudos.digest.received", count=digest.received, names=names_in_a_line(voice, digest.givers))
    ]
    lines += [voice.say("kudos.digest.reason", name=r.names[0], reason=r.reason) for r in digest.reasons]
    key = "kudos.digest.gave" if digest.given else "kudos.digest.gave_none"
    lines.append(voice.say(key, count=digest.given))
    return Reply(
        audience=Audience.DIRECT,
        recipient_user_id=digest.user_id,
        title=voice.label("kudos.digest.title"),
        body=voice.join(lines),
    )
