"""INSERT ... ON CONFLICT DO NOTHING on both SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: dict[str, Any], conflict: Sequence[str]
) -> bool:
    """Insert one row unless one with the same ``conflict`` columns exists. True if inserted.

    Safe against concurrent writers (the database decides), unlike select-then-insert.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    result = await session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]
