"""Alembic, driven from code: ``bounceback db upgrade`` and the automatic upgrade at start."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import NullPool

import migrations
from bot.db.engine import create_engine, is_sqlite
from bot.db.problems import database_problems


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    # Passed as an attribute, not an option: ConfigParser would choke on '%' in passwords.
    config.attributes["database_url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    with database_problems(url):
        if is_sqlite(url):
            _open_sqlite(url)
        command.upgrade(alembic_config(url), revision)


def _open_sqlite(url: str) -> None:
    """Open the SQLite file once with the standard library's driver, as the URL says.

    A file that can't be opened (a missing directory, no permission) then fails here, in this thread;
    through aiosqlite the same failure can race its worker thread against the closing event loop and
    print that thread's traceback after our one line.
    """
    engine = sqlalchemy.create_engine(make_url(url).set(drivername="sqlite"), poolclass=NullPool)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    with database_problems(url):
        command.downgrade(alembic_config(url), revision)


def current(url: str) -> None:
    with database_problems(url):
        command.current(alembic_config(url), verbose=False)


async def upgrade_async(url: str, revision: str = "head") -> None:
    """Upgrade from inside a running event loop (Alembic's env runs its own loop in a thread).

    Then check the database takes writes: a schema already current needs none,
    and a read-only file or server would otherwise fail at the first member's command.
    """
    await asyncio.to_thread(upgrade, url, revision)
    with database_problems(url):
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                await _check_writable(connection, sqlite=is_sqlite(url))
        finally:
            await engine.dispose()


async def _check_writable(connection: AsyncConnection, *, sqlite: bool) -> None:
    if sqlite:
        # Another process holding SQLite's write lock says nothing about whether we may write: don't wait.
        await connection.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        await connection.execute(text("UPDATE alembic_version SET version_num = version_num"))
    except OperationalError as err:
        if not (sqlite and "database is locked" in str(err.orig)):
            raise
