"""Marking delivered rows ``done`` in groups: rows finished close together share one transaction.

A row is marked ``done`` (and emptied of the member's words) after its answer went out, never in
the transaction that handled it: the delivery must follow that commit. Under a burst, dozens of
rows are delivered within a few milliseconds of each other, and each of them used to commit an
UPDATE of its own. Here every row waiting to be marked joins the next group, and one UPDATE marks
the group; a lone row is written at once, as before.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.inbox.gate import WriteGate
from bot.inbox.models import InboxItem

log = logging.getLogger(__name__)


class DoneMarker:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        gate: WriteGate,
        holder: str,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.gate = gate
        self.holder = holder
        self._waiting: list[tuple[int, asyncio.Future[bool]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def mark(self, row_id: int) -> bool:
        """Mark a row this worker holds ``done``; False if it no longer holds it or the database failed
        (the row stays ``working`` and is taken again when its lease ends)."""
        marked: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.append((row_id, marked))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write())
        return await asyncio.shield(marked)

    async def settle(self) -> None:
        """Until every row handed over so far has been written (or failed to be)."""
        if self._writing is not None:
            await asyncio.gather(self._writing, return_exceptions=True)

    async def _write(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            i = InboxItem
            try:
                async with self.gate.open(), self.sessions() as session, session.begin():
                    result = await session.execute(
                        update(i)
                        .where(i.id.in_([row_id for row_id, _ in group]))
                        .where(i.status == "working", i.claimed_by == self.holder)
                        .values(
                            status="done", done_at=self.clock.now(), payload={}, answer=None, lease_until=None
                        )
                        .returning(i.id)
                        .execution_options(synchronize_session=False)
                    )
                    marked = set(result.scalars())
            except Exception as err:
                log.warning("marking %d inbox rows done failed: %s", len(group), type(err).__name__)
                marked = set()
            for row_id, future in group:
                if not future.done():
                    future.set_result(row_id in marked)
