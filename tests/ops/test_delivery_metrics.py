"""The outbox worker and run engine count what they do: sent, retried, failed; runs claimed and skipped."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.engine import session_factory
from bot.markup import Markup
from bot.replies import Audience, Reply
from bot.scheduling.jobs import Due, JobRegistry, PeriodicJob, RunContext
from bot.scheduling.models import OutboxMessage
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.runtime import SchedulingRuntime
from bot.scheduling.serialize import reply_to_json
from tests.scheduling.conftest import PLATFORM, add_community
from tests.scheduling.platform_stub import HttpReplySender, PlatformStub

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def deliveries(outcome: str) -> float:
    labels = {"platform": PLATFORM, "outcome": outcome}
    return REGISTRY.get_sample_value("bounceback_deliveries_total", labels) or 0.0


def runs(kind: str, outcome: str) -> float:
    labels = {"kind": kind, "outcome": outcome}
    return REGISTRY.get_sample_value("bounceback_scheduled_runs_total", labels) or 0.0


@pytest.fixture
async def stub() -> AsyncIterator[PlatformStub]:
    server = PlatformStub(refuse=frozenset({"closed-dms"}), fail_once={"flaky"})
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def sender(stub: PlatformStub) -> AsyncIterator[HttpReplySender]:
    client = HttpReplySender(stub.url)
    yield client
    await client.close()


async def enqueue(db: AsyncEngine, community_id: int, recipients: list[str]) -> None:
    async with session_factory(db)() as session, session.begin():
        for to in recipients:
            reply = Reply(audience=Audience.DIRECT, recipient_user_id=to, body=Markup("hello"))
            session.add(
                OutboxMessage(
                    community_id=community_id,
                    key=f"metrics:{to}",
                    platform=PLATFORM,
                    workspace_id="g-metrics",
                    reply=reply_to_json(reply),
                    status="pending",
                    not_before=NOW,
                    attempts=0,
                    created_at=NOW,
                )
            )


async def test_deliveries_are_counted_by_outcome(
    db: AsyncEngine, app: Bounceback, clock: ManualClock, sender: HttpReplySender
) -> None:
    community = await add_community(db, "g-metrics", 0, NOW)
    await enqueue(db, community, ["ana", "ben", "closed-dms", "flaky"])
    clock.set(NOW)
    before = {o: deliveries(o) for o in ("sent", "retried", "failed")}
    runtime = SchedulingRuntime(app, {PLATFORM: sender}, jobs=JobRegistry(), limiter=RateLimiter({}))
    await runtime.worker.drain()
    assert deliveries("sent") == before["sent"] + 2
    assert deliveries("failed") == before["failed"] + 1  # DMs closed: no retry can help
    assert deliveries("retried") == before["retried"] + 1  # a 503: tried again later
    clock.advance(timedelta(hours=1))
    await runtime.worker.drain()
    assert deliveries("sent") == before["sent"] + 3


async def test_scheduled_runs_are_counted_when_claimed_and_when_skipped(
    db: AsyncEngine, app: Bounceback, clock: ManualClock, sender: HttpReplySender
) -> None:
    await add_community(db, "g-metrics", 0, NOW - timedelta(days=30))

    async def schedule(_session, _community, since: datetime, until: datetime) -> list[Due]:
        dues = [Due("long-ago", NOW - timedelta(days=2)), Due("now", NOW)]
        return [d for d in dues if since < d.due_at <= until]

    async def run(_run: RunContext) -> None:
        return None

    jobs = JobRegistry()
    jobs.add(PeriodicJob("ops.test", schedule, run, grace=timedelta(hours=1)))
    before = runs("ops.test", "claimed"), runs("ops.test", "skipped")
    clock.set(NOW)
    await SchedulingRuntime(app, {PLATFORM: sender}, jobs=jobs, limiter=RateLimiter({})).tick()
    assert runs("ops.test", "claimed") == before[0] + 1
    assert runs("ops.test", "skipped") == before[1] + 1
