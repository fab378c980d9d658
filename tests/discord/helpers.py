"""Members, lookups and small readers shared by the Discord tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from tests.discord.gateway import ADMIN_PERMISSIONS, ORGANISER_ROLE_ID, member

ANA_ID = "400000000000000001"
BEN_ID = "400000000000000002"
CLEO_ID = "400000000000000003"
ANA = member(ANA_ID, "Ana")
BEN = member(BEN_ID, "Ben")
ADMIN = member(CLEO_ID, "Cleo", permissions=ADMIN_PERMISSIONS)
ROLE_ORGANISER = member(CLEO_ID, "Cleo", roles=(ORGANISER_ROLE_ID,))


async def rows(db: AsyncEngine, model: type, *where: Any) -> list[Any]:
    async with session_factory(db)() as session:
        return list(await session.scalars(select(model).where(*where)))


async def count(db: AsyncEngine, model: type, *where: Any) -> int:
    async with session_factory(db)() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def labels_of(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The Label components of a modal callback's ``data``."""
    return [c for c in modal["components"] if c["type"] == 18]
