"""aiosqlite connections that cross to their thread once per statement, not four times.

aiosqlite runs every call on the connection's own thread, and SQLAlchemy's
adapter makes four calls per statement: open a cursor, execute, fetch the rows,
close the cursor. Each is a round trip between the event loop and that thread
(about 50 µs here), which is most of what a statement on SQLite costs. Opening
and closing a cursor do no I/O, so this module does them on the caller's thread,
and runs execute and fetch as one call, keeping the rows for the fetch that
follows. Everything else is aiosqlite's own.

The sqlite3 connection is opened with ``check_same_thread=False`` (as SQLAlchemy
already does for file databases); SQLite itself serialises access to a
connection, and SQLAlchemy never uses one connection from two tasks at once.
Plugged in through ``create_async_engine(async_creator=...)`` by
:func:`bot.db.engine.create_engine`; ``bench/rejected.py`` shows the effect.
It builds on aiosqlite 0.22's classes and on SQLAlchemy 2.1's adapter (which
enters each cursor with ``async with``), so ``pyproject.toml`` keeps both to
those minor versions; ``tests/core/test_sqlite_driver.py`` checks a new one.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Callable, Coroutine, Iterable
from functools import partial
from typing import Any

import aiosqlite
from sqlalchemy.engine import URL

_CHUNK = 64  # aiosqlite's default iter_chunk_size


def _execute_and_fetch(cursor: sqlite3.Cursor, sql: str, parameters: Iterable[Any]) -> list[Any] | None:
    cursor.execute(sql, parameters)
    return cursor.fetchall() if cursor.description else None


class _Cursor(aiosqlite.Cursor):
    """An aiosqlite cursor whose execute also fetches, and whose close stays on this thread."""

    _rows: deque[Any] | None = None

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> _Cursor:
        rows = await self._execute(_execute_and_fetch, self._cursor, sql, parameters or ())
        self._rows = None if rows is None else deque(rows)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> _Cursor:
        self._rows = None
        await super().executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        if self._rows is None:
            return await super().fetchone()
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        if self._rows is None:
            return list(await super().fetchmany(size))
        count = min(self.arraysize if size is None else size, len(self._rows))
        return [self._rows.popleft() for _ in range(count)]

    async def fetchall(self) -> list[Any]:
        if self._rows is None:
            return list(await super().fetchall())
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        self._rows = None
        self._cursor.close()


class _Connection(aiosqlite.Connection):
    def cursor(self) -> _Cursor:  # type: ignore[override]
        # SQLAlchemy's adapter enters the cursor with ``async with``; aiosqlite.Cursor supports that.
        return _Cursor(self, self._conn.cursor())


def async_creator(url: URL) -> Callable[[], Coroutine[Any, Any, aiosqlite.Connection]]:
    """What ``create_async_engine(async_creator=...)`` calls for each new connection to ``url``."""
    args, kwargs = url.get_dialect()().create_connect_args(url)
    connect = partial(sqlite3.connect, *args, **{**kwargs, "check_same_thread": False})

    async def creator() -> aiosqlite.Connection:
        # Opened before the connection's thread starts: when opening fails on that thread, aiosqlite
        # stops it through a future no one awaits, which dies on "Event loop is closed" if the
        # loop ends first (a missing directory at start-up did that, with two tracebacks).
        opened = await asyncio.to_thread(connect)
        connection = _Connection(lambda: opened, _CHUNK)
        connection._thread.daemon = True  # as SQLAlchemy does: never keep the process alive
        return await connection

    return creator
