"""Slack through the durable inbox: saved before the acknowledgement, answered after, whatever happens.

Back-pressure, a database that can't save, a database frozen mid-answer, an expired response_url,
a form submitted twice: each through the real bolt app with signed requests, on both databases.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models import Rejection
from bot.inbox.models import InboxItem
from bot.inbox.store import Arrival
from tests.databases import frozen
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness

SAFETY_LIMIT = 30.0
BUSY = ("I'm a little busy", "there's a queue right now")
NOT_SAVED = ("couldn't save that", "didn't reach my notes")
DELAYED = ("kept what you sent", "safe with me")


async def count(db: AsyncEngine, model: type) -> int:
    async with db.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(model)) or 0


async def test_when_the_inbox_is_behind_events_get_a_503_and_commands_a_busy_note(
    slack: SlackHarness, db: AsyncEngine, clock: ManualClock
) -> None:
    inbox = slack.runtime.inbox
    # A row nobody here works on (another platform's), waiting longer than the inbox may fall behind.
    stuck = Arrival("discord", "G1", "U1", "command", "stuck", {}, {})
    await inbox.accept(stuck)
    clock.advance(inbox.backlog.max_age + timedelta(seconds=1))
    await inbox.backlog.sample()
    assert inbox.behind

    reaction = p.reaction("reaction_added", "tada", user="U0ANA", channel=p.CHANNEL, ts="1700000000.000001")
    status, _ = await slack.event(p.event_envelope(reaction, event_id="Ev0BUSY"))
    assert status == 503, "Slack retries the event later"
    status, body = await slack.command("/rejected", "Initech | Analyst")
    assert status == 200 and any(words in body for words in BUSY)
    await slack.settle()
    assert await count(db, InboxItem) == 2, "the command was saved; the event was not"
    assert await count(db, Rejection) == 1 and len(slack.api.responses) == 1

    async with db.begin() as connection:  # the backlog clears
        await connection.execute(InboxItem.__table__.delete().where(InboxItem.platform == "discord"))
    await inbox.backlog.sample()
    status, _ = await slack.event(p.event_envelope(reaction, event_id="Ev0BUSY"))
    assert status == 200


async def test_a_command_the_database_cannot_save_is_acknowledged_with_the_truth(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    async with frozen(db):
        status, body = await slack.command("/rejected", "Initech | Analyst")
        assert status == 200 and any(words in body for words in NOT_SAVED)
        reaction = p.reaction("reaction_added", "tada", user="U0ANA", channel=p.CHANNEL, ts="1.2")
        status, _ = await slack.event(p.event_envelope(reaction, event_id="Ev0FROZEN"))
        assert status == 503
    await slack.settle()
    assert await count(db, InboxItem) == 0 and slack.api.responses == []

    status, body = await slack.command("/rejected", "Initech | Analyst")  # the database is back
    assert (status, body) == (200, "")
    await slack.settle()
    assert await count(db, Rejection) == 1


async def test_a_database_frozen_mid_answer_means_an_apology_then_the_answer(
    slack: SlackHarness, db: AsyncEngine, clock: ManualClock
) -> None:
    core, inbox = slack.runtime.core, slack.runtime.inbox
    core.timeout = 0.5  # BOUNCEBACK_DB_TIMEOUT, shortened
    looking_up = slack.api.hold("users.info")  # the row is claimed; the worker asks who the member is
    status, _ = await slack.command("/rejected", "Initech | Analyst")
    assert status == 200
    await slack.api.wait_for("users.info")
    async with frozen(db):
        looking_up.set()  # the core now meets the frozen database
        [apology] = await slack.api.wait_for("response_url")
        assert any(words in apology.args["text"] for words in DELAYED)
    await slack.settle()
    assert await count(db, Rejection) == 0

    # The row could not even be put back while frozen: it is taken again when its lease ends.
    clock.advance(inbox.worker.lease + timedelta(seconds=1))
    await inbox.worker.drain()
    apology, answer = slack.api.responses
    assert "Initech" in answer["text"]
    assert await count(db, Rejection) == 1
    async with db.connect() as connection:
        assert list(await connection.scalars(select(InboxItem.status))) == ["done"]


async def test_an_answer_later_than_the_response_url_lives_comes_by_dm_after_a_sorry(
    slack: SlackHarness, db: AsyncEngine, clock: ManualClock
) -> None:
    core, inbox = slack.runtime.core, slack.runtime.inbox
    core.timeout, timeout = 1e-9, core.timeout  # the database gives up on every event for now
    await slack.command("/rejected", "Initech | Analyst")
    await slack.settle()
    assert len(slack.api.responses) == 1, "the apology, in place"

    core.timeout = timeout
    clock.advance(timedelta(minutes=31))
    await inbox.worker.drain()
    assert len(slack.api.responses) == 1, "the response_url has expired"
    dms = [c.args["text"] for c in slack.api.to("chat.postMessage") if c.args["channel"].startswith("D")]
    assert len(dms) == 2 and dms[0].startswith("Sorry") and "Initech" in dms[1]
    assert await count(db, Rejection) == 1


async def test_a_command_delivered_twice_is_answered_once(slack: SlackHarness, db: AsyncEngine) -> None:
    for _ in range(2):
        status, _ = await slack.command("/rejected", "Initech | Analyst", trigger_id="9.9.same")
        assert status == 200
    await slack.settle()
    assert await count(db, Rejection) == 1 and len(slack.api.responses) == 1


async def test_a_form_submitted_twice_with_new_triggers_saves_once(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    await slack.command("/rejected")
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    values = {"company": p.typed("Initech"), "stage": p.picked("interview")}
    first, second = await asyncio.gather(
        slack.submit(view, values, view_id="V0SAME", view_hash="1.a"),
        slack.submit(view, values, view_id="V0SAME", view_hash="1.a"),
    )
    assert first[0] == second[0] == 200
    await slack.settle()
    assert await count(db, Rejection) == 1
