"""Delivering outbox rows: claim a batch, send each through its platform's sender, mark it.

Claiming is one UPDATE over the rows picked by a ``SELECT ... FOR UPDATE SKIP
LOCKED`` (PostgreSQL; SQLite has a single writer), which marks them
``sending`` with a lease. Several workers (processes or replicas) never take
the same row. A row is marked ``done`` right after the platform accepts it;
a row whose worker died is taken again when its lease runs out. A 429 puts
the row back with ``not_before`` = now + ``Retry-After``; a permanent
failure marks it ``failed``; other failures back off and are retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.lease import claim
from bot.ops import metrics
from bot.ports import DeliveryFailed, ReplySender
from bot.replies import PostRecord
from bot.scheduling.models import OutboxMessage
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.serialize import reply_from_json

log = logging.getLogger(__name__)

RecordPost = Callable[[str, str, PostRecord, str, str], Awaitable[None]]


@dataclass(frozen=True)
class _Claimed:
    id: int
    platform: str
    workspace_id: str
    reply: dict[str, Any]
    attempts: int


class OutboxWorker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        senders: Mapping[str, ReplySender],
        record_post: RecordPost,
        *,
        name: str,
        limiter: RateLimiter | None = None,
        lease: timedelta = timedelta(minutes=2),
        batch_size: int = 100,
        concurrency: int = 16,
        max_attempts: int = 8,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.senders = dict(senders)
        self.record_post = record_post
        self.name = name
        self.limiter = limiter or RateLimiter()
        self.lease = lease
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self._stopping = False
        self._stop_requested = asyncio.Event()
        self._active = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def drain(self) -> int:
        """Deliver every row that is due now; the number delivered. Returns early once stopping."""
        self._active += 1
        self._idle.clear()
        delivered = 0
        try:
            while not self._stopping:
                rows = await self._claim()
                if not rows:
                    break
                results = await self._deliver_batch(rows)
                delivered += sum(results)
        finally:
            self._active -= 1
            if self._active == 0:
                self._idle.set()
        return delivered

    async def stop(self) -> None:
        """Stop claiming; wait for the deliveries in flight to be sent and marked.

        Deliveries still waiting for the platform's pace (a long Retry-After) are handed back instead.
        """
        self._stopping = True
        self._stop_requested.set()
        await self._idle.wait()

    async def _claim(self) -> list[_Claimed]:
        if not self.senders:
            return []
        now = self.clock.now()
        o = OutboxMessage
        ready = or_(
            and_(o.status == "pending", o.not_before <= now),
            and_(o.status == "sending", o.lease_until < now),
        )
        async with self.sessions() as session, session.begin():
            rows = await claim(
                session,
                o,
                and_(o.platform.in_(list(self.senders)), ready),
                order_by=(o.not_before, o.id),
                limit=self.batch_size,
                values={
                    "status": "sending",
                    "lease_until": now + self.lease,
                    "claimed_by": self.name,
                    "attempts": o.attempts + 1,
                },
                returning=(o.id, o.platform, o.workspace_id, o.reply, o.attempts),
            )
            return [_Claimed(*row) for row in rows]

    async def _deliver_batch(self, rows: list[_Claimed]) -> list[bool]:
        gate = asyncio.Semaphore(self.concurrency)

        async def one(row: _Claimed) -> bool:
            async with gate:
                if self._stopping:
                    await self._release(row)
                    return False
                return await self._deliver(row)

        return list(await asyncio.gather(*(one(row) for row in rows)))

    async def _deliver(self, row: _Claimed) -> bool:
        reply = reply_from_json(row.reply)
        if not await self._paced(row):
            await self._release(row)
            return False
        try:
            delivered = await self.senders[row.platform].send(row.workspace_id, reply)
        except DeliveryFailed as failure:
            await self._failed(row, failure)
            return False
        except Exception as exc:
            log.exception("sending outbox row %s failed unexpectedly", row.id)
            await self._failed(row, DeliveryFailed(f"{type(exc).__name__}: {exc}"))
            return False
        await self._mark(
            row,
            status="done",
            sent_at=self.clock.now(),
            channel_id=delivered.channel_id,
            message_id=delivered.message_id,
            lease_until=None,
        )
        metrics.delivery(row.platform, "sent")
        if reply.record is not None:
            try:
                await self.record_post(
                    row.platform, row.workspace_id, reply.record, delivered.channel_id, delivered.message_id
                )
            except Exception:
                log.exception("recording where outbox row %s landed failed", row.id)
        return True

    async def _paced(self, row: _Claimed) -> bool:
        """Wait for the rate limiter's go-ahead; False if the worker was stopped first."""
        pace = asyncio.ensure_future(self.limiter.acquire(row.platform, row.workspace_id))
        stop = asyncio.ensure_future(self._stop_requested.wait())
        await asyncio.wait({pace, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if pace.done():
            pace.result()
            return True
        pace.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pace
        return False

    async def _failed(self, row: _Claimed, failure: DeliveryFailed) -> None:
        now = self.clock.now()
        if failure.retry_after is not None:
            metrics.delivery(row.platform, "retried")
            self.limiter.retry_after(row.platform, row.workspace_id, failure.retry_after)
            # A 429 is the platform pacing us, not a fault of this message: it doesn't use up an attempt.
            await self._mark(
                row,
                status="pending",
                not_before=now + timedelta(seconds=failure.retry_after),
                attempts=row.attempts - 1,
                lease_until=None,
                last_error=str(failure)[:500],
            )
        elif failure.permanent or row.attempts >= self.max_attempts:
            log.warning("outbox row %s given up after %d attempts: %s", row.id, row.attempts, failure)
            metrics.delivery(row.platform, "failed")
            await self._mark(row, status="failed", lease_until=None, last_error=str(failure)[:500])
        else:
            metrics.delivery(row.platform, "retried")
            backoff = timedelta(seconds=min(2**row.attempts * 5, 3600))
            await self._mark(
                row,
                status="pending",
                not_before=now + backoff,
                lease_until=None,
                last_error=str(failure)[:500],
            )

    async def _release(self, row: _Claimed) -> None:
        await self._mark(row, status="pending", attempts=row.attempts - 1, lease_until=None)
        metrics.delivery(row.platform, "released")

    async def _mark(self, row: _Claimed, **values: object) -> None:
        """Update a row this worker still holds (a row whose lease ran out may belong to another now)."""
        async with self.sessions() as session, session.begin():
            await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row.id,
                    OutboxMessage.status == "sending",
                    OutboxMessage.claimed_by == self.name,
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
