"""The durable inbox with the real core on both databases; the platform is a small recording stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.engine import session_factory
from bot.db.models import Rejection
from bot.events import Actor, CommandInvoked, Conversation, Event
from bot.inbox.models import InboxItem
from bot.inbox.runtime import Inbox, InboxLimits, Saved, running
from bot.inbox.store import Arrival, purge_finished
from bot.inbox.worker import Answers, Claimed
from bot.replies import Reply

PLATFORM = "console"
SAFETY_LIMIT = 30.0


@dataclass
class Recording:
    """A platform's side that records what it was asked to say; ``hold`` pauses a delivery."""

    handled_keys: list[str] = field(default_factory=list)
    delivered: list[tuple[str, list[str], str | None]] = field(default_factory=list)
    apologies: list[tuple[str, str]] = field(default_factory=list)
    hold: asyncio.Event | None = None
    delivering: asyncio.Event = field(default_factory=asyncio.Event)
    at_once: int = 0
    most_at_once: int = 0
    two_at_once: asyncio.Event = field(default_factory=asyncio.Event)

    async def events(self, item: Claimed) -> Sequence[Event]:
        self.handled_keys.append(item.key)
        actor = Actor(
            platform=PLATFORM, workspace_id=item.workspace_id, user_id=item.user_id, display_name="A"
        )
        return [
            CommandInvoked(
                actor=actor,
                conversation=Conversation(channel_id="C1"),
                event_id=f"{PLATFORM}:{item.key}",
                command=item.payload["command"],
                text=item.payload["text"],
            )
        ]

    async def deliver(self, item: Claimed, answers: Answers, *, late: Reply | None, shown: bool) -> None:
        self.delivering.set()
        self.at_once += 1
        self.most_at_once = max(self.most_at_once, self.at_once)
        if self.at_once >= 2:
            self.two_at_once.set()
        if self.hold is not None:
            await self.hold.wait()
        self.at_once -= 1
        bodies = [str(r.body) for step in answers for r in step]
        self.delivered.append((item.key, bodies, str(late.body) if late else None))

    async def apologise(self, item: Claimed, apology: Reply) -> None:
        self.apologies.append((item.key, str(apology.body)))


def arrival(key: str, text: str = "Initech | Analyst", **kw: Any) -> Arrival:
    return Arrival(
        platform=PLATFORM,
        workspace_id="W1",
        user_id="U1",
        kind="command",
        key=key,
        payload={"command": "rejected", "text": text},
        reply_to={},
        **kw,
    )


def inbox_for(app: Bounceback, platform: Recording, name: str = "worker-a", **limits: Any) -> Inbox:
    inbox = Inbox(app, name=name, limits=InboxLimits(**limits))
    inbox.worker.serve(PLATFORM, platform)
    return inbox


async def count(db: AsyncEngine, model: type) -> int:
    async with session_factory(db)() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def rows(db: AsyncEngine) -> list[InboxItem]:
    async with session_factory(db)() as session:
        return list((await session.scalars(select(InboxItem).order_by(InboxItem.id))).all())


async def test_a_repeat_is_acknowledged_and_changes_nothing(app: Bounceback, db: AsyncEngine) -> None:
    inbox = inbox_for(app, Recording())
    assert await inbox.accept(arrival("t1")) is Saved.NEW
    assert await inbox.accept(arrival("t1", text="something else")) is Saved.REPEAT
    [row] = await rows(db)
    assert (row.status, row.payload["text"], row.attempts) == ("pending", "Initech | Analyst", 0)


async def test_each_row_is_handled_and_answered_once(app: Bounceback, db: AsyncEngine) -> None:
    platform = Recording()
    inbox = inbox_for(app, platform, slots=3)
    for i in range(10):
        await inbox.accept(arrival(f"t{i}", f"Company {i} | Analyst"))
    await inbox.worker.drain()
    assert sorted(k for k, _, _ in platform.delivered) == sorted(f"t{i}" for i in range(10))
    assert await count(db, Rejection) == 10
    finished = await rows(db)
    assert {r.status for r in finished} == {"done"}
    assert all(r.payload == {} and r.answer is None for r in finished), "the member's words are gone"


