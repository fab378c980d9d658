"""Discord interactions end to end, beside a bare discord.py client doing the same job in the same run.

Ours: each dispatch goes through the real client (a ``BouncebackClient`` logged in against a local
stand-in for Discord's HTTP API), exactly as in the tests: ``INTERACTION_CREATE`` payloads in the
documented shape are handed to discord.py's connection-state parser, the command tree or the
persistent-button template routes them through the durable inbox to the core (database transactions),
and the answer goes out as an interaction callback to the local server. A dispatch counts as done
when everything it started has finished. Production logging (JSON, INFO) is on.

The peer: a bare ``discord.Client`` on the same local API and the same gateway harness whose
``on_interaction`` answers every interaction with an ephemeral message (and whose raw-reaction
listener does nothing). Each dispatch is fed to ours, then the same dispatch to the peer, so load on
the machine falls on both alike; every round prints ours ÷ peer for each kind of dispatch, and the
summary min / median / max over the rounds.

The mix: 50% ``/rejected`` with options (logs a rejection, answers with an embed and three buttons),
20% ``/journey``, 20% a click on an old *Remind me* button (opens a modal), 10% a kudos reaction (🙌)
on another member's message (each writes a kudos and its credit; the run checks they were written).

    .venv/bin/python -m bench.discord_interactions --dispatches 500 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import discord
from sqlalchemy import func, select

from adapters.discord.client import build_client
from adapters.discord.roles import DiscordRoles
from adapters.discord.settings import DEFAULT_ORGANISER_ROLES, DiscordSettings
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
from bot.kudos.models import Kudos
from bot.ops.memory import freeze_startup_heap
from bot.wiring import build_app
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import SAFETY_LIMIT, Gateway, click, load, member, option, reaction, slash

TOKEN = "ODgxMjA3OTU1MDI5MTEwODU1.GZbench.bench-token-for-the-local-api"
MEMBERS = 20
GIVERS = 400  # reaction givers, so no one reaches the daily kudos cap
STAGES = ("applied", "screening", "interview", "final_round")
KINDS = ("rejected", "journey", "button", "reaction")
_dispatched = iter(range(10**9))


def dispatch_for(i: int, remind_button: str) -> tuple[str, dict[str, Any]]:
    who = member(f"5000000000000000{i % MEMBERS:02d}", f"Member {i % MEMBERS}")
    slot = i % 10
    if slot < 5:
        options = [option("company", f"Company {i}"), option("stage", STAGES[i % len(STAGES)])]
        return "rejected", slash(who, "rejected", [*options, option("feeling", "3")])
    if slot < 7:
        return "journey", slash(who, "journey")
    if slot < 9:
        return "button", click(who, remind_button, ephemeral=True)
    n = next(_dispatched)
    react = reaction(
        "message_reaction_add_unicode",
        message_id=str(1_400_000_000_000_000_000 + n),
        user_id=str(600_000_000_000_000_000 + n % GIVERS),
    )
    react["d"]["emoji"] = {"id": None, "name": "🙌"}
    react["d"]["message_author_id"] = who["user"]["id"]  # a member's own message: credits its author
    return "reaction", react


def bare_client() -> discord.Client:
    """The peer: discord.py alone, answering every interaction at once."""
    client = discord.Client(intents=discord.Intents(guilds=True, guild_reactions=True))

    @client.event
    async def on_interaction(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Noted.", ephemeral=True)

    @client.event
    async def on_raw_reaction_add(_payload: discord.RawReactionActionEvent) -> None:
        return None

    return client


async def settle_bare() -> None:
    """Wait for every task discord.py started for a dispatch (the peer has no inbox)."""
    async with asyncio.timeout(SAFETY_LIMIT):
        while pending := [
            t
            for t in asyncio.all_tasks()
            if t is not asyncio.current_task() and not t.done() and t.get_name().startswith("discord.py:")
        ]:
            await asyncio.wait(pending)


async def feed(client: discord.Client, envelope: dict[str, Any]) -> None:
    """What discord.py's websocket does with a dispatch: hand ``d`` to the parser for ``t``."""
    client._connection.parsers[envelope["t"]](copy.deepcopy(envelope["d"]))


