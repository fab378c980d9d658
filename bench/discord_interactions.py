"""Discord interactions end to end: dispatches parsed by discord.py, handled by the core, answered over HTTP.

Each dispatch goes through the real client (a ``BouncebackClient`` logged in against a local stand-in for
Discord's HTTP API), exactly as in the tests: ``INTERACTION_CREATE`` payloads in the documented shape
are handed to discord.py's connection-state parser, the command tree or the persistent-button template
routes them to the core (one database transaction each), and the answer goes out as an interaction
callback to the local server. A dispatch counts as done when everything it started has finished.

The mix: 50% ``/rejected`` with options (logs a rejection, answers with an embed and three buttons),
20% ``/journey``, 20% a click on an old *Remind me* button (opens a modal), 10% a raw reaction.

    .venv/bin/python -m bench.discord_interactions --dispatches 1000 --burst 200
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from adapters.discord.client import build_client
from adapters.discord.roles import DiscordRoles
from adapters.discord.settings import DEFAULT_ORGANISER_ROLES, DiscordSettings
from bench.common import Figures, backend_arguments, migrated_database
from bot import loop
from bot.clock import ManualClock
from bot.db.engine import create_engine, session_factory
from bot.wiring import build_app
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import Gateway, click, load, member, option, reaction, settle, slash

TOKEN = "ODgxMjA3OTU1MDI5MTEwODU1.GZbench.bench-token-for-the-local-api"
MEMBERS = 20
STAGES = ("applied", "screening", "interview", "final_round")


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
    react = reaction(
        "message_reaction_add_unicode",
        message_id=str(1_400_000_000_000_000_000 + i),
        user_id=who["user"]["id"],
    )
    return "reaction", react


async def run(url: str, dispatches: int, burst: int) -> tuple[Figures, dict[str, Figures], Figures]:
    api = FakeDiscordAPI()
    await api.start()
    engine = create_engine(url)
    app = build_app(
        session_factory(engine),
        ManualClock(datetime(2026, 11, 25, 9, tzinfo=UTC)),
        DiscordRoles(DEFAULT_ORGANISER_ROLES),
    )
    client = build_client(DiscordSettings(token=TOKEN, api_url=api.url), app)
    await client.login(TOKEN)
    client._connection.parsers["GUILD_CREATE"](load("guild_create")["d"])
    gateway = Gateway(client)
    try:
        # An old message's button to press: one logged rejection of member 0's.
        await gateway.dispatch(
            slash(member("500000000000000000", "Member 0"), "rejected", [option("company", "Seed")])
        )
        remind = next(c for c in api.callbacks()[-1].custom_ids() if ":rejected.remind:" in c)

        by_kind: dict[str, list[float]] = {}
        latencies = []
        started = time.perf_counter()
        for i in range(dispatches):
            kind, envelope = dispatch_for(i, remind)
            t0 = time.perf_counter()
            await gateway.dispatch(envelope)
            elapsed = time.perf_counter() - t0
            latencies.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
        sequential = Figures(dispatches, time.perf_counter() - started, latencies)
        kinds = {k: Figures(len(v), sum(v), v) for k, v in by_kind.items()}

        answered_before = len(api.requests)
        started = time.perf_counter()
        parse = client._connection.parsers
        for i in range(burst):
            _, envelope = dispatch_for(dispatches + i, remind)
            parse[envelope["t"]](envelope["d"])
        await settle(client)
        seconds = time.perf_counter() - started
        concurrent = Figures(burst, seconds, [seconds])
        assert len(api.requests) > answered_before
        check_answered(api, dispatches + burst + 1)
    finally:
        await client.close()
        await engine.dispose()
        await api.close()
    return sequential, kinds, concurrent


def check_answered(api: FakeDiscordAPI, dispatches: int) -> None:
    """Every interaction got exactly one initial response (reactions get none)."""
    interactions = len(api.callbacks())
    reactions = sum(1 for i in range(dispatches - 1) if i % 10 == 9)
    expected = dispatches - reactions
    if interactions != expected:
        raise SystemExit(f"{interactions} interaction responses for {expected} interactions")


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dispatches", type=int, default=1000, help="dispatches handled one after another")
    parser.add_argument("--burst", type=int, default=200, help="dispatches handed over at once, then awaited")
    backend_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    async def each() -> None:
        for backend in args.backends:
            async with migrated_database(backend) as url:
                sequential, kinds, concurrent = await run(url, args.dispatches, args.burst)
            out(f"{backend}: one at a time: {sequential.describe()}")
            for kind, figures in sorted(kinds.items()):
                out(f"{backend}:   {kind:<9} {figures.describe()}")
            out(f"{backend}: burst of {args.burst} at once: {concurrent.rate:,.0f} dispatches/s")

    loop.run(each())


if __name__ == "__main__":
    main()
