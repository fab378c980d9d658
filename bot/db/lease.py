"""Claiming rows for one worker, the pattern the outbox and the inbox share.

One transaction picks the ready rows with ``SELECT ... FOR UPDATE SKIP LOCKED``
(PostgreSQL: concurrent workers skip each other's rows instead of waiting; SQLite
has a single writer and ignores the clause), then marks them claimed with one
UPDATE that repeats the readiness condition, so a row another worker claimed in
between is not taken twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession


async def claim(
    session: AsyncSession,
    model: Any,
    ready: ColumnElement[bool],
    *,
    order_by: Sequence[Any],
    limit: int,
    values: dict[str, Any],
    returning: Sequence[Any],
) -> Sequence[Row[*tuple[Any, ...]]]:
    """Claim up to ``limit`` ready rows of ``model`` (inside a transaction); their ``returning`` columns."""
    pick = select(model.id).where(ready).order_by(*order_by).limit(limit).with_for_update(skip_locked=True)
    ids = list(await session.scalars(pick))
    if not ids:
        return []
    result = await session.execute(
        update(model)
        .where(model.id.in_(ids), ready)
        .values(**values)
        .returning(*returning)
        .execution_options(synchronize_session=False)
    )
    return result.all()
