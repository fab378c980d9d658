"""Pooled connections stay usable without a ping before every checkout."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from tests.databases import POSTGRES_ADMIN_DSN, fresh_postgres_database, postgres_reachable, require_postgres


async def test_a_recycled_connection_is_replaced_and_works(database_url: str) -> None:
    engine = create_engine(database_url, pool_recycle=0)
    for _ in range(3):
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT 1")) == 1
    await engine.dispose()


async def _terminate_others(engine: AsyncEngine) -> int:
    """End every other session on this database from outside, as a PostgreSQL restart would."""
    database = engine.url.database
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        return len(
            await admin.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                database,
            )
        )
    finally:
        await admin.close()


async def test_after_the_server_drops_every_connection_the_next_command_works() -> None:
    require_postgres(await postgres_reachable())
    async with fresh_postgres_database() as url:
        engine = create_engine(url, pool_size=3)
        try:
            # Three connections in the pool, all idle.
            connections = [await engine.connect() for _ in range(3)]
            for connection in connections:
                await connection.scalar(text("SELECT 1"))
            for connection in connections:
                await connection.close()
            assert await _terminate_others(engine) == 3
            # The first statement on a dropped connection fails as a disconnect ...
            with pytest.raises(DBAPIError) as failure:
                async with engine.connect() as connection:
                    await connection.scalar(text("SELECT 1"))
            assert failure.value.connection_invalidated
            # ... which invalidates the whole pool: every next command gets a fresh connection.
            for _ in range(3):
                async with engine.begin() as connection:
                    assert await connection.scalar(text("SELECT 1")) == 1
        finally:
            await engine.dispose()
