"""The leaderboards of encouragement: who gave most (first), who was cheered most (second).

Every query is scoped to one community and reads only the index on
``(community_id, created_at, member_id)`` or ``(community_id, member_id,
created_at)``; members who opted out are left out of the boards (their kudos
still count for the people they cheered).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, func, label, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Member
from bot.kudos.models import Kudos, KudosCredit
from bot.kudos.opt_outs import Scope, opted_out

BOARD_SIZE = 5


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"

    def since(self, now: datetime) -> datetime | None:
        """Where the period starts: the past 7 or 30 days, or the beginning."""
        days = {Period.WEEK: 7, Period.MONTH: 30}.get(self)
        return now - timedelta(days=days) if days else None


@dataclass(frozen=True)
class Standing:
    rank: int
    member_id: int
    name: str
    count: int


def _counts(
    model: type[Kudos] | type[KudosCredit], community_id: int, since: datetime | None
) -> Select[int, int]:
    where: list[ColumnElement[bool]] = [model.community_id == community_id]
    if since is not None:
        where.append(model.created_at >= since)
    return select(model.member_id, label("n", func.count())).where(*where).group_by(model.member_id)


def board_query(
    model: type[Kudos] | type[KudosCredit], community_id: int, since: datetime | None, limit: int
) -> Select[int, str, int]:
    """The top ``limit`` members by kudos given (``Kudos``) or received (``KudosCredit``), with names."""
    hidden = opted_out(community_id, Scope.LEADERBOARDS)
    counts = (
        _counts(model, community_id, since)
        .where(model.member_id.not_in(hidden))
        .order_by(func.count().desc(), model.member_id)
        .limit(limit)
        .subquery()
    )
    return (
        select(Member.id, Member.display_name, counts.c.n)
        .join(counts, counts.c.member_id == Member.id)
        .where(Member.community_id == community_id)
        .order_by(counts.c.n.desc(), Member.id)
    )


async def _board(
    session: AsyncSession,
    model: type[Kudos] | type[KudosCredit],
    community_id: int,
    since: datetime | None,
    limit: int,
) -> list[Standing]:
    rows = (await session.execute(board_query(model, community_id, since, limit))).all()
    return _ranked([(member_id, name, int(n)) for member_id, name, n in rows])


def _ranked(rows: list[tuple[int, str, int]]) -> list[Standing]:
    """Standings with shared ranks for equal counts (1, 2, 2, 4)."""
    standings: list[Standing] = []
    for position, (member_id, name, count) in enumerate(rows, 1):
        rank = standings[-1].rank if standings and standings[-1].count == count else position
        standings.append(Standing(rank, member_id, name, count))
    return standings


async def top_encouragers(
    session: AsyncSession, community_id: int, since: datetime | None, limit: int = BOARD_SIZE
) -> list[Standing]:
    return await _board(session, Kudos, community_id, since, limit)


async def most_cheered(
    session: AsyncSession, community_id: int, since: datetime | None, limit: int = BOARD_SIZE
) -> list[Standing]:
    return await _board(session, KudosCredit, community_id, since, limit)


@dataclass(frozen=True)
class Totals:
    given: int
    received: int


async def totals_of(
    session: AsyncSession, community_id: int, member_id: int, since: datetime | None = None
) -> Totals:
    """One member's kudos given and received, since ``since`` or ever."""

    async def count(model: type[Kudos] | type[KudosCredit]) -> int:
        query = _counts(model, community_id, since).where(model.member_id == member_id)
        found = (await session.execute(query)).first()
        return int(found.n) if found else 0

    return Totals(given=await count(Kudos), received=await count(KudosCredit))