async def run(url: str, dispatches: int, burst: int, rounds: int, out: Callable[[str], None]) -> None:
    api = FakeDiscordAPI()
    await api.start()
    engine = create_engine(url)
    app = build_app(
        session_factory(engine),
        ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)),
        DiscordRoles(DEFAULT_ORGANISER_ROLES),
    )
    client = build_client(DiscordSettings(token=TOKEN, api_url=api.url), app)  # aims discord.py at the api
    peer = bare_client()
    for each in (client, peer):
        await each.login(TOKEN)
        await feed(each, load("guild_create"))
    gateway = Gateway(client)
    freeze_startup_heap()  # as ``bounceback discord`` does once connected
    where = f"{engine.dialect.name}, {loop.name()}"
    p50 = comparisons(*KINDS)
    p99 = comparisons(*KINDS)
    reactions = 0
    try:
        # An old message's button to press: one logged rejection of member 0's.
        await gateway.dispatch(
            slash(member("500000000000000000", "Member 0"), "rejected", [option("company", "Seed")])
        )
        remind = next(c for c in api.callbacks()[-1].custom_ids() if ":rejected.remind:" in c)
        for r in range(rounds):
            ours: dict[str, list[float]] = {k: [] for k in KINDS}
            bare: dict[str, list[float]] = {k: [] for k in KINDS}
            for i in range(dispatches):
                kind, envelope = dispatch_for(r * dispatches + i, remind)
                reactions += kind == "reaction"
                t0 = time.perf_counter()
                await gateway.dispatch(envelope)
                ours[kind].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                await feed(peer, envelope)
                await settle_bare()
                bare[kind].append(time.perf_counter() - t0)
            for kind in KINDS:
                a = Figures(len(ours[kind]), sum(ours[kind]), ours[kind])
                b = Figures(len(bare[kind]), sum(bare[kind]), bare[kind])
                p50[kind].add(a.percentile(50), b.percentile(50))
                p99[kind].add(a.percentile(99), b.percentile(99))
            ratios = ", ".join(f"{k} {p50[k].ours[-1] / p50[k].peer[-1]:.2f}" for k in KINDS)
            out(f"[{where}] round {r + 1}: p50 ours ÷ peer: {ratios}")
        for kind in KINDS:
            out(f"[{where}] p50 {p50[kind].describe()}")
            out(f"[{where}] p99 {p99[kind].describe()}")

        started = time.perf_counter()
        for i in range(burst):
            _, envelope = dispatch_for(rounds * dispatches + i, remind)
            reactions += envelope["t"] == "MESSAGE_REACTION_ADD"
            await feed(client, envelope)
        await gateway.settle()
        rate = burst / (time.perf_counter() - started)
        out(f"[{where}] ours, burst of {burst} handed over at once: {rate:,.0f}/s")
        async with engine.connect() as connection:
            written = await connection.scalar(select(func.count()).select_from(Kudos))
        if written != reactions:
            raise SystemExit(f"{written} kudos written for {reactions} kudos reactions")
    finally:
        await peer.close()
        await client.close()
        await engine.dispose()
        await api.close()


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dispatches", type=int, default=500, help="dispatches per round, one at a time")
    parser.add_argument("--burst", type=int, default=200, help="dispatches handed over at once, then awaited")
    round_arguments(parser)
    backend_arguments(parser)
    args = parser.parse_args(argv)
    check_rounds(args.rounds, parser.error)
    production_logging()

    async def each() -> None:
        for backend in args.backends:
            async with migrated_database(backend) as url:
                await run(url, args.dispatches, args.burst, args.rounds, out)

    loop.run(each())


if __name__ == "__main__":
    main()
