"""Fan-out of the weekly check-in ping to 10,000 members in 100 communities, against a rate-limited API.

A local aiohttp server stands in for the platform and enforces Discord's documented global limit
(50 requests per second; beyond it, HTTP 429 with ``Retry-After`` and a JSON ``retry_after``). The
real runtime (APScheduler driving the claimed runs and the outbox worker, rate limiter on) starts at
Monday 09:00, claims every community's ping run and delivers. Printed: total time ÷ the rate-limit
bound (members ÷ allowed rate; target ≤ 1.15), pings lost and duplicated (target 0 and 0), how
many 429s the server answered, and the process's peak memory (the stub server runs in it too).

    .venv/bin/python -m bench.checkin_fanout                      # 10,000 members, PostgreSQL
    .venv/bin/python -m bench.checkin_fanout --members 1000 --backends sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from bench.common import backend_arguments, migrated_database, production_logging
from bot import loop
from bot.db.engine import create_engine, session_factory
from bot.db.models import Community, Member
from bot.ports import EveryoneOrganises
from bot.scheduling.runtime import scheduling
from bot.wiring import build_app, build_jobs
from tests.scheduling.platform_stub import HttpReplySender, PlatformStub

PLATFORM = "discord"
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class ShiftedClock:
    """Real time, moved to just after Monday 09:00 UTC when the benchmark starts."""

    def __init__(self) -> None:
        self.offset = MONDAY_9 + timedelta(seconds=1) - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def populate(url: str, communities: int, members: int) -> set[str]:
    engine = create_engine(url)
    created = MONDAY_9 - timedelta(hours=1)
    everyone: set[str] = set()
    async with engine.begin() as connection:
        await connection.execute(
            insert(Community),
            [
                {
                    "platform": PLATFORM,
                    "external_id": f"g{c}",
                    "name": f"g{c}",
                    "settings": {},
                    "created_at": created,
                }
                for c in range(communities)
            ],
        )
        ids = dict((await connection.execute(select(Community.external_id, Community.id))).all())
        rows = []
        for i in range(members):
            workspace = f"g{i % communities}"
            user_id = f"{workspace}-u{i}"
            everyone.add(user_id)
            rows.append(
                {
                    "community_id": ids[workspace],
                    "platform_user_id": user_id,
                    "display_name": f"Member {i}",
                    "time_zone": None,
                    "created_at": created,
                }
            )
        await connection.execute(insert(Member), rows)
    await engine.dispose()
    return everyone


async def fan_out(url: str, communities: int, members: int, rate: int) -> None:
    everyone = await populate(url, communities, members)
    stub = PlatformStub(limit=rate, window=1.0)
    await stub.start()
    sender = HttpReplySender(stub.url)
    engine = create_engine(url)
    app = build_app(session_factory(engine), ShiftedClock(), EveryoneOrganises())

    def pings() -> list[str]:
        return [a.to for a in stub.accepted if "checkins.open" in a.action_ids]

    started = time.perf_counter()
    async with scheduling(app, {PLATFORM: sender}, jobs=build_jobs(), poll_every=timedelta(seconds=0.5)):
        deadline = started + members / rate * 3 + 60
        while time.perf_counter() < deadline:  # watching the stub server, which runs in this loop
            if len(set(pings())) >= len(everyone):
                break
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        await asyncio.sleep(2)  # anything still in flight would show up as a duplicate
    delivered = Counter(pings())
    bound = members / rate
    lost = len(everyone - set(delivered))
    duplicated = sum(n - 1 for n in delivered.values() if n > 1)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {members} members in {communities} communities, limit {rate}/s: {elapsed:.1f} s, "
        f"bound {bound:.1f} s → time ÷ bound = {elapsed / bound:.3f} (target ≤ 1.15)"
    )
    print(f"  lost {lost}, duplicated {duplicated} (target 0 and 0); 429s answered: {stub.rejected_429}")
    print(f"  peak memory (RSS, bot and stub server together): {peak_mb:.0f} MB")
    await sender.close()
    await stub.stop()
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--rate", type=int, default=50, help="the server's limit, requests per second")
    backend_arguments(parser)
    parser.set_defaults(backends=["postgresql"])
    args = parser.parse_args()
    production_logging()
    for backend in args.backends:
        print(f"{backend}:")
        async with migrated_database(backend) as url:
            await fan_out(url, args.communities, args.members, args.rate)


if __name__ == "__main__":
    loop.run(main())
