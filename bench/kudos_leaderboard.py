"""Kudos at scale on PostgreSQL: leaderboard latency over many kudos, and reactions handled per second.

Loads 500 communities (sizes vary tenfold), their members, 200,000 kudos (``--kudos 1000000`` for
the full-size run) and
their credits spread over the past half year, with COPY. Then, for one
community at a time (random ones, and the largest), it times the leaderboards
exactly as ``/kudos top`` runs them (encouragers and most cheered, two queries)
for the past week and for all time — target p95 under 50 ms — and the whole
``/kudos top`` command through the router. It prints each query's plan with
the indexes it used, and finally times reaction events through the router
(each one a transaction: event id claimed, emoji matched, cap counted, kudos
and credit written), each followed by the same kudos and credit written with prebuilt Core inserts in one
transaction (the peer), over interleaved rounds: ours ÷ peer, min / median / max. No VACUUM after
loading: the visibility map stays as a live table's is.
Production logging (JSON, INFO) is on.

    .venv/bin/python -m bench.kudos_leaderboard [--kudos 200000] [--communities 500] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bench.common import (
    Figures,
    check_rounds,
    comparisons,
    migrated_database,
    production_logging,
    round_arguments,
)
from bot import loop
from bot.clock import ManualClock
from bot.db.engine import create_engine, session_factory
from bot.events import Actor, CommandInvoked, Conversation, ReactionAdded
from bot.kudos.giving import given_since_query
from bot.kudos.leaderboard import Period, board_query, most_cheered, top_encouragers
from bot.kudos.models import Kudos, KudosCredit
from bot.ports import EveryoneOrganises
from bot.wiring import build_app

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MEMBERS_PER_COMMUNITY = 40
HISTORY = timedelta(days=180)
CHUNK = 100_000


def community_sizes(kudos: int, communities: int, rng: random.Random) -> list[int]:
    """Kudos per community: weights from 1 to 10, scaled to add up to ``kudos``."""
    weights = [rng.uniform(1, 10) for _ in range(communities)]
    scale = kudos / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[0] += kudos - sum(sizes)
    return sizes


def kudos_rows(sizes: list[int], rng: random.Random) -> Iterator[tuple]:
    """(id, community, giver, receiver, emoji, message, post_kind, created_at) for every kudos."""
    kudos_id = 0
    for c, size in enumerate(sizes):
        community_id = c + 1
        first_member = c * MEMBERS_PER_COMMUNITY + 1
        for _ in range(size):
            kudos_id += 1
            giver = first_member + rng.randrange(MEMBERS_PER_COMMUNITY)
            receiver = first_member + (
                giver - first_member + 1 + rng.randrange(MEMBERS_PER_COMMUNITY - 1)
            ) % (MEMBERS_PER_COMMUNITY)
            post_kind = "rejection_card" if rng.random() < 0.1 else None
            at = NOW - HISTORY * rng.random()
            yield kudos_id, community_id, giver, receiver, "u:👏", f"m{kudos_id}", post_kind, at


async def load(engine: AsyncEngine, kudos: int, communities: int) -> list[int]:
    rng = random.Random(6)
    sizes = community_sizes(kudos, communities, rng)
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.copy_records_to_table(
            "communities",
            columns=["id", "platform", "external_id", "name", "settings", "created_at"],
            records=[(c + 1, "slack", f"T{c + 1}", "", "{}", NOW - HISTORY) for c in range(communities)],
        )
        await raw.copy_records_to_table(
            "members",
            columns=["id", "community_id", "platform_user_id", "display_name", "time_zone", "created_at"],
            records=[
                (c * MEMBERS_PER_COMMUNITY + m + 1, c + 1, f"U{m}", f"Member {m}", None, NOW - HISTORY)
                for c in range(communities)
                for m in range(MEMBERS_PER_COMMUNITY)
            ],
        )
        rows = kudos_rows(sizes, rng)
        while chunk := [next(rows, None) for _ in range(CHUNK)]:
            chunk = [r for r in chunk if r is not None]
            if not chunk:
                break
            await raw.copy_records_to_table(
                "kudos",
                columns=[
                    "id",
                    "community_id",
                    "member_id",
                    "source",
                    "emoji",
                    "platform_message_id",
                    "post_kind",
                    "created_at",
                ],
                records=[(i, c, g, "reaction", e, m, k, at) for i, c, g, _, e, m, k, at in chunk],
            )
            await raw.copy_records_to_table(
                "kudos_credits",
                columns=["id", "community_id", "kudos_id", "member_id", "post_kind", "created_at"],
                records=[(i, c, i, r, k, at) for i, c, _, r, _, _, k, at in chunk],
            )
        for table in ("communities", "members", "kudos", "kudos_credits"):
            await raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        await connection.commit()
    # Statistics only (as autovacuum's analyse would soon give them). No VACUUM: it would mark every page
    # all-visible, which a live table's latest week is not, and flatter the index-only scans.
    async with engine.connect() as connection:
        await connection.execute(text("ANALYZE communities, members, kudos, kudos_credits"))
    return sizes


async def time_boards(engine: AsyncEngine, community_ids: list[int], period: Period) -> Figures:
    sessions = session_factory(engine)
    since = period.since(NOW)
    latencies = []
    started = time.perf_counter()
    for community_id in community_ids:
        t0 = time.perf_counter()
        async with sessions() as session:
            givers = await top_encouragers(session, community_id, since)
            cheered = await most_cheered(session, community_id, since)
        latencies.append(time.perf_counter() - t0)
        assert givers and cheered
    return Figures(len(community_ids), time.perf_counter() - started, latencies)


async def time_top_command(engine: AsyncEngine, community_ids: list[int], period: Period) -> Figures:
    app = build_app(session_factory(engine), ManualClock(NOW), EveryoneOrganises())
    here = Conversation(channel_id="C1")
    latencies = []
    started = time.perf_counter()
    for n, community_id in enumerate(community_ids):
        actor = Actor(
            platform="slack", workspace_id=f"T{community_id}", user_id="U1", display_name="Member 1"
        )
        event = CommandInvoked(
            actor=actor,
            conversation=here,
            command="kudos",
            text=f"top {period.value}",
            event_id=f"top-{period}-{n}",
        )
        t0 = time.perf_counter()
        [board] = await app.handle(event)
        latencies.append(time.perf_counter() - t0)
        assert "Top encouragers" in board.body, board.body
    return Figures(len(community_ids), time.perf_counter() - started, latencies)


SCAN = re.compile(r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan) (?:using (\w+) )?on (\w+)")


async def explain(session: AsyncSession, title: str, query: Select[Any], table: str) -> list[str]:
    """A query's plan, as run (EXPLAIN ANALYZE): the scans it chose and its execution time."""
    connection = await session.connection()
    compiled = query.compile(dialect=connection.dialect)
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    plan = [row[0] for row in await connection.exec_driver_sql("EXPLAIN ANALYZE " + compiled.string, params)]
    out = [f"  {title}:"]
    out += ["    " + line.strip() for line in plan if SCAN.search(line) or "Execution Time" in line]
    matches = [found.groups() for found in map(SCAN.search, plan) if found]
    scans = sorted(
        {f"{kind} {index or ''} on {on}".replace("  ", " ") for kind, index, on in matches if on == table}
    )
    out.append(f"    => {table} read by: {', '.join(scans)}")
    return out


