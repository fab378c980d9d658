"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

RECYCLE_SECONDS = 300


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers work beside one writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_engine(url: str, *, timeout: float | None = None, **kwargs: Any) -> AsyncEngine:
    """An engine for ``url``; ``timeout``: seconds a PostgreSQL statement may run (asyncpg's
    ``command_timeout``). SQLite gives up waiting for its write lock after its busy timeout; the
    core's own timeout around each event covers both."""
    if is_sqlite(url):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before every checkout (a BEGIN, a round trip and a ROLLBACK each time): connections are
    # replaced after RECYCLE_SECONDS, under the idle timeouts of servers and proxies, and a connection
    # the server dropped fails its statement as a disconnect, which makes SQLAlchemy invalidate the
    # pool, so the next checkout connects afresh (the inbox retries what failed).
    kwargs.setdefault("pool_recycle", RECYCLE_SECONDS)
    kwargs.setdefault("pool_size", 10)
    if timeout is not None:
        kwargs.setdefault("connect_args", {})["command_timeout"] = timeout
    return create_async_engine(url, **kwargs)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