async def test_two_workers_share_the_rows_without_taking_one_twice(make_app: Any, db: AsyncEngine) -> None:
    first, second = Recording(), Recording()
    a = inbox_for(make_app(), first, "worker-a", slots=4)
    b = inbox_for(make_app(), second, "worker-b", slots=4)
    for i in range(40):
        await a.accept(arrival(f"t{i}", f"Company {i} | Analyst"))
    async with asyncio.timeout(SAFETY_LIMIT):
        await asyncio.gather(a.worker.drain(), b.worker.drain())
    keys = [k for k, _, _ in first.delivered + second.delivered]
    assert sorted(keys) == sorted(f"t{i}" for i in range(40))
    assert await count(db, Rejection) == 40


async def test_while_running_a_row_is_saved_claimed_by_its_worker_and_a_repeat_is_not_handed_over(
    app: Bounceback, db: AsyncEngine
) -> None:
    platform = Recording(hold=asyncio.Event())
    inbox = inbox_for(app, platform, slots=2)
    async with running(inbox, stop_within=5, poll_every=3600):
        assert await inbox.accept(arrival("t1")) is Saved.NEW
        [row] = await rows(db)
        assert (row.status, row.claimed_by, row.attempts) == ("working", "worker-a", 1), "no claim after"
        assert await inbox.accept(arrival("t1")) is Saved.REPEAT
        assert await inbox.accept(arrival("t2", "Company 2 | Analyst")) is Saved.NEW
        assert await inbox.accept(arrival("t3", "Company 3 | Analyst")) is Saved.NEW
        saved = [(r.dedupe_key, r.status) for r in await rows(db)]
        assert saved == [("t1", "working"), ("t2", "working"), ("t3", "pending")], "no slot left for t3"
        platform.hold.set()  # type: ignore[union-attr]
        async with asyncio.timeout(SAFETY_LIMIT):
            await inbox.worker.drain()
    assert sorted(platform.handled_keys) == ["t1", "t2", "t3"], "each once"
    assert await count(db, Rejection) == 3
    assert {r.status for r in await rows(db)} == {"done"}


async def test_the_answer_is_stored_with_the_handling_and_delivered_after_a_crash_without_handling_again(
    make_app: Any, db: AsyncEngine, clock: ManualClock
) -> None:
    dying = Recording(hold=asyncio.Event())  # never set: the process dies while sending
    a = inbox_for(make_app(), dying, "worker-a", lease=timedelta(seconds=60))
    await a.accept(arrival("t1"))
    working = asyncio.create_task(a.worker.drain())
    async with asyncio.timeout(SAFETY_LIMIT):
        await dying.delivering.wait()
    [row] = await rows(db)
    assert row.status == "working" and row.answer is not None, "the answer was committed with the rejection"
    assert await count(db, Rejection) == 1
    working.cancel()  # the process is gone; its row stays claimed until the lease ends

    survivor = Recording()
    b = inbox_for(make_app(), survivor, "worker-b")
    await b.worker.drain()
    assert survivor.delivered == [], "the lease still holds"
    clock.advance(timedelta(seconds=61))
    await b.worker.drain()
    [(key, bodies, late)] = survivor.delivered
    assert key == "t1" and late is None
    assert any("Initech" in body for body in bodies)
    assert await count(db, Rejection) == 1, "handled once"
    [done] = await rows(db)
    assert done.status == "done"


async def test_an_expired_way_back_means_a_late_answer_with_an_apology_first(
    app: Bounceback, db: AsyncEngine, clock: ManualClock
) -> None:
    platform = Recording()
    inbox = inbox_for(app, platform)
    await inbox.accept(arrival("t1", reply_expires_at=clock.now() + timedelta(minutes=30)))
    clock.advance(timedelta(minutes=31))
    await inbox.worker.drain()
    [(_, bodies, late)] = platform.delivered
    assert late is not None and late.startswith("Sorry")
    assert any("Initech" in body for body in bodies)


async def test_a_failing_core_apologises_once_then_answers_when_it_works_again(
    app: Bounceback, db: AsyncEngine, clock: ManualClock
) -> None:
    platform = Recording()
    inbox = inbox_for(app, platform)
    await inbox.accept(arrival("t1"))
    timeout, app.timeout = app.timeout, 1e-9  # every handling now runs out of time
    await inbox.worker.drain()
    clock.advance(timedelta(seconds=3))
    await inbox.worker.drain()
    [row] = await rows(db)
    assert (row.status, row.attempts, row.apologised) == ("pending", 2, True)
    assert row.last_error == "HandlingFailed"
    assert len(platform.apologies) == 1 and platform.delivered == []
    assert "kept what you sent" in platform.apologies[0][1] or "safe with me" in platform.apologies[0][1]
    assert await count(db, Rejection) == 0

    app.timeout = timeout
    clock.advance(timedelta(seconds=5))
    await inbox.worker.drain()
    [(key, bodies, _)] = platform.delivered
    assert key == "t1" and any("Initech" in body for body in bodies)
    assert len(platform.apologies) == 1
    assert await count(db, Rejection) == 1


