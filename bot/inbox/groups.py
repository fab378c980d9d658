"""Saving arrivals in groups: everything waiting to be saved goes into the next transaction.

Under a burst, an acknowledgement waiting for a write transaction of its own queues for the
database's write lock (SQLite has one writer, and its busy handler sleeps and retries: at 50
requests at once a lone INSERT took 100 ms at the median). Instead each arrival joins the next
group, and one transaction saves the whole group, so a burst costs a handful of commits and a
quiet moment costs one INSERT as before.

An arrival that isn't saved within its budget is withdrawn if its group hasn't started; if its
group is being written, that transaction is cancelled (rolled back), and every arrival in it is
told it was not saved. The one thing that can't be taken back is a commit the database was
already finishing when the budget ran out.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.inbox.gate import WriteGate
from bot.inbox.store import Arrival, Holder, save_all

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    """An arrival's group was committed: ``id`` is its new row's, or None if it repeats one saved before."""

    id: int | None


Waiting = tuple[Arrival, datetime, Holder | None, "asyncio.Future[Written | None]"]


class GroupWriter:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, gate: WriteGate) -> None:
        self.sessions = sessions
        self.clock = clock
        self.gate = gate
        self._waiting: list[Waiting] = []
        self._writing: asyncio.Task[None] | None = None
        self._abandoned: set[asyncio.Task[None]] = set()  # cancelled groups letting go of the database

    async def save(self, arrival: Arrival, budget: float, holder: Holder | None = None) -> Written | None:
        """Whether it was new or a repeat, or None if not saved within ``budget`` seconds. A new row
        with a ``holder`` is saved claimed by it (:func:`bot.inbox.store.save_all`)."""
        saved: asyncio.Future[Written | None] = asyncio.get_running_loop().create_future()
        entry: Waiting = (arrival, self.clock.now(), holder, saved)
        self._waiting.append(entry)
        self._start()
        done, _ = await asyncio.wait({saved}, timeout=budget)
        if done:
            return saved.result()
        if entry in self._waiting:
            self._waiting.remove(entry)
        elif self._writing is not None:  # its group is being written: take the whole group back
            writing, self._writing = self._writing, None
            writing.cancel()
            self._abandoned.add(writing)
            writing.add_done_callback(self._abandoned.discard)
            self._start()
        log.warning("saving a %s %s took over %.1f s; not saved", arrival.platform, arrival.kind, budget)
        return None

    def _start(self) -> None:
        if self._waiting and (self._writing is None or self._writing.done()):
            self._writing = asyncio.create_task(self._write())

    async def _write(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting, []
            try:
                async with self.gate.open(urgent=True), self.sessions() as session, session.begin():
                    results = await save_all(session, [entry[:3] for entry in group])
            except BaseException as err:
                if not isinstance(err, asyncio.CancelledError):
                    log.warning("saving %d arrivals failed: %s", len(group), type(err).__name__)
                for *_, saved in group:
                    if not saved.done():
                        saved.set_result(None)
                if isinstance(err, Exception):
                    continue
                raise
            for (*_, saved), result in zip(group, results, strict=True):
                if not saved.done():
                    saved.set_result(Written(result))
