"""The outbox: each message once, 429s retried after Retry-After, failures kept, dead workers' rows resent."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.engine import session_factory
from bot.db.models import PostedMessage
from bot.markup import Markup
from bot.replies import Audience, PostRecord, Reply
from bot.scheduling.models import OutboxMessage
from bot.scheduling.outbox import Later, deliver_later
from bot.scheduling.ratelimit import PlatformLimits, Rate, RateLimiter
from bot.scheduling.serialize import reply_to_json
from tests.core.helpers import count, rows
from tests.scheduling.conftest import PLATFORM, add_community
from tests.scheduling.platform_stub import PlatformStub

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


async def enqueue(db, community_id: int, recipients: list[str], **row: object) -> None:
    async with session_factory(db)() as session, session.begin():
        for to in recipients:
            reply = Reply(audience=Audience.DIRECT, recipient_user_id=to, body=Markup(f"hello {to}"))
            session.add(
                OutboxMessage(
                    community_id=community_id,
                    key=f"test:{to}",
                    platform=PLATFORM,
                    workspace_id="g1",
                    reply=reply_to_json(reply),
                    status=row.get("status", "pending"),
                    not_before=row.get("not_before", NOW),
                    lease_until=row.get("lease_until"),
                    claimed_by=row.get("claimed_by"),
                    attempts=0,
                    created_at=NOW,
                )
            )


async def statuses(db) -> dict[str, str]:
    return {r.key.removeprefix("test:"): r.status for r in await rows(db, OutboxMessage)}


async def test_two_workers_draining_together_deliver_each_message_once(
    db, clock, make_runtime, stub: PlatformStub
):
    community = await add_community(db, "g1", 0, NOW)
    recipients = [f"u{i}" for i in range(200)]
    await enqueue(db, community, recipients)
    clock.set(NOW)
    first, second = make_runtime(name="a"), make_runtime(name="b")
    delivered = await asyncio.gather(first.worker.drain(), second.worker.drain())
    assert sum(delivered) == 200
    assert sorted(a.to for a in stub.accepted) == sorted(recipients)
    assert set((await statuses(db)).values()) == {"done"}


async def test_a_429_is_retried_after_retry_after_and_nothing_is_lost_or_doubled(
    db, clock: ManualClock, make_runtime, stub: PlatformStub
):
    community = await add_community(db, "g1", 0, NOW)
    recipients = [f"u{i}" for i in range(12)]
    await enqueue(db, community, recipients)
    clock.set(NOW)
    stub.limit = 4
    runtime = make_runtime()
    for _ in range(40):
        await runtime.worker.drain()
        if set((await statuses(db)).values()) == {"done"}:
            break
        pending = await rows(db, OutboxMessage, OutboxMessage.status == "pending")
        assert all(p.not_before > clock.now() for p in pending), "a 429 must hold the message back"
        await asyncio.sleep(0.3)
        clock.advance(timedelta(seconds=1))
    assert stub.rejected_429 > 0
    assert sorted(a.to for a in stub.accepted) == sorted(recipients)
    assert all(r.attempts <= 1 for r in await rows(db, OutboxMessage)), "429s don't use up attempts"


async def test_the_limiter_keeps_under_the_platform_limit(db, clock, make_runtime, stub: PlatformStub):
    community = await add_community(db, "g1", 0, NOW)
    await enqueue(db, community, [f"u{i}" for i in range(25)])
    clock.set(NOW)
    stub.limit = 25
    limiter = RateLimiter({PLATFORM: PlatformLimits(per_app=Rate(20), per_workspace=Rate(100, burst=10))})
    await make_runtime(limiter=limiter).worker.drain()
    assert stub.rejected_429 == 0
    assert len(stub.accepted) == 25


async def test_a_permanent_failure_is_kept_as_failed_and_a_transient_one_retried(
    db, clock: ManualClock, make_runtime, stub: PlatformStub
):
    community = await add_community(db, "g1", 0, NOW)
    await enqueue(db, community, ["open", "closed", "flaky"])
    clock.set(NOW)
    stub.refuse = frozenset({"closed"})
    stub.fail_once = {"flaky"}
    runtime = make_runtime()
    await runtime.worker.drain()
    assert await statuses(db) == {"open": "done", "closed": "failed", "flaky": "pending"}
    [failed] = await rows(db, OutboxMessage, OutboxMessage.status == "failed")
    assert failed.last_error == "HTTP 403"
    clock.advance(timedelta(minutes=1))
    await runtime.worker.drain()
    assert await statuses(db) == {"open": "done", "closed": "failed", "flaky": "done"}
    assert sorted(a.to for a in stub.accepted) == ["flaky", "open"]


async def test_rows_of_a_worker_that_died_are_taken_over_when_its_lease_runs_out(
    db, clock: ManualClock, make_runtime, stub: PlatformStub
):
    community = await add_community(db, "g1", 0, NOW)
    await enqueue(
        db,
        community,
        ["expired"],
        status="sending",
        claimed_by="dead",
        lease_until=NOW - timedelta(seconds=1),
    )
    await enqueue(
        db, community, ["leased"], status="sending", claimed_by="busy", lease_until=NOW + timedelta(minutes=1)
    )
    await enqueue(db, community, ["later"], not_before=NOW + timedelta(hours=1))
    clock.set(NOW)
    await make_runtime().worker.drain()
    assert [a.to for a in stub.accepted] == ["expired"]
    assert (await statuses(db))["leased"] == "sending"


async def test_where_a_message_landed_is_recorded_for_reactions(db, clock, make_runtime, stub: PlatformStub):
    community = await add_community(db, "g1", 0, NOW)
    reply = Reply(
        audience=Audience.GROUP,
        channel_id="C1",
        body=Markup("summary"),
        record=PostRecord("checkin_summary", subject_id=7),
    )
    async with session_factory(db)() as session, session.begin():
        session.add(
            OutboxMessage(
                community_id=community,
                key="summary",
                platform=PLATFORM,
                workspace_id="g1",
                reply=reply_to_json(reply),
                status="pending",
                not_before=NOW,
                attempts=0,
                created_at=NOW,
            )
        )
    clock.set(NOW)
    await make_runtime().worker.drain()
    async with session_factory(db)() as session:
        posted = (await session.scalars(select(PostedMessage))).one()
        row = (await session.scalars(select(OutboxMessage))).one()
    assert (posted.kind, posted.subject_id, posted.platform_channel_id) == ("checkin_summary", 7, "C1")
    assert posted.platform_message_id == row.message_id == "1"
    assert await count(db, OutboxMessage, OutboxMessage.status == "done") == 1


async def test_a_reply_handed_over_for_later_goes_out_once_when_its_time_comes(
    db, clock, make_runtime, stub: PlatformStub
):
    """``deliver_later``, what an adapter calls with a reply the platform refused for now."""
    await add_community(db, "g1", 0, NOW)
    reply = Reply(audience=Audience.DIRECT, recipient_user_id="u1", body=Markup("hello u1"))
    later = Later("retry:1", reply, NOW + timedelta(minutes=1))
    for _ in range(2):  # a repeated key is ignored
        await deliver_later(session_factory(db), PLATFORM, "g1", later, now=NOW)
    [row] = await rows(db, OutboxMessage)
    assert (row.recipient_user_id, row.status, row.not_before) == ("u1", "pending", later.not_before)
    clock.set(NOW)
    runtime = make_runtime()
    assert await runtime.worker.drain() == 0  # not before its time
    clock.set(NOW + timedelta(minutes=1))
    assert await runtime.worker.drain() == 1
    assert [a.to for a in stub.accepted] == ["u1"]