async def test_after_the_last_attempt_the_row_fails_and_the_member_is_told_to_try_again(
    app: Bounceback, db: AsyncEngine, clock: ManualClock
) -> None:
    platform = Recording()
    inbox = inbox_for(app, platform)
    inbox.worker.max_attempts = 2
    await inbox.accept(arrival("t1"))
    app.timeout = 1e-9
    for _ in range(3):
        await inbox.worker.drain()
        clock.advance(timedelta(minutes=1))
    [row] = await rows(db)
    assert (row.status, row.payload) == ("failed", {})
    assert [a for _, a in platform.apologies][1:] and "try again" in platform.apologies[-1][1]
    assert len(platform.apologies) == 2


async def test_stopping_hands_back_what_is_still_under_way(app: Bounceback, db: AsyncEngine) -> None:
    platform = Recording(hold=asyncio.Event())
    inbox = inbox_for(app, platform)
    await inbox.accept(arrival("t1"))
    inbox.kick()
    async with asyncio.timeout(SAFETY_LIMIT):
        await platform.delivering.wait()
    await inbox.worker.stop(within=0.05)
    [row] = await rows(db)
    assert (row.status, row.claimed_by, row.attempts) == ("pending", None, 0)
    assert row.answer is not None, "the next worker delivers it without handling it again"


async def test_the_backlog_sample_drives_back_pressure(
    app: Bounceback, db: AsyncEngine, clock: ManualClock
) -> None:
    inbox = inbox_for(app, Recording(), max_age=timedelta(seconds=120))
    await inbox.accept(arrival("t1"))
    await inbox.backlog.sample()
    assert (inbox.backlog.depth, inbox.behind) == (1, False)
    clock.advance(timedelta(seconds=121))
    await inbox.backlog.sample()
    assert inbox.behind and inbox.backlog.oldest_age >= 121
    await inbox.worker.drain()
    await inbox.backlog.sample()
    assert (inbox.backlog.depth, inbox.behind) == (0, False)
    clock.advance(timedelta(days=2))
    assert await purge_finished(app.sessions, clock.now()) == 1


async def test_the_worker_bounds_the_work_in_flight(app: Bounceback, db: AsyncEngine) -> None:
    platform = Recording(hold=asyncio.Event())
    inbox = inbox_for(app, platform, slots=2)
    for i in range(5):
        await inbox.accept(arrival(f"t{i}", f"Company {i} | Analyst"))
    draining = asyncio.create_task(inbox.worker.drain())
    async with asyncio.timeout(SAFETY_LIMIT):
        await platform.two_at_once.wait()
    assert await count_working(db) == 2, "three rows wait in the database, not in memory"
    platform.hold.set()  # type: ignore[union-attr]
    async with asyncio.timeout(SAFETY_LIMIT):
        await draining
    assert len(platform.delivered) == 5 and platform.most_at_once == 2


async def count_working(db: AsyncEngine) -> int:
    async with session_factory(db)() as session:
        return (
            await session.scalar(
                select(func.count()).select_from(InboxItem).where(InboxItem.status == "working")
            )
            or 0
        )


async def test_a_live_worker_keeps_its_rows_past_the_lease_by_renewing_it(
    make_app: Any, db: AsyncEngine, clock: ManualClock
) -> None:
    slow = Recording(hold=asyncio.Event())
    a = inbox_for(make_app(), slow, "worker-a", lease=timedelta(seconds=60))
    await a.accept(arrival("t1"))
    working = asyncio.create_task(a.worker.drain())
    async with asyncio.timeout(SAFETY_LIMIT):
        await slow.delivering.wait()
    other = Recording()
    b = inbox_for(make_app(), other, "worker-b")
    for _ in range(3):  # three minutes, renewed every 40 s
        clock.advance(timedelta(seconds=40))
        await a.worker.renew_leases()
        await b.worker.drain()
    assert other.delivered == [], "not taken over while worked on"
    slow.hold.set()  # type: ignore[union-attr]
    await working
    assert [k for k, _, _ in slow.delivered] == ["t1"]
