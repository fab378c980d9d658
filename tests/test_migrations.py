"""Alembic owns the schema: models and migrations agree, and every migration goes down and up again."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from bot.db.engine import create_engine
from bot.db.migrate import alembic_config, downgrade, upgrade
from migrations.schema import metadata
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


# Runs the migrations in a process where slack_sdk can't be imported, as after `pip install bounceback`.
WITHOUT_SLACK_SDK = """
import sys
from importlib.abc import MetaPathFinder


class NoSlackSdk(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "slack_sdk":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NoSlackSdk())
from bot.db.migrate import upgrade

upgrade(sys.argv[1])
assert "slack_sdk" not in sys.modules
"""


async def test_without_slack_sdk_the_migrations_build_the_same_schema(tmp_path) -> None:
    """Migrating needs no platform SDK, and builds Slack's tables exactly as slack_sdk declares them."""
    url = sqlite_url(tmp_path)
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", WITHOUT_SLACK_SDK, url], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert await differences(url) == []
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= await tables(url)


def test_the_migrations_form_one_line() -> None:
    """One head: every new migration builds on the newest, so `db upgrade head` reaches every table."""
    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1
