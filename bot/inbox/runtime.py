"""The inbox as a platform process uses it: save on the acknowledgement path, work in the background.

::

    inbox = Inbox(core, name=process_name())
    inbox.worker.serve("slack", SlackInboxProcessor(...))
    async with running(inbox, stop_within=10):
        ...  # listeners: ``await inbox.accept(arrival)``, acknowledge, ``inbox.kick()``

Inside the block a poll claims what no kick announced (retries after a back-off, rows from a
replica that died), the leases of rows under way are renewed, and the backlog is sampled for
metrics and back-pressure. Leaving the
block lets claimed rows finish within ``stop_within`` seconds and hands the rest back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import Bounceback
from bot.inbox.backlog import Backlog
from bot.inbox.gate import WriteGate
from bot.inbox.groups import GroupWriter
from bot.inbox.store import Arrival, purge_finished
from bot.inbox.worker import Answers, Claimed, InboxWorker
from bot.ops import metrics

log = logging.getLogger(__name__)

# Saving must fit in the platform's acknowledgement window (Slack: 3 s) with room to answer.
ACCEPT_BUDGET = 2.0


@dataclass(frozen=True)
class InboxLimits:
    """BOUNCEBACK_INBOX_SLOTS, _LEASE and _MAX_AGE (bot/config.py)."""

    slots: int = 16
    lease: timedelta = timedelta(seconds=60)
    max_age: timedelta = timedelta(seconds=120)


class Saved(Enum):
    NEW = "new"
    REPEAT = "repeat"  # saved before: acknowledge, change nothing
    NOT_SAVED = "not_saved"  # the database failed or was too slow: don't pretend


class Inbox:
    def __init__(
        self,
        core: Bounceback,
        *,
        name: str,
        limits: InboxLimits = InboxLimits(),
        ack_sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        """``ack_sessions``: connections of the acknowledgement path's own, so saving an arrival never
        waits for a pooled connection behind the worker's transactions (the core's by default)."""
        self.core = core
        bind = core.sessions.kw.get("bind")
        # SQLite: one writer at a time in this process, acknowledgements first (bot/inbox/gate.py).
        gate = WriteGate(enabled=bind is not None and bind.dialect.name == "sqlite")
        self.worker = InboxWorker(core, name=name, slots=limits.slots, lease=limits.lease, gate=gate)
        self.backlog = Backlog(core.sessions, core.clock, limits.max_age)
        self._writer = GroupWriter(ack_sessions or core.sessions, core.clock, gate)
        self._unclaimed = False  # a row was saved for the claim path since the last kick

    @property
    def behind(self) -> bool:
        """Back-pressure: the inbox has fallen further behind than allowed (as last sampled)."""
        return self.backlog.behind

    async def accept(self, arrival: Arrival, budget: float = ACCEPT_BUDGET) -> Saved:
        """Save an arrival within ``budget`` seconds (with whatever else arrives meanwhile), or say it
        was not saved (:mod:`bot.inbox.groups`). With a free slot the row is saved claimed by this
        process's worker and handed to it (:meth:`InboxWorker.reserve`); in the rare case of a
        commit that completed as its budget ran out, that row is taken again when its lease ends."""
        holder = self.worker.reserve()
        written = None
        try:
            written = await self._writer.save(arrival, budget, holder)
        finally:
            if holder is not None:
                row_id = written.id if written is not None else None
                self.worker.adopt(Claimed.saved(row_id, arrival) if row_id is not None else None)
        if written is None:
            metrics.inbox_item(arrival.platform, "refused")
            return Saved.NOT_SAVED
        new = written.id is not None
        if new and holder is None:
            self._unclaimed = True
        metrics.inbox_item(arrival.platform, "accepted" if new else "repeated")
        return Saved.NEW if new else Saved.REPEAT

    def kick(self) -> None:
        """After an acknowledgement: have the worker claim what was saved unclaimed (all slots busy)."""
        if self._unclaimed:
            self._unclaimed = False
            self.worker.kick()

    async def answered(self, platform: str, key: str, within: float) -> Answers | None:
        return await self.worker.answered(platform, key, within)


async def _every(seconds: float, work: Callable[[], Awaitable[object]], what: str) -> None:
    while True:
        try:
            await work()
        except Exception as err:  # logged in one line; the next round tries again
            log.warning("%s failed: %s", what, type(err).__name__)
        await asyncio.sleep(seconds)


@asynccontextmanager
async def running(
    inbox: Inbox,
    *,
    stop_within: float,
    poll_every: float = 2.0,
    sample_every: float = 1.0,
    purge_every: float = 600.0,
) -> AsyncIterator[Inbox]:
    """Poll, sample and purge for as long as the block lasts; then stop the worker."""

    async def poll() -> None:
        inbox.worker.kick()

    async def purge() -> None:
        await purge_finished(inbox.core.sessions, inbox.core.clock.now())

    loops = [
        asyncio.create_task(_every(poll_every, poll, "polling the inbox")),
        asyncio.create_task(
            _every(inbox.worker.lease.total_seconds() / 3, inbox.worker.renew_leases, "renewing inbox leases")
        ),
        asyncio.create_task(_every(sample_every, inbox.backlog.sample, "sampling the inbox")),
        asyncio.create_task(_every(purge_every, purge, "purging the inbox")),
    ]
    log.info("inbox worker %s started with %d slots", inbox.worker.name, inbox.worker.slots)
    inbox.worker.adopting = True
    try:
        yield inbox
    finally:
        inbox.worker.adopting = False
        for loop in loops:
            loop.cancel()
        for loop in loops:
            with contextlib.suppress(asyncio.CancelledError):
                await loop
        await inbox.worker.stop(stop_within)
        log.info("inbox worker stopped")