async def time_reactions(
    engine: AsyncEngine, communities: int, events: int, concurrency: int, round_: int
) -> tuple[Figures, Figures]:
    """Reaction events through the router, ``concurrency`` at a time (as a busy process handles them),
    each followed by its peer: the same kudos and credit written by prebuilt Core inserts in one
    transaction on the same engine."""
    app = build_app(session_factory(engine), ManualClock(NOW), EveryoneOrganises())
    here = Conversation(channel_id="C1")
    rng = random.Random(7 + concurrency + 100 * round_)
    batch = f"c{concurrency}r{round_}"  # new event ids each round, so none is a repeat
    ours: list[float] = []
    peer: list[float] = []
    slots = asyncio.Semaphore(concurrency)
    kudos_insert = insert(Kudos.__table__).returning(Kudos.__table__.c.id)
    credit_insert = insert(KudosCredit.__table__)

    async def react(n: int) -> None:
        community = rng.randrange(communities) + 1
        giver, receiver = rng.sample(range(MEMBERS_PER_COMMUNITY), 2)
        actor = Actor(
            platform="slack",
            workspace_id=f"T{community}",
            user_id=f"U{giver}",
            display_name=f"Member {giver}",
        )
        event = ReactionAdded(
            actor=actor,
            conversation=here,
            emoji="clap::skin-tone-3",
            message_id=f"bench-{batch}-{n}",
            message_author_id=f"U{receiver}",
            event_id=f"EvBench-{batch}-{n}",
        )
        first_member = (community - 1) * MEMBERS_PER_COMMUNITY + 1
        async with slots:
            t0 = time.perf_counter()
            await app.handle(event)
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            async with engine.begin() as connection:
                kudos_id = await connection.scalar(
                    kudos_insert,
                    {
                        "community_id": community,
                        "member_id": first_member + giver,
                        "source": "reaction",
                        "emoji": "u:👏",
                        "platform_message_id": f"peer-{batch}-{n}",
                        "created_at": NOW,
                    },
                )
                await connection.execute(
                    credit_insert,
                    {
                        "community_id": community,
                        "kudos_id": kudos_id,
                        "member_id": first_member + receiver,
                        "created_at": NOW,
                    },
                )
            peer.append(time.perf_counter() - t0)

    started = time.perf_counter()
    await asyncio.gather(*(react(n) for n in range(events)))
    seconds = time.perf_counter() - started
    return Figures(events, seconds, ours), Figures(events, seconds, peer)


