"""Shared pieces of the benchmarks: databases to run on, production logging, latency figures, and
ours-against-a-peer ratios from interleaved rounds."""

from __future__ import annotations

import argparse
import io
import statistics
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from bot.db.migrate import upgrade_async
from bot.ops.logs import configure_logging
from tests.databases import fresh_postgres_database, postgres_reachable, sqlite_url


@dataclass(frozen=True)
class Figures:
    count: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def describe(self) -> str:
        return (
            f"{self.count} in {self.seconds:.2f} s = {self.rate:,.0f}/s; "
            f"p50 {self.percentile(50) * 1000:.2f} ms, p99 {self.percentile(99) * 1000:.2f} ms, "
            f"mean {statistics.fmean(self.latencies) * 1000:.2f} ms"
        )


@asynccontextmanager
async def migrated_database(backend: str) -> AsyncIterator[str]:
    """A fresh, migrated database of one kind, removed afterwards."""
    if backend == "sqlite":
        with TemporaryDirectory() as folder:
            url = sqlite_url(Path(folder))
            await upgrade_async(url)
            yield url
        return
    problem = await postgres_reachable()
    if problem:
        raise SystemExit(f"PostgreSQL is needed for this benchmark: {problem}")
    async with fresh_postgres_database() as url:
        await upgrade_async(url)
        yield url


def backend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )


class Discard(io.TextIOBase):
    """A log stream that takes every formatted line and keeps none (so formatting is still paid)."""

    def write(self, text: str) -> int:
        return len(text)

    def isatty(self) -> bool:
        return False


# Secrets set as in production, so the redacting filter has real work to do.
PRODUCTION_ENVIRON = {
    "SLACK_BOT_TOKEN": "xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUvWx",
    "SLACK_SIGNING_SECRET": "8f742231b10e8888abcd99yyyzzz85a5",
    "DISCORD_TOKEN": "ODgxMjA3OTU1MDI5MTEwODU1.GZbench.bench-token-for-the-local-api",
    "BOUNCEBACK_DATABASE_URL": "postgresql+asyncpg://bounceback:s3cret-pg-pass@db:5432/bounceback",
}


def production_logging() -> None:
    """Log as production does (JSON at INFO, redacted), every record formatted, none kept."""
    configure_logging("INFO", "json", environ=PRODUCTION_ENVIRON, stream=Discard())  # type: ignore[arg-type]


def spread(values: list[float], digits: int = 2) -> str:
    """min / median / max of one figure over the rounds."""
    return " / ".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))


@dataclass
class Comparison:
    """One figure of ours and of the peer per round, both measured in the same round."""

    name: str
    ours: list[float]
    peer: list[float]

    def add(self, ours: float, peer: float) -> None:
        self.ours.append(ours)
        self.peer.append(peer)

    def describe(self, unit: str = "ms", scale: float = 1000) -> str:
        ratios = [o / p for o, p in zip(self.ours, self.peer, strict=True)]
        return (
            f"{self.name}: ours {spread([o * scale for o in self.ours])} {unit}, "
            f"peer {spread([p * scale for p in self.peer])} {unit}; "
            f"ours ÷ peer {spread(ratios)} (min / median / max over {len(ratios)} rounds)"
        )


def comparisons(*names: str) -> dict[str, Comparison]:
    return {name: Comparison(name, [], []) for name in names}


def round_arguments(parser: argparse.ArgumentParser, rounds: int = 3) -> None:
    parser.add_argument(
        "--rounds", type=int, default=rounds, help="interleaved rounds of ours and the peer (at least 3)"
    )


def check_rounds(rounds: int, fail: Callable[[str], object]) -> None:
    if rounds < 3:
        fail("--rounds must be at least 3")
