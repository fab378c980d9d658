"""Small helpers for driving the core through the console gateway and reading the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.console.gateway import ConsoleGateway, Printed
from bot.db.engine import session_factory


async def count(engine: AsyncEngine, model: Any, *where: Any) -> int:
    async with session_factory(engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def rows(engine: AsyncEngine, model: Any, *where: Any) -> list[Any]:
    async with session_factory(engine)() as session:
        return list((await session.scalars(select(model).where(*where).order_by(model.id))).all())


def last(console: ConsoleGateway) -> Printed:
    return list(console.messages.values())[-1]


def text_of(lines: list[str]) -> str:
    return "\n".join(lines)


async def answer_form(console: ConsoleGateway, *answers: str) -> list[str]:
    """Answer the open form's prompts in order; returns everything printed."""
    out: list[str] = []
    for answer in answers:
        out += await console.send(answer)
    return out
