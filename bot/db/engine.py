"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT = 10.0  # seconds
RECYCLE_SECONDS = 300
# Connections kept open (PostgreSQL): the inbox worker's slots (16 by default) each hold one while
# handling, beside the marking, claiming and sampling. A smaller pool opened and closed an overflow
# connection per event under load (connect, authenticate, prepare every statement again).
POOL_SIZE = 24


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Foreign keys are off by default in SQLite; WAL lets readers work beside one writer.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        cursor.close()

    return on_connect


def create_engine(url: str, *, timeout: float | None = None, **kwargs: Any) -> AsyncEngine:
    """An engine for ``url``; ``timeout``: seconds a statement may run (PostgreSQL: asyncpg's
    ``command_timeout``) or wait for SQLite's write lock (its busy timeout, 10 s by default).

    On SQLite the wait happens in aiosqlite's thread, where cancelling the awaiting task doesn't reach
    it: a statement given up by the caller would keep waiting, and then hold the lock. So the busy
    timeout itself is the bound there."""
    if is_sqlite(url):
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas(timeout or SQLITE_BUSY_TIMEOUT))
        return engine
    # No ping before every checkout (a BEGIN, a round trip and a ROLLBACK each time): connections are
    # replaced after RECYCLE_SECONDS, under the idle timeouts of servers and proxies, and a connection
    # the server dropped fails its statement as a disconnect, which makes SQLAlchemy invalidate the
    # pool, so the next checkout connects afresh (the inbox retries what failed).
    kwargs.setdefault("pool_recycle", RECYCLE_SECONDS)
    kwargs.setdefault("pool_size", POOL_SIZE)
    if timeout is not None:
        kwargs.setdefault("connect_args", {})["command_timeout"] = timeout
    return create_async_engine(url, **kwargs)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
