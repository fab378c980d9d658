"""``/journey`` and ``/bounceback export`` for a member with a long record, through the router.

One member logs a rejection with ``/rejected`` (so the community and member exist as in production),
then 10,000 more of their rejections are written directly (dates spread over three years, a third of
them without a date, every stage and reason). Then, in interleaved rounds, ``/journey`` and
``/bounceback export`` each run through the router (one transaction each, production logging), and
the latency of each is printed as min / median / max over the rounds. Targets: ``/journey`` under 30 ms
and an export under 300 ms at 10,000 rejections.

    .venv/bin/python -m bench.journey_export --rejections 10000 --rounds 5
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import (
    backend_arguments,
    check_rounds,
    migrated_database,
    production_logging,
    round_arguments,
    spread,
)
from bot import loop
from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Member, Rejection
from bot.events import Actor, CommandInvoked, Conversation
from bot.ports import EveryoneOrganises
from bot.rejected.vocabulary import Reason, Stage
from bot.wiring import build_app

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
ANA = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")
HERE = Conversation(channel_id="C1")
TARGETS = {"journey": 0.030, "export": 0.300}


async def load(engine: AsyncEngine, app: Bounceback, rejections: int) -> None:
    await app.handle(
        CommandInvoked(actor=ANA, conversation=HERE, command="rejected", text="Seed", event_id="E0")
    )
    async with engine.begin() as connection:
        community_id, member_id = (await connection.execute(select(Member.community_id, Member.id))).one()
        stages, reasons = list(Stage), list(Reason)
        rows = [
            {
                "community_id": community_id,
                "member_id": member_id,
                "company": f"Company {i}",
                "role": f"Analyst {i % 7}",
                "stage": stages[i % len(stages)].value,
                "rejected_on": None if i % 3 == 0 else (NOW - timedelta(days=i % 1000)).date(),
                "hiring_manager": "Jane Doe",
                "people_met": "Bob, Sue",
                "reason": reasons[i % len(reasons)].value,
                "feeling": 1 + i % 5,
                "notes": "Asked about the take-home; they went with someone internal.",
                "shared": i % 4 == 0,
                "created_at": NOW - timedelta(days=i % 1000, minutes=i),
            }
            for i in range(rejections)
        ]
        await connection.execute(insert(Rejection), rows)
    if engine.dialect.name == "postgresql":
        # Statistics only, as autovacuum's analyse gives a table after this many inserts; no VACUUM, so
        # the visibility map stays as a live table's is.
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE rejections"))


async def timed(app: Bounceback, command: str, text: str, event_id: str) -> float:
    event = CommandInvoked(actor=ANA, conversation=HERE, command=command, text=text, event_id=event_id)
    started = time.perf_counter()
    [reply] = await app.handle(event)
    elapsed = time.perf_counter() - started
    if command == "bounceback":
        assert reply.attachment is not None
        exported = json.loads(reply.attachment.data)
        assert len(exported["rejections"]) > 1, "the export holds the record"
    return elapsed


async def run(url: str, rejections: int, rounds: int, repeat: int) -> dict[str, list[float]]:
    engine = create_engine(url)
    app = build_app(session_factory(engine), ManualClock(NOW), EveryoneOrganises())
    await load(engine, app, rejections)
    medians: dict[str, list[float]] = {"journey": [], "export": []}
    try:
        for r in range(rounds):
            journeys, exports = [], []
            for i in range(repeat):  # interleaved: one of each in turn
                journeys.append(await timed(app, "journey", "", f"J{r}.{i}"))
                exports.append(await timed(app, "bounceback", "export", f"X{r}.{i}"))
            medians["journey"].append(sorted(journeys)[len(journeys) // 2])
            medians["export"].append(sorted(exports)[len(exports) // 2])
    finally:
        await engine.dispose()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rejections", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="commands of each kind per round")
    round_arguments(parser)
    backend_arguments(parser)
    args = parser.parse_args()
    check_rounds(args.rounds, parser.error)
    production_logging()

    async def each() -> None:
        for backend in args.backends:
            async with migrated_database(backend) as url:
                medians = await run(url, args.rejections, args.rounds, args.repeat)
            for name, values in medians.items():
                worst = max(values)
                verdict = "met" if worst < TARGETS[name] else "MISSED"
                print(
                    f"[{backend}, {loop.name()}] {name} at {args.rejections:,} rejections: p50 per round "
                    f"{spread([v * 1000 for v in values], 1)} ms "
                    f"(min / median / max over {args.rounds} rounds; "
                    f"target < {TARGETS[name] * 1000:.0f} ms in every round: {verdict})"
                )

    loop.run(each())


if __name__ == "__main__":
    main()
