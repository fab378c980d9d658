"""Claimed runs: once per (community, kind, period), caught up within the grace window, never half-done."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.db.models import Member
from bot.replies import Audience, Reply
from bot.scheduling.jobs import JobRegistry, PeriodicJob, RunContext, cron, every
from bot.scheduling.models import OutboxMessage, ScheduledRun
from bot.settings import CommunitySettings
from tests.core.helpers import count, rows
from tests.scheduling.conftest import add_community
from tests.scheduling.platform_stub import PlatformStub

MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def greet_everyone(run: RunContext) -> None:
    members = await run.session.scalars(select(Member).where(Member.community_id == run.community.id))
    for member in members:
        run.deliver(
            f"test.greet:{run.period}:{member.id}",
            Reply(
                audience=Audience.DIRECT,
                recipient_user_id=member.platform_user_id,
                body=run.voice.say("errors.internal"),
            ),
        )


def weekly_greeting(run=greet_everyone) -> JobRegistry:
    jobs = JobRegistry()
    jobs.add(PeriodicJob("test.greet", cron(day_of_week="mon", hour=9), run))
    return jobs


async def test_a_due_run_is_done_once_even_when_two_engines_tick_together(
    db, clock, make_runtime, stub: PlatformStub
):
    await add_community(db, "g1", 30, MONDAY_9 - timedelta(days=3))
    clock.set(MONDAY_9 + timedelta(minutes=1))
    first, second = make_runtime(weekly_greeting(), name="a"), make_runtime(weekly_greeting(), name="b")
    await asyncio.gather(first.tick(), second.tick(), first.tick())
    assert await count(db, ScheduledRun, ScheduledRun.kind == "test.greet") == 1
    assert await count(db, OutboxMessage) == 30
    assert sorted(a.to for a in stub.accepted) == sorted(f"g1-u{i}" for i in range(30))
    await first.tick()
    assert len(stub.accepted) == 30


async def test_runs_missed_within_the_grace_window_are_caught_up(db, clock, make_runtime, stub: PlatformStub):
    await add_community(db, "g1", 3, MONDAY_9 - timedelta(days=3))
    clock.set(MONDAY_9 + timedelta(hours=11, minutes=59))  # the process was down all morning
    await make_runtime(weekly_greeting()).tick()
    assert len(stub.accepted) == 3
    [run] = await rows(db, ScheduledRun)
    assert run.status == "done"
    assert run.due_at == MONDAY_9


async def test_runs_found_after_the_grace_window_are_skipped_and_logged(
    db, clock, make_runtime, stub: PlatformStub, caplog: pytest.LogCaptureFixture
):
    await add_community(db, "g1", 3, MONDAY_9 - timedelta(days=3))
    clock.set(MONDAY_9 + timedelta(hours=12, minutes=1))
    with caplog.at_level(logging.WARNING, logger="bot.scheduling.engine"):
        await make_runtime(weekly_greeting()).tick()
    assert stub.accepted == []
    [run] = await rows(db, ScheduledRun)
    assert run.status == "skipped"
    assert "beyond the 12:00:00 grace window" in caplog.text
    caplog.clear()
    await make_runtime(weekly_greeting()).tick()  # logged once, not at every tick
    assert "grace window" not in caplog.text


async def test_the_grace_window_is_configurable(db, clock, make_runtime, stub: PlatformStub):
    await add_community(db, "g1", 2, MONDAY_9 - timedelta(days=3))
    clock.set(MONDAY_9 + timedelta(hours=20))
    await make_runtime(weekly_greeting(), grace=timedelta(days=1)).tick()
    assert len(stub.accepted) == 2


async def test_a_run_that_fails_leaves_nothing_behind_and_is_retried(
    db, clock, make_runtime, stub: PlatformStub
):
    await add_community(db, "g1", 4, MONDAY_9 - timedelta(days=3))
    clock.set(MONDAY_9 + timedelta(minutes=5))

    async def fail_halfway(run: RunContext) -> None:
        await greet_everyone(run)
        raise RuntimeError("the database went away mid-run")

    await make_runtime(weekly_greeting(fail_halfway)).tick()
    assert await count(db, ScheduledRun) == 0
    assert await count(db, OutboxMessage) == 0
    await make_runtime(weekly_greeting()).tick()
    assert len(stub.accepted) == 4


async def test_nothing_is_due_before_a_community_existed(db, clock, make_runtime, stub: PlatformStub):
    await add_community(db, "g1", 2, MONDAY_9 + timedelta(hours=1))
    clock.set(MONDAY_9 + timedelta(hours=2))
    await make_runtime(weekly_greeting()).tick()
    assert await count(db, ScheduledRun) == 0
    clock.set(MONDAY_9 + timedelta(days=7, minutes=1))
    await make_runtime(weekly_greeting()).tick()
    assert len(stub.accepted) == 2


async def test_each_community_runs_its_own_schedule_in_its_own_zone(
    db, clock, make_runtime, stub: PlatformStub
):
    await add_community(
        db, "berlin", 1, MONDAY_9 - timedelta(days=3), settings=CommunitySettings(time_zone="Europe/Berlin")
    )
    await add_community(db, "utc", 1, MONDAY_9 - timedelta(days=3))
    runtime = make_runtime(weekly_greeting())
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))  # 09:00 in Berlin
    await runtime.tick()
    assert [a.workspace_id for a in stub.accepted] == ["berlin"]
    clock.set(MONDAY_9)
    await runtime.tick()
    assert [a.workspace_id for a in stub.accepted] == ["berlin", "utc"]


async def test_interval_jobs_coalesce_missed_runs_into_one(
    db, clock: ManualClock, make_runtime, stub: PlatformStub
):
    await add_community(db, "g1", 1, MONDAY_9 - timedelta(days=3))
    jobs = JobRegistry()
    jobs.add(PeriodicJob("test.sweep", every(timedelta(minutes=15)), greet_everyone))
    clock.set(MONDAY_9 + timedelta(hours=5, minutes=1))
    await make_runtime(jobs).tick()
    [run] = await rows(db, ScheduledRun)
    assert run.due_at == MONDAY_9 + timedelta(hours=5)


def test_a_job_kind_is_registered_once() -> None:
    jobs = weekly_greeting()
    with pytest.raises(ValueError, match="registered twice"):
        jobs.add(PeriodicJob("test.greet", every(timedelta(hours=1)), greet_everyone))
