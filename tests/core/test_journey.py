"""/journey's figures, counted by the database: this month and the last day in the member's own zone."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.events import Actor, CommandInvoked, Conversation

HERE = Conversation(channel_id="C1")
ANA = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")


async def say(app, text: str, command: str = "rejected") -> str:
    [reply, *_] = await app.handle(CommandInvoked(actor=ANA, conversation=HERE, command=command, text=text))
    return reply.body


async def test_months_and_days_are_the_members_own(app, clock: ManualClock) -> None:
    await say(app, "Pacific/Auckland", "bounceback timezone")  # UTC+13 in summer
    clock.set(datetime(2026, 11, 30, 10, tzinfo=UTC))  # 23:00 on 30 November in Auckland
    await say(app, "Acme | Analyst | final round | reason: internal")
    clock.set(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 12:30 on 1 December in Auckland
    await say(app, "Beta | Analyst | interview | reason: internal")
    await say(app, "Gamma | date: 2026-12-01 | stage: interview | reason: freeze")
    await say(app, "Delta | date: 2026-11-15")
    journey = await say(app, "", "journey")
    assert "Rejections logged: 4 (this month: 2)." in journey
    assert "Days since the last one: 0." in journey
    assert "Final round: 1" in journey and "Interview: 2" in journey
    assert "Internal candidate: 2" in journey and "Hiring freeze: 1" in journey and "Not given: 1" in journey


async def test_days_since_the_last_counts_undated_ones_by_when_they_were_logged(
    app, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 11, 2, 12, tzinfo=UTC))
    await say(app, "Acme")
    await say(app, "Beta | date: 2026-10-30")
    clock.set(datetime(2026, 11, 12, 12, tzinfo=UTC))
    journey = await say(app, "", "journey")
    assert "Rejections logged: 2 (this month: 1)." in journey
    assert "Days since the last one: 10." in journey


async def test_nothing_logged_yet(app) -> None:
    assert "Nothing logged yet" in await say(app, "", "journey")


async def test_lessons_and_plan_steps_are_counted(app) -> None:
    await say(app, "lesson Slow down on SQL questions", "reflect")
    for step in ("plan Practise joins", "plan cert: AWS associate", "plan course: statistics"):
        await say(app, step, "reflect")
    await say(app, "done 1", "reflect")
    assert "Lessons noted: 1. Plan steps open: 2, done: 1." in await say(app, "", "journey")
    await say(app, "Acme")
    assert "Lessons noted: 1. Plan steps open: 2, done: 1." in await say(app, "", "journey")
