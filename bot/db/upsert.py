"""INSERT ... ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


@cache
def _insert_ignoring(dialect: str, table: Table, conflict: tuple[str, ...]) -> Insert:
    # One statement object per table: SQLAlchemy then computes its cache key once, not per call.
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_nothing(index_elements=list(conflict))


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], conflict: Sequence[str]
) -> bool:
    """Insert one row unless one with the same ``conflict`` columns exists. True if inserted.

    Safe against concurrent writers (the database decides), unlike select-then-insert.
    """
    table: Table = model.__table__  # type: ignore[assignment]
    statement = _insert_ignoring(session.get_bind().dialect.name, table, tuple(conflict))
    result = await session.execute(statement, values)
    return bool(result.rowcount)  # type: ignore[attr-defined]
