"""/rejected through the router against the same rows written by a prebuilt Core insert, interleaved.

Each command is one transaction (as in production): the community and member looked up, the event id
recorded, the rejection written, the member's record counted, the answer composed, COMMIT, and the
event's INFO log line written as production writes it (JSON, redacted). The peer writes the same
rejection row with one prebuilt Core ``INSERT`` in a transaction of its own, on the same engine and
event loop, the way the product's own hot writes do. The two alternate command by command, so a busy
machine slows both alike; each round prints ours ÷ peer, and the summary gives min / median / max over
the rounds. The ratio shows what the router and the feature cost on top of the write.

    .venv/bin/python -m bench.rejected --commands 1000 --rounds 3
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from sqlalchemy import insert, select

from bench.common import (
    Figures,
    backend_arguments,
    check_rounds,
    comparisons,
    migrated_database,
    production_logging,
    round_arguments,
)
from bot import loop
from bot.clock import ManualClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Community, Member, Rejection
from bot.events import Actor, CommandInvoked, Conversation
from bot.ports import EveryoneOrganises
from bot.wiring import build_app

COMMUNITIES = 10
MEMBERS_PER_COMMUNITY = 20
STAGES = ("applied", "interview", "final round", "screening")
NOW = datetime(2026, 11, 25, tzinfo=UTC)
HERE = Conversation(channel_id="C1")


def command_text(i: int) -> str:
    stage = STAGES[i % len(STAGES)]
    return f"Company {i} | Analyst {i % 7} | {stage} | manager: Jane Doe | met: Bob, Sue | feel: 3"


def actor(i: int) -> Actor:
    return Actor(
        platform="slack",
        workspace_id=f"T{i % COMMUNITIES}",
        user_id=f"U{i % MEMBERS_PER_COMMUNITY}",
        display_name=f"Member {i % MEMBERS_PER_COMMUNITY}",
    )


async def run(url: str, commands: int, rounds: int) -> None:
    engine = create_engine(url)
    app = build_app(session_factory(engine), ManualClock(NOW), EveryoneOrganises())
    # Every member exists before the first round (as in a live community), so both sides only write.
    for i in range(COMMUNITIES * MEMBERS_PER_COMMUNITY):
        await app.handle(
            CommandInvoked(
                actor=actor(i), conversation=HERE, command="rejected", text="Seed", event_id=f"S{i}"
            )
        )
    async with engine.connect() as connection:
        members = {
            (c, m): (cid, mid)
            for c, m, cid, mid in await connection.execute(
                select(Community.external_id, Member.platform_user_id, Community.id, Member.id).join(
                    Member, Member.community_id == Community.id
                )
            )
        }
    peer_insert = insert(Rejection.__table__)  # built once, as the product's hot writes are
    figures = comparisons("p50", "p99", "commands per second")
    where = f"{engine.dialect.name}, {loop.name()}"
    for r in range(rounds):
        ours: list[float] = []
        peer: list[float] = []
        for i in range(commands):
            event = CommandInvoked(
                actor=actor(i),
                conversation=HERE,
                command="rejected",
                text=command_text(i),
                event_id=f"E{r}.{i}",
            )
            t0 = time.perf_counter()
            [reply] = await app.handle(event)
            ours.append(time.perf_counter() - t0)
            assert reply.buttons, reply.body
            community_id, member_id = members[(f"T{i % COMMUNITIES}", f"U{i % MEMBERS_PER_COMMUNITY}")]
            row = {
                "community_id": community_id,
                "member_id": member_id,
                "company": f"Company {i}",
                "role": f"Analyst {i % 7}",
                "stage": "interview",
                "rejected_on": NOW.date(),
                "hiring_manager": "Jane Doe",
                "people_met": "Bob, Sue",
                "reason": "unknown",
                "feeling": 3,
                "shared": False,
                "created_at": NOW,
            }
            t0 = time.perf_counter()
            async with engine.begin() as connection:
                await connection.execute(peer_insert, row)
            peer.append(time.perf_counter() - t0)
        a, b = Figures(commands, sum(ours), ours), Figures(commands, sum(peer), peer)
        figures["p50"].add(a.percentile(50), b.percentile(50))
        figures["p99"].add(a.percentile(99), b.percentile(99))
        figures["commands per second"].add(a.rate, b.rate)
        print(f"[{where}] round {r + 1}: /rejected {a.describe()}")
        print(f"[{where}] round {r + 1}: Core insert {b.describe()}")
    await engine.dispose()
    print(f"[{where}] {figures['p50'].describe()}")
    print(f"[{where}] {figures['p99'].describe()}")
    print(f"[{where}] {figures['commands per second'].describe('/s', 1)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commands", type=int, default=1000, help="commands (and peer inserts) per round")
    round_arguments(parser)
    backend_arguments(parser)
    args = parser.parse_args()
    check_rounds(args.rounds, parser.error)
    production_logging()

    async def each() -> None:
        for backend in args.backends:
            async with migrated_database(backend) as url:
                await run(url, args.commands, args.rounds)

    loop.run(each())


if __name__ == "__main__":
    main()
