"""One writer at a time within a process on SQLite, acknowledgements first.

SQLite has a single writer. When several connections of one process want to write at once, the
losers sleep in SQLite's busy handler (1, 2, 5, 10 … 100 ms) and try again, and an unlucky one
waits hundreds of milliseconds: that was the acknowledgement's tail under a burst, with the inbox
worker writing beside it. The gate queues the inbox's writers in the process instead, and lets a
waiting acknowledgement go before the worker's next transaction. On PostgreSQL it does nothing.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriteGate:
    def __init__(self, enabled: bool, writers: int = 1) -> None:
        self.enabled = enabled
        self.writers = writers
        self._holders = 0
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def open(self, *, urgent: bool = False) -> AsyncIterator[None]:
        """Hold the gate (one of its ``writers`` places) for the block; ``urgent`` waiters go first."""
        if not self.enabled:
            yield
            return
        if self._holders >= self.writers or self._urgent or (not urgent and self._normal):
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            (self._urgent if urgent else self._normal).append(turn)
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    self._release()  # handed the gate just as we were cancelled: pass it on
                else:
                    turn.cancel()
                raise
        else:
            self._holders += 1
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        for waiting in (self._urgent, self._normal):
            while waiting:
                turn = waiting.popleft()
                if not turn.done():
                    turn.set_result(None)  # handed over: as many holders as before
                    return
        self._holders -= 1
