"""How far behind the inbox is, sampled every second or so: for metrics, and for back-pressure.

The acknowledgement path reads the last sample (:attr:`Backlog.behind`) and never queries for it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.inbox.store import backlog
from bot.ops import metrics

log = logging.getLogger(__name__)


class Backlog:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock, max_age: timedelta) -> None:
        self.sessions = sessions
        self.clock = clock
        self.max_age = max_age
        self.depth = 0
        self.oldest_age = 0.0  # seconds

    @property
    def behind(self) -> bool:
        """Whether the oldest row not yet answered, as last sampled, has waited longer than ``max_age``."""
        return self.oldest_age > self.max_age.total_seconds()

    async def sample(self) -> None:
        async with self.sessions() as session:
            depth, oldest = await backlog(session)
        self.depth = depth
        self.oldest_age = max(0.0, (self.clock.now() - oldest).total_seconds()) if oldest else 0.0
        metrics.inbox_backlog(self.depth, self.oldest_age)
