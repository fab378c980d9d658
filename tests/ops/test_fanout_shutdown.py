"""SIGTERM in the middle of a fan-out: the process exits 0 in time and leaves no claimed-but-unsent delivery.

Messages the platform accepted are marked sent; every other claimed message goes back to the outbox
at once (not after its lease), so the next process delivers the rest: nobody gets a message twice,
nobody is missed. Run against a real process, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.markup import Markup
from bot.replies import Audience, Reply
from bot.scheduling.models import OutboxMessage
from bot.scheduling.serialize import reply_to_json
from tests.ops.processes import ROOT, clean_environment
from tests.scheduling.conftest import PLATFORM, add_community
from tests.scheduling.platform_stub import PlatformStub

MESSAGES = 400
SHUTDOWN_LIMIT = 25.0


@pytest.fixture
async def stub() -> AsyncIterator[PlatformStub]:
    # Discord-like: a global limit, answered with 429 and Retry-After beyond it, so the fan-out takes a while.
    server = PlatformStub(limit=25, window=1.0)
    await server.start()
    yield server
    await server.stop()


async def enqueue(db: AsyncEngine, community_id: int) -> None:
    now = datetime.now(UTC)
    async with session_factory(db)() as session, session.begin():
        for i in range(MESSAGES):
            reply = Reply(audience=Audience.DIRECT, recipient_user_id=f"m{i}", body=Markup("Check-in time!"))
            session.add(
                OutboxMessage(
                    community_id=community_id,
                    key=f"fanout:{i}",
                    platform=PLATFORM,
                    workspace_id="g-fanout",
                    reply=reply_to_json(reply),
                    status="pending",
                    not_before=now,
                    attempts=0,
                    created_at=now,
                )
            )


async def statuses(db: AsyncEngine) -> dict[str, int]:
    async with session_factory(db)() as session:
        found = await session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: count for status, count in found.all()}


async def start(database_url: str, stub: PlatformStub, **env: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.ops.fanout_process",
        database_url,
        stub.url,
        cwd=ROOT,
        env=clean_environment(BOUNCEBACK_OPS_PORT="0", BOUNCEBACK_LOG_FORMAT="json", **env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_sigterm_mid_fan_out_hands_back_what_it_did_not_send(
    db: AsyncEngine, database_url: str, stub: PlatformStub
) -> None:
    community = await add_community(db, "g-fanout", 0, datetime.now(UTC))
    await enqueue(db, community)
    first = await start(database_url, stub)
    for _ in range(600):
        if len(stub.accepted) >= 60:
            break
        await asyncio.sleep(0.05)
    assert 60 <= len(stub.accepted) < MESSAGES, "the fan-out should be under way"
    first.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(first.communicate(), SHUTDOWN_LIMIT)
    assert first.returncode == 0, err.decode()
    assert b"Traceback" not in err, err.decode()
    levels = {json.loads(line)["level"] for line in err.decode().splitlines()}
    assert not levels & {"ERROR", "CRITICAL"}, err.decode()  # neither a job nor a delivery "failed"

    after = await statuses(db)
    assert "sending" not in after, after  # nothing claimed and left hanging
    assert after.get("done", 0) == len(stub.accepted)  # each accepted message is marked sent, once
    assert after.get("pending", 0) == MESSAGES - len(stub.accepted)

    second = await start(database_url, stub)
    for _ in range(1200):
        if (await statuses(db)).get("done") == MESSAGES:
            break
        await asyncio.sleep(0.1)
    second.send_signal(signal.SIGTERM)
    await asyncio.wait_for(second.communicate(), SHUTDOWN_LIMIT)
    assert second.returncode == 0
    recipients = [a.to for a in stub.accepted]
    assert sorted(recipients) == sorted(f"m{i}" for i in range(MESSAGES))  # everyone, nobody twice


async def test_sigterm_while_the_platform_makes_us_wait_does_not_wait_it_out(
    db: AsyncEngine, database_url: str, stub: PlatformStub
) -> None:
    """A 429 with a long Retry-After holds every delivery in flight; stopping must not sit through it."""
    community = await add_community(db, "g-fanout", 0, datetime.now(UTC))
    await enqueue(db, community)
    stub.limit, stub.window = 40, 60.0  # after 40 messages: 429, Retry-After up to a minute
    waiting = await start(database_url, stub, BOUNCEBACK_SHUTDOWN_TIMEOUT="10")
    for _ in range(600):
        if stub.rejected_429:
            break
        await asyncio.sleep(0.05)
    assert stub.rejected_429 and len(stub.accepted) == 40
    waiting.send_signal(signal.SIGTERM)
    _out, err = await asyncio.wait_for(waiting.communicate(), SHUTDOWN_LIMIT)
    assert waiting.returncode == 0, err.decode()  # 70 would mean it overran its 10 s bound
    after = await statuses(db)
    assert "sending" not in after and after.get("done") == 40, after
