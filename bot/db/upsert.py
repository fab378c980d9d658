"""INSERT ... ON CONFLICT on both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import DeclarativeBase

from bot.db.changed import rows_changed


def _insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


@cache
def _insert_ignoring(dialect: str, table: Table, conflict: tuple[str, ...]) -> Insert:
    # One statement object per table: SQLAlchemy then computes its cache key once, not per call.
    return _insert(dialect, table).on_conflict_do_nothing(index_elements=list(conflict))


@cache
def _insert_or_updating(dialect: str, table: Table, key: tuple[str, ...]) -> Insert:
    statement = _insert(dialect, table)
    changes = {c.name: statement.excluded[c.name] for c in table.columns if c.name not in key}
    return statement.on_conflict_do_update(index_elements=list(key), set_=changes)


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], conflict: Sequence[str]
) -> bool:
    """Insert one row unless one with the same ``conflict`` columns exists. True if inserted.

    Safe against concurrent writers (the database decides), unlike select-then-insert.
    """
    table = model.__table__
    assert isinstance(table, Table), "a declarative model maps one table"
    statement = _insert_ignoring(session.get_bind().dialect.name, table, tuple(conflict))
    result = await session.execute(statement, values)
    return bool(rows_changed(result))


async def insert_or_update(
    connection: AsyncConnection, table: Table, values: dict[str, Any], key: Sequence[str]
) -> None:
    """Insert one row (every column given), or overwrite the row with the same ``key`` columns."""
    statement = _insert_or_updating(connection.dialect.name, table, tuple(key))
    await connection.execute(statement, values)
