"""Queueing replies for later delivery: the one place outbox rows are written.

A scheduled run queues what it sends in the transaction that claimed it
(:func:`enqueue`); an adapter hands over a reply the platform refused for now
(:func:`deliver_later`). Either way the outbox worker (:mod:`bot.scheduling.worker`)
sends each row once, no earlier than its ``not_before``, from whichever process
or replica claims it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Community
from bot.members import community_for
from bot.replies import Reply
from bot.scheduling.models import OutboxMessage
from bot.scheduling.serialize import reply_to_json

CHUNK = 500
KEY_LENGTH = 200


@dataclass(frozen=True)
class Later:
    """A reply to deliver once: ``key`` is unique within the community (a repeat is ignored)."""

    key: str
    reply: Reply
    not_before: datetime | None = None


async def enqueue(
    session: AsyncSession,
    community: Community,
    deliveries: Sequence[Later],
    *,
    now: datetime,
    run_id: int | None = None,
) -> None:
    """Queue ``deliveries`` in the session's transaction, in a few statements.

    A key already queued (by anyone) is left as it is; ``not_before`` in the past means now.
    """
    rows = [
        {
            "community_id": community.id,
            "run_id": run_id,
            "key": later.key[:KEY_LENGTH],
            "platform": community.platform,
            "workspace_id": community.external_id,
            "reply": reply_to_json(later.reply),
            "recipient_user_id": later.reply.recipient_user_id,
            "status": "pending",
            "not_before": max(later.not_before or now, now),
            "attempts": 0,
            "created_at": now,
        }
        for later in deliveries
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        await session.execute(
            insert(OutboxMessage).values(chunk).on_conflict_do_nothing(index_elements=["community_id", "key"])
        )


async def deliver_later(
    sessions: async_sessionmaker[AsyncSession],
    platform: str,
    workspace_id: str,
    later: Later,
    *,
    now: datetime,
) -> None:
    """Queue one reply for a platform's workspace, in a transaction of its own."""
    async with sessions() as session, session.begin():
        community = await community_for(session, platform, workspace_id, now)
        await enqueue(session, community, [later], now=now)