def milliseconds(figures: Figures) -> str:
    return (
        f"p50 {figures.percentile(50) * 1000:.2f} ms, p95 {figures.percentile(95) * 1000:.2f} ms, "
        f"p99 {figures.percentile(99) * 1000:.2f} ms ({figures.count} runs)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kudos", type=int, default=200_000, help="1,000,000 for the full-size run")
    parser.add_argument("--communities", type=int, default=500)
    parser.add_argument("--queries", type=int, default=300, help="leaderboards timed per period")
    parser.add_argument("--reactions", type=int, default=500, help="reaction events timed per round")
    round_arguments(parser)
    args = parser.parse_args()
    check_rounds(args.rounds, parser.error)
    production_logging()
    async with migrated_database("postgresql") as url:
        engine = create_engine(url)
        t0 = time.perf_counter()
        sizes = await load(engine, args.kudos, args.communities)
        print(
            f"loaded {sum(sizes):,} kudos and as many credits over {args.communities} communities "
            f"({min(sizes):,} to {max(sizes):,} each) in {time.perf_counter() - t0:.1f} s"
        )
        rng = random.Random(8)
        random_ids = [rng.randrange(args.communities) + 1 for _ in range(args.queries)]
        largest = max(range(args.communities), key=lambda c: sizes[c]) + 1
        for period in (Period.WEEK, Period.ALL):
            await time_boards(engine, random_ids[:20], period)  # warm the pool and caches
            spread = await time_boards(engine, random_ids, period)
            big = await time_boards(engine, [largest] * args.queries, period)
            command = await time_top_command(engine, random_ids, period)
            verdict = "met" if max(spread.percentile(95), big.percentile(95)) < 0.050 else "MISSED"
            print(f"leaderboards, {period.value} (2 queries), random communities: {milliseconds(spread)}")
            size = f"{sizes[largest - 1]:,} kudos"
            print(f"leaderboards, {period.value} (2 queries), largest ({size}): {milliseconds(big)}")
            print(f"/kudos top {period.value} through the router: {milliseconds(command)}")
            print(f"  target p95 < 50 ms: {verdict}")
        print("query plans (largest community):")
        async with session_factory(engine)() as session:
            for period in (Period.WEEK, Period.ALL):
                for model in (Kudos, KudosCredit):
                    query = board_query(model, largest, period.since(NOW), 5)
                    title = f"{model.__tablename__} by member, {period.value}"
                    for line in await explain(session, title, query, model.__tablename__):
                        print(line)
            giver = (largest - 1) * MEMBERS_PER_COMMUNITY + 1
            cap = given_since_query(largest, giver, NOW - timedelta(hours=12))
            for line in await explain(session, "a giver's kudos today (the daily cap)", cap, "kudos"):
                print(line)
        for concurrency in (1, 8):
            figures = comparisons("reaction p50", "reaction p99")
            for r in range(args.rounds):
                ours, peer = await time_reactions(engine, args.communities, args.reactions, concurrency, r)
                figures["reaction p50"].add(ours.percentile(50), peer.percentile(50))
                figures["reaction p99"].add(ours.percentile(99), peer.percentile(99))
            print(f"reaction events, {concurrency} at a time, through the router vs two Core inserts:")
            for comparison in figures.values():
                print(f"  {comparison.describe()}")
        await engine.dispose()


if __name__ == "__main__":
    loop.run(main())
