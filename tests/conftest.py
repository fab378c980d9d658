"""Shared fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.console.gateway import ConsoleGateway
from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.engine import create_engine, session_factory
from bot.db.migrate import upgrade_async
from bot.ports import EveryoneOrganises, RoleDirectory
from bot.wiring import build_app
from migrations.schema import metadata
from tests.databases import fresh_postgres_database, postgres_reachable, require_postgres, sqlite_url

BACKENDS = ("sqlite", "postgresql")
# A Monday morning, so weekly and monthly figures are easy to reason about.
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
async def postgres_problem() -> str | None:
    return await postgres_reachable()


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, postgres_problem: str | None
) -> AsyncIterator[str]:
    """A migrated database of each kind, shared by the session; tests get it emptied."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
        await upgrade_async(url)
        yield url
        return
    require_postgres(postgres_problem)
    async with fresh_postgres_database() as url:
        await upgrade_async(url)
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """The session's engine, with every table emptied after the test."""
    yield engine
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                await connection.execute(text(f"DELETE FROM {table}"))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def make_app(db: AsyncEngine, clock: ManualClock) -> Callable[..., Bounceback]:
    def make(roles: RoleDirectory | None = None) -> Bounceback:
        return build_app(session_factory(db), clock, roles or EveryoneOrganises())

    return make


@pytest.fixture
def app(make_app: Callable[..., Bounceback]) -> Bounceback:
    return make_app()


@pytest.fixture
def console(app: Bounceback, clock: ManualClock, tmp_path) -> ConsoleGateway:
    return ConsoleGateway(app, clock, attachments_dir=tmp_path / "files")
