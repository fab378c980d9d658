"""Shared pieces of the benchmarks: databases to run on, and latency figures."""

from __future__ import annotations

import argparse
import statistics
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from bot.db.migrate import upgrade_async
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
