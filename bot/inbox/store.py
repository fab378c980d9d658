"""Writing to the inbox on the acknowledgement path, and clearing it out afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.changed import rows_changed
from bot.inbox.models import InboxItem

# Finished rows are kept this long (emptied of the member's words), so a late repeat of an event is
# still recognised; Slack retries an event for about an hour at most.
KEEP_FINISHED = timedelta(days=1)
UNFINISHED = ("pending", "working")
AHEAD = timedelta(hours=1)  # how far back an urgent row's turn is dated
KEY_LENGTH = 200  # InboxItem.dedupe_key's length: a longer key is cut to it


@dataclass(frozen=True)
class Arrival:
    """A platform event as the inbox keeps it: who, what, and the ways back to the member."""

    platform: str
    workspace_id: str
    user_id: str
    kind: str
    key: str  # unique per platform: the same event sent again has the same key
    payload: dict[str, Any]
    reply_to: dict[str, Any]
    reply_expires_at: datetime | None = None
    # A member is looking at it (a form waiting for its acknowledgement): claimed ahead of the queue.
    urgent: bool = False


async def accept(sessions: async_sessionmaker[AsyncSession], arrival: Arrival, now: datetime) -> bool:
    """Save an arrival in one short transaction (one statement); False if it was saved before (a repeat)."""
    async with sessions() as session, session.begin():
        return await save(session, arrival, now)


@dataclass(frozen=True)
class Holder:
    """The worker that claims a row as it is saved (it has a free slot): no claim transaction after."""

    name: str
    lease: timedelta


async def save(session: AsyncSession, arrival: Arrival, now: datetime) -> bool:
    """Save an arrival in the session's transaction; False if it was saved before (a repeat)."""
    [saved] = await save_all(session, [(arrival, now, None)])
    return saved is not None


async def save_all(
    session: AsyncSession, arrivals: Sequence[tuple[Arrival, datetime, Holder | None]]
) -> list[int | None]:
    """Save arrivals with one statement (one round trip); for each, its row's id, or None if it repeats
    an earlier one. An arrival with a holder is saved already claimed by it (``working``, leased)."""
    rows = [_row(arrival, now, holder) for arrival, now, holder in arrivals]
    dialect = session.get_bind().dialect.name
    # The rows go as parameters, not in the statement: the statement is compiled once and cached, and
    # the driver still sends one multi-row INSERT ("insertmanyvalues"). Compiling a VALUES clause of a
    # new size for every group was the biggest cost on the acknowledgement's event loop.
    table = cast(Table, InboxItem.__table__)  # a declarative model's table is a Table
    statement = (
        (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
        .on_conflict_do_nothing(index_elements=["platform", "dedupe_key"])
        .returning(table.c.platform, table.c.dedupe_key, table.c.id)
    )
    result = await session.execute(statement, rows)
    inserted = {(platform, key): id for platform, key, id in result.all()}
    # The same event twice in one group: the first is new, the second a repeat.
    return [inserted.pop((row["platform"], row["dedupe_key"]), None) for row in rows]


def _row(arrival: Arrival, now: datetime, holder: Holder | None = None) -> dict[str, Any]:
    held: dict[str, Any] = {"status": "pending", "lease_until": None, "claimed_by": None, "attempts": 0}
    if holder is not None:
        lease_until = now + holder.lease
        held = {"status": "working", "lease_until": lease_until, "claimed_by": holder.name, "attempts": 1}
    return {
        "platform": arrival.platform,
        "workspace_id": arrival.workspace_id,
        "user_id": arrival.user_id,
        "kind": arrival.kind,
        "dedupe_key": arrival.key[:KEY_LENGTH],
        "payload": arrival.payload,
        "reply_to": arrival.reply_to,
        "reply_expires_at": arrival.reply_expires_at,
        "answer": None,
        "apologised": False,
        "not_before": now - AHEAD if arrival.urgent else now,
        "received_at": now,
        "last_error": None,
        **held,
        "done_at": None,
    }


async def backlog(session: AsyncSession) -> tuple[int, datetime | None]:
    """Rows not yet answered, and when the oldest of them arrived."""
    found = await session.execute(
        select(func.count(), func.min(InboxItem.received_at)).where(InboxItem.status.in_(UNFINISHED))
    )
    count, oldest = found.one()
    assert oldest is None or isinstance(oldest, datetime)  # MIN() keeps the column's type (UTC-aware)
    return int(count or 0), oldest


async def purge_finished(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Delete finished rows older than :data:`KEEP_FINISHED`; how many."""
    async with sessions() as session, session.begin():
        result = await session.execute(
            delete(InboxItem).where(
                InboxItem.status.in_(("done", "failed")), InboxItem.done_at < now - KEEP_FINISHED
            )
        )
        return rows_changed(result)


async def forget_member(session: AsyncSession, platform: str, workspace_id: str, user_id: str) -> None:
    """What a member sent that is still waiting (or finished): gone. The row being worked on stays."""
    await session.execute(
        delete(InboxItem).where(
            InboxItem.platform == platform,
            InboxItem.workspace_id == workspace_id,
            InboxItem.user_id == user_id,
            InboxItem.status != "working",
        )
    )
