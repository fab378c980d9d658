"""Alembic owns the schema: models and migrations agree, and every migration goes down and up again."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.db.all_models import metadata
from bot.db.engine import create_engine
from bot.db.migrate import alembic_config, downgrade, upgrade
from tests.databases import fresh_postgres_database, require_postgres, sqlite_url


async def differences(url: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), metadata
                )
            )
    finally:
        await engine.dispose()


async def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


async def round_trip(url: str) -> None:
    await asyncio.to_thread(upgrade, url)
    assert await differences(url) == []
    assert set(metadata.tables) <= await tables(url)
    await asyncio.to_thread(downgrade, url, "base")
    assert await tables(url) <= {"alembic_version"}
    await asyncio.to_thread(upgrade, url)
    assert await differences(url) == []


async def test_sqlite_upgrade_downgrade_upgrade(tmp_path) -> None:
    await round_trip(sqlite_url(tmp_path))


async def test_postgresql_upgrade_downgrade_upgrade(postgres_problem) -> None:
    require_postgres(postgres_problem)
    async with fresh_postgres_database() as url:
        await round_trip(url)


def test_the_migrations_form_one_line() -> None:
    """One head: every new migration builds on the newest, so `db upgrade head` reaches every table."""
    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1
