"""Check-ins through the console gateway, with the scheduler running on every ``/wait`` step."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.console.gateway import ConsoleGateway
from adapters.console.outside import attach_scheduling
from bot.scheduling.models import OutboxMessage
from tests.core.helpers import answer_form, rows


@pytest.fixture
def group(console: ConsoleGateway) -> ConsoleGateway:
    """The console's group with the scheduler attached; the clock starts Monday 23 Nov 09:00 UTC."""
    attach_scheduling(console)
    return console


async def join(group: ConsoleGateway, name: str, zone: str | None = None, buddies: bool = False) -> None:
    await group.send(f"/as {name}")
    if zone:
        await group.send(f"/bounceback timezone {zone}")
    else:
        await group.send("/checkin status")  # says hello, so the member exists
    if buddies:
        await group.send("/checkin buddies on")


async def check_in(
    group: ConsoleGateway,
    name: str,
    results: tuple[int, int, int] = (5, 2, 1),
    goals: tuple[int, int, int] = (5, 2, 1),
    win: str = "",
    feeling: str = "4",
    blockers: str = "",
) -> str:
    """``name`` checks in with ``/checkin``; returns what the console printed."""
    await group.send(f"/as {name}")
    out = await group.send("/checkin")
    out += await answer_form(group, *map(str, results), win, *map(str, goals), feeling, blockers)
    return "\n".join(out)


async def sent(db: AsyncEngine, kind: str) -> list[tuple[str, datetime]]:
    """(recipient or channel, when) of each delivered message of ``kind`` (``checkins.ping``...)."""
    out = []
    for row in await rows(
        db, OutboxMessage, OutboxMessage.key.like(f"{kind}:%"), OutboxMessage.status == "done"
    ):
        assert row.sent_at is not None
        out.append((row.reply["recipient_user_id"] or row.reply["channel_id"], row.sent_at))
    return out
