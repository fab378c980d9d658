"""/rejected through the router vs the same rows written with plain SQLAlchemy inserts.

Each command is one transaction (as in production): the community and member looked up (one SELECT),
the event id recorded (one INSERT), the rejection written (one INSERT), the member's record counted (one
SELECT), the answer composed, COMMIT. The baseline writes the same rows, one transaction each, with
plain Core inserts. Both run in the same process, on the same engine and event loop as production
(bot.db.engine, bot.loop). The ratio shows what the router and the features cost on top of the writes;
it has no target: what a member feels is the latency of bench.slack_ack.

    .venv/bin/python -m bench.rejected --commands 10000
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from sqlalchemy import insert, select

from bench.common import Figures, backend_arguments, migrated_database
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


def command_text(i: int) -> str:
    stage = STAGES[i % len(STAGES)]
    return f"Company {i} | Analyst {i % 7} | {stage} | manager: Jane Doe | met: Bob, Sue | feel: 3"


async def run_ours(url: str, commands: int) -> Figures:
    engine = create_engine(url)
    app = build_app(
        session_factory(engine), ManualClock(datetime(2026, 11, 25, tzinfo=UTC)), EveryoneOrganises()
    )
    here = Conversation(channel_id="C1")
    latencies = []
    started = time.perf_counter()
    for i in range(commands):
        actor = Actor(
            platform="slack",
            workspace_id=f"T{i % COMMUNITIES}",
            user_id=f"U{i % MEMBERS_PER_COMMUNITY}",
            display_name=f"Member {i % MEMBERS_PER_COMMUNITY}",
        )
        event = CommandInvoked(
            actor=actor, conversation=here, command="rejected", text=command_text(i), event_id=f"Ev{i}"
        )
        t0 = time.perf_counter()
        [reply] = await app.handle(event)
        latencies.append(time.perf_counter() - t0)
        assert reply.buttons, reply.body
    seconds = time.perf_counter() - started
    await engine.dispose()
    return Figures(commands, seconds, latencies)


async def run_plain(url: str, commands: int) -> Figures:
    """The same rejection rows, one plain INSERT per transaction, for the members the first run created."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    async with sessions() as session:
        members = {
            (c, m): (cid, mid)
            for c, m, cid, mid in await session.execute(
                select(Community.external_id, Member.platform_user_id, Community.id, Member.id).join(
                    Member, Member.community_id == Community.id
                )
            )
        }
    now = datetime(2026, 11, 25, tzinfo=UTC)
    latencies = []
    started = time.perf_counter()
    for i in range(commands):
        community_id, member_id = members[(f"T{i % COMMUNITIES}", f"U{i % MEMBERS_PER_COMMUNITY}")]
        t0 = time.perf_counter()
        async with sessions() as session, session.begin():
            await session.execute(
                insert(Rejection).values(
                    community_id=community_id,
                    member_id=member_id,
                    company=f"Company {i}",
                    role=f"Analyst {i % 7}",
                    stage="interview",
                    rejected_on=now.date(),
                    hiring_manager="Jane Doe",
                    people_met="Bob, Sue",
                    reason="unknown",
                    feeling=3,
                    shared=False,
                    created_at=now,
                )
            )
        latencies.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - started
    await engine.dispose()
    return Figures(commands, seconds, latencies)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--commands", type=int, default=10_000)
    backend_arguments(parser)
    args = parser.parse_args()
    for backend in args.backends:
        async with migrated_database(backend) as url:
            ours = await run_ours(url, args.commands)
            plain = await run_plain(url, args.commands)
        where = f"{backend}, {loop.name()}"
        print(f"[{where}] /rejected via router: {ours.describe()}")
        print(f"[{where}] plain inserts:        {plain.describe()}")
        print(f"[{where}] ratio ours/plain = {ours.rate / plain.rate:.2f}")


if __name__ == "__main__":
    loop.run(main())
