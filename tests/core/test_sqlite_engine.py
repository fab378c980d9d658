"""The SQLite engine (bot/db/engine.py): SQLAlchemy's aiosqlite dialect with our PRAGMAs.

Everything else in the suite already runs on it; these tests pin down what the
rest relies on: foreign keys and WAL switched on, rows and row counts as
SQLAlchemy gives them, streamed results, errors, and a writer waiting on the
lock (in aiosqlite's thread) never blocking the event loop or, once cancelled,
the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from tests.databases import sqlite_url

things = Table(
    "things", MetaData(), Column("id", Integer, primary_key=True), Column("name", String, unique=True)
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url(tmp_path))
    async with engine.begin() as connection:
        await connection.run_sync(things.metadata.create_all)
    yield engine
    await engine.dispose()


async def test_foreign_keys_and_wal_are_on(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar_one() == 1
        assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar_one() == "wal"


async def test_rows_row_counts_and_returning(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        result = await connection.execute(insert(things).returning(things.c.id), [{"name": "a"}])
        assert result.scalar_one() == 1
        inserted = await connection.execute(insert(things).values(name="b"))
        assert inserted.rowcount == 1 and inserted.inserted_primary_key == (2,)
        many = await connection.execute(insert(things), [{"name": n} for n in "cdef"])
        assert many.rowcount == 4
        updated = await connection.execute(text("UPDATE things SET name = name || '!' WHERE id > 3"))
        assert updated.rowcount == 3
        assert (await connection.execute(select(things.c.name).where(things.c.id == 9))).first() is None
        names = (await connection.execute(select(things.c.name).order_by(things.c.id))).scalars().all()
    assert names == ["a", "b", "c", "d!", "e!", "f!"]


async def test_streamed_results_come_in_partitions(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(things), [{"name": f"n{i}"} for i in range(250)])
        stream = await connection.stream(select(things.c.id).order_by(things.c.id))
        sizes = [len(part) async for part in stream.partitions(100)]
        one = await (await connection.stream(select(things.c.id).order_by(things.c.id))).first()
    assert sizes == [100, 100, 50]
    assert one == (1,)


async def test_errors_surface_as_sqlalchemy_errors_and_nothing_is_half_written(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(things).values(name="a"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(insert(things).values(name="b"))
            await connection.execute(insert(things).values(name="a"))
    async with engine.connect() as connection:
        assert (await connection.execute(select(things.c.name))).scalars().all() == ["a"]


async def test_a_writer_waiting_for_the_lock_leaves_the_event_loop_free(engine: AsyncEngine) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    async with engine.connect() as holder:
        await holder.execute(text("BEGIN IMMEDIATE"))  # holds SQLite's write lock
        await holder.execute(insert(things).values(name="held"))
        async with engine.connect() as waiter:
            await waiter.execute(text("PRAGMA busy_timeout = 500"))
            with pytest.raises(OperationalError, match="locked"):  # after waiting 0.5 s in its own thread
                await waiter.execute(insert(things).values(name="waiting"))
        await holder.commit()
    ticking.cancel()
    assert ticks >= 20  # the loop kept running through the half-second wait


async def test_cancelling_a_statement_that_waits_for_the_lock_leaves_the_engine_working(
    engine: AsyncEngine,
) -> None:
    async def wait_for_the_lock() -> None:
        async with engine.connect() as waiter:
            await waiter.execute(text("PRAGMA busy_timeout = 1000"))
            await waiter.execute(insert(things).values(name="waiting"))

    async with engine.connect() as holder:
        await holder.execute(text("BEGIN IMMEDIATE"))
        waiting = asyncio.create_task(wait_for_the_lock())
        await asyncio.sleep(0.2)  # the waiter's INSERT is now blocked in its thread
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await holder.execute(insert(things).values(name="held"))
        await holder.commit()
    async with engine.begin() as connection:
        await connection.execute(insert(things).values(name="after"))
    async with engine.connect() as connection:
        names = (await connection.execute(select(things.c.name).order_by(things.c.id))).scalars().all()
    assert names == ["held", "after"]
