"""Throwaway test databases: a SQLite file, or a fresh PostgreSQL database per test session.

Each test session creates its own PostgreSQL database, so several test runs
on one machine never trip over each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

POSTGRES_ADMIN_DSN = os.environ.get("BOUNCEBACK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


async def postgres_reachable() -> str | None:
    """None if PostgreSQL answers, else why not."""
    try:
        connection = await asyncio.wait_for(asyncpg.connect(POSTGRES_ADMIN_DSN), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        return f"{type(exc).__name__}: {exc}"
    await connection.close()
    return None


def require_postgres(reason: str | None) -> None:
    """Skip without PostgreSQL; under CI=true, fail instead: CI must test both databases."""
    if reason is None:
        return
    message = f"PostgreSQL at {POSTGRES_ADMIN_DSN} is unreachable ({reason})"
    if in_ci():
        pytest.fail(message + "; CI=true requires it", pytrace=False)
    pytest.skip(message)


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str]:
    """Create an empty database, yield its SQLAlchemy URL, drop it afterwards."""
    name = f"bb_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        admin = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def sqlite_url(directory: Path, name: str = "bounceback.sqlite3") -> str:
    return f"sqlite+aiosqlite:///{directory / name}"


@asynccontextmanager
async def frozen(db: AsyncEngine) -> AsyncIterator[None]:
    """Another connection holds the database: SQLite's write lock, or PostgreSQL's inbox and rejections."""
    if db.dialect.name == "sqlite":
        holder = sqlite3.connect(str(db.url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    dsn = db.url.set(drivername="postgresql").render_as_string(hide_password=False)
    holder = await asyncpg.connect(dsn)
    try:
        async with holder.transaction():
            await holder.execute("LOCK TABLE inbox, rejections IN ACCESS EXCLUSIVE MODE")
            yield
    finally:
        await holder.close()
