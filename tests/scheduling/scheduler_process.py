"""One bot process's background machinery, for the multi-process tests.

``python -m tests.scheduling.scheduler_process DATABASE_URL STUB_URL OFFSET_SECONDS LEASE_SECONDS``
runs the real runtime (APScheduler driving the engine and the outbox worker)
against the database, delivering to the platform stub, on a clock shifted
by OFFSET_SECONDS, until no message is left to deliver; then exits 0.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.db.engine import create_engine, session_factory
from bot.ports import EveryoneOrganises
from bot.scheduling.models import OutboxMessage
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.runtime import scheduling
from bot.wiring import build_app, build_jobs
from tests.scheduling.conftest import PLATFORM
from tests.scheduling.platform_stub import HttpReplySender


class ShiftedClock:
    """Real time moved by a fixed offset, so the process lives on the test's Monday morning."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def everything_delivered(sessions) -> bool:
    async with sessions() as session:
        total = await session.scalar(select(func.count()).select_from(OutboxMessage))
        open_ = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.status.in_(("pending", "sending")))
        )
    return bool(total) and not open_


async def main(url: str, stub_url: str, offset: float, lease: float) -> int:
    engine = create_engine(url)
    sessions = session_factory(engine)
    app = build_app(sessions, ShiftedClock(timedelta(seconds=offset)), EveryoneOrganises())
    sender = HttpReplySender(stub_url)
    try:
        async with scheduling(
            app,
            {PLATFORM: sender},
            jobs=build_jobs(),
            tick_every=timedelta(seconds=0.5),
            poll_every=timedelta(seconds=0.5),
            limiter=RateLimiter({}),
            lease=timedelta(seconds=lease),
        ):
            while True:  # polling the database is the point: it is shared with the other process
                if await everything_delivered(sessions):
                    break
                await asyncio.sleep(0.2)
    finally:
        await sender.close()
        await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))))
