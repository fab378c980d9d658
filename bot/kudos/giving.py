"""Giving and taking back kudos, within the giver's daily cap.

The cap is counted in the giver's own day: from their local midnight, in
their own time zone (``Context.zone``), so it resets when their day does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, func, select

from bot.context import Context
from bot.db.models import Member
from bot.db.upsert import insert_ignore
from bot.kudos.models import Kudos, KudosCredit
from bot.kudos.notices import claim_notice
from bot.kudos.settings import KudosSettings

REACTION = "reaction"
COMMAND = "command"
CAP_NOTICE = "cap"


class Outcome(Enum):
    GIVEN = "given"
    ALREADY_COUNTED = "already_counted"
    CAPPED = "capped"


@dataclass(frozen=True)
class Gift:
    outcome: Outcome
    given_today: int
    cap: int
    kudos_id: int | None = None

    @property
    def reached_cap(self) -> bool:
        return self.given_today >= self.cap


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """When ``day`` starts in ``zone``, in UTC (zoneinfo handles daylight saving)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def given_since_query(community_id: int, member_id: int, since: datetime) -> Select[int]:
    """How many kudos a member gave since ``since`` (the daily cap's count)."""
    return (
        select(func.count())
        .select_from(Kudos)
        .where(Kudos.community_id == community_id, Kudos.member_id == member_id, Kudos.created_at >= since)
    )


async def given_today(ctx: Context) -> int:
    since = local_midnight(ctx.today, ctx.zone)
    return int(await ctx.session.scalar(given_since_query(ctx.community.id, ctx.member.id, since)) or 0)


async def give(
    ctx: Context,
    receivers: Sequence[Member],
    *,
    source: str,
    emoji: str = "",
    message_id: str | None = None,
    post_kind: str | None = None,
    reason: str | None = None,
) -> Gift:
    """Credit ``receivers`` with one kudos from the acting member, unless counted already or capped."""
    cap = ctx.community.settings.section(KudosSettings).daily_cap
    count = await given_today(ctx)
    if count >= cap:
        return Gift(Outcome.CAPPED, count, cap)
    values = {
        "community_id": ctx.community.id,
        "member_id": ctx.member.id,
        "source": source,
        "emoji": emoji,
        "platform_message_id": message_id,
        "post_kind": post_kind,
        "reason": reason,
        "created_at": ctx.now,
    }
    if message_id is None:
        kudos = Kudos(**values)
        ctx.session.add(kudos)
        await ctx.session.flush()
        kudos_id = kudos.id
    else:
        unique = ("community_id", "member_id", "platform_message_id", "emoji")
        if not await insert_ignore(ctx.session, Kudos, values, unique):
            return Gift(Outcome.ALREADY_COUNTED, count, cap)
        found = await ctx.session.scalars(
            select(Kudos.id).where(*(getattr(Kudos, column) == values[column] for column in unique))
        )
        kudos_id = found.one()
    ctx.session.add_all(
        KudosCredit(
            community_id=ctx.community.id,
            kudos_id=kudos_id,
            member_id=receiver.id,
            post_kind=post_kind,
            created_at=ctx.now,
        )
        for receiver in receivers
    )
    await ctx.session.flush()
    return Gift(Outcome.GIVEN, count + 1, cap, kudos_id)


async def take_back(ctx: Context, *, emoji: str, message_id: str) -> None:
    """Remove the acting member's kudos on this message with this emoji; its credits cascade with it."""
    await ctx.session.execute(
        delete(Kudos).where(
            Kudos.community_id == ctx.community.id,
            Kudos.member_id == ctx.member.id,
            Kudos.platform_message_id == message_id,
            Kudos.emoji == emoji,
        )
    )


async def claim_cap_notice(ctx: Context) -> bool:
    """True the first time today the giver should hear they reached the cap."""
    return await claim_notice(
        ctx.session,
        community_id=ctx.community.id,
        member_id=ctx.member.id,
        kind=CAP_NOTICE,
        period=ctx.today.isoformat(),
        covers_until=ctx.now,
        now=ctx.now,
    )
