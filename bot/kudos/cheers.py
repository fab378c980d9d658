"""Cheers that reach the person: who cheered a shared rejection, told in one message after a quiet spell.

Reactions on a shared rejection card arrive one by one, often in a burst.
Rather than a DM per reaction, the member gets one message once nobody has
cheered for :data:`QUIET_PERIOD`, naming who cheered since the last one.
These functions only read and claim; :mod:`bot.kudos.scheduled` runs them
on the scheduler, which delivers through the outbox exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, label, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.copy import Voice
from bot.db.models import Member
from bot.kudos.models import Kudos, KudosCredit, KudosNotice
from bot.kudos.names import names_in_a_line
from bot.kudos.notices import claim_notice
from bot.kudos.opt_outs import Scope, opted_out
from bot.post_kinds import REJECTION_CARD
from bot.replies import Audience, Reply

CHEERS_NOTICE = "cheers"
QUIET_PERIOD = timedelta(minutes=30)
# Cheers older than this when first seen (say, after a long outage) are left for the weekly digest.
LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class CheerBatch:
    """Cheers for one member not told yet: from ``since`` (exclusive, None: the start) to ``until``."""

    member_id: int
    user_id: str
    time_zone: str | None
    since: datetime | None
    until: datetime
    givers: tuple[str, ...]
    cheers: int


async def due_cheer_batches(
    session: AsyncSession, community_id: int, now: datetime, quiet: timedelta = QUIET_PERIOD
) -> list[CheerBatch]:
    """Members of this community whose untold cheers on shared rejections have gone quiet.

    Members who turned kudos messages off are left out (their cheers stay in ``/kudos me``).
    """
    told = (
        select(KudosNotice.member_id, label("told", func.max(KudosNotice.covers_until)))
        .where(KudosNotice.community_id == community_id, KudosNotice.kind == CHEERS_NOTICE)
        .group_by(KudosNotice.member_id)
        .subquery()
    )
    newest = (
        await session.execute(
            select(KudosCredit.member_id, func.max(KudosCredit.created_at), told.c.told)
            .outerjoin(told, told.c.member_id == KudosCredit.member_id)
            .where(
                KudosCredit.community_id == community_id,
                KudosCredit.post_kind == REJECTION_CARD,
                KudosCredit.created_at > now - LOOKBACK,
                KudosCredit.member_id.not_in(opted_out(community_id, Scope.MESSAGES)),
            )
            .group_by(KudosCredit.member_id, told.c.told)
        )
    ).all()
    batches = []
    for member_id, latest, told_until in newest:
        if (told_until is None or latest > told_until) and latest <= now - quiet:
            batches.append(await _batch(session, community_id, member_id, told_until, latest, now))
    return batches


async def _batch(
    session: AsyncSession,
    community_id: int,
    member_id: int,
    since: datetime | None,
    until: datetime,
    now: datetime,
) -> CheerBatch:
    where = [
        KudosCredit.community_id == community_id,
        KudosCredit.member_id == member_id,
        KudosCredit.post_kind == REJECTION_CARD,
        KudosCredit.created_at <= until,
        KudosCredit.created_at > (since or now - LOOKBACK),
    ]
    rows = (
        await session.execute(
            select(Member.display_name)
            .select_from(KudosCredit)
            .join(Kudos, Kudos.id == KudosCredit.kudos_id)
            .join(Member, Member.id == Kudos.member_id)
            .where(*where)
            .order_by(KudosCredit.created_at, KudosCredit.id)
        )
    ).all()
    receiver = await session.get(Member, member_id)
    assert receiver is not None
    names = tuple(dict.fromkeys(name for (name,) in rows))
    return CheerBatch(
        member_id, receiver.platform_user_id, receiver.time_zone, since, until, names, len(rows)
    )


async def claim_cheer_batch(
    session: AsyncSession, community_id: int, batch: CheerBatch, now: datetime
) -> bool:
    """True if this batch is the caller's to send (nobody claimed it before)."""
    return await claim_notice(
        session,
        community_id=community_id,
        member_id=batch.member_id,
        kind=CHEERS_NOTICE,
        period=batch.until.isoformat(),
        covers_until=batch.until,
        now=now,
    )


def cheer_message(voice: Voice, batch: CheerBatch) -> Reply:
    key = "kudos.cheers.one" if batch.cheers == 1 else "kudos.cheers.many"
    return Reply(
        audience=Audience.DIRECT,
        recipient_user_id=batch.user_id,
        body=voice.say(key, names=names_in_a_line(voice, batch.givers), cheers=batch.cheers),
    )
