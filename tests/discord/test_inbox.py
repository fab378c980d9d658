"""Discord's durable inbox: interactions saved before the first response, answered once, even after a crash.

A "dead" process is a real client whose inbox worker stops, or hangs while delivering, after the
interaction was saved and acknowledged; a fresh client (as after a restart, or another shard's
process sharing the database) then takes the row once its lease has run out.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.discord.client import BouncebackClient
from adapters.discord.translate import PLATFORM
from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.models import Rejection
from bot.events import Event
from bot.inbox.models import InboxItem
from bot.inbox.runtime import ACCEPT_BUDGET, Saved
from bot.inbox.store import Arrival
from bot.inbox.worker import Answers, Claimed, InboxProcessor
from bot.replies import Reply
from tests.discord.conftest import MakeClient
from tests.discord.fake_api import FakeDiscordAPI, Recorded
from tests.discord.gateway import CHANNEL_ID, SAFETY_LIMIT, Gateway, click, option, slash
from tests.discord.helpers import ANA, ANA_ID, count, labels_of, rows

EPHEMERAL = 64
DEFERRED = 5
MESSAGE = 4
UNKNOWN_WEBHOOK = (404, {"message": "Unknown Webhook", "code": 10015})
INVALID_WEBHOOK_TOKEN = (401, {"message": "Invalid Webhook Token", "code": 50027})
SORRY = ("Sorry for the delay", "Sorry that took so long")


class Dying:
    """The Discord processor of a process that dies while delivering: handled and stored, never sent."""

    def __init__(self, processor: InboxProcessor) -> None:
        self.processor = processor
        self.delivering = asyncio.Event()

    async def events(self, item: Claimed) -> Sequence[Event]:
        return await self.processor.events(item)

    async def deliver(self, item: Claimed, answers: Answers, *, late: Reply | None, shown: bool) -> None:
        self.delivering.set()
        await asyncio.Event().wait()  # the process is gone

    async def apologise(self, item: Claimed, apology: Reply) -> None:
        await self.processor.apologise(item, apology)


async def died_while_delivering(client: BouncebackClient, envelope: dict[str, Any]) -> None:
    """The client acknowledges the interaction (a deferral), handles it, stores the answer, then dies."""
    dying = Dying(client.inbox.worker.processors[PLATFORM])
    client.inbox.worker.serve(PLATFORM, dying)
    client.bridge.defer_after = 0
    client._connection.parsers[envelope["t"]](copy.deepcopy(envelope["d"]))
    async with asyncio.timeout(SAFETY_LIMIT):
        await dying.delivering.wait()
    for task in asyncio.all_tasks():
        if task is not asyncio.current_task() and "InboxWorker" in repr(task.get_coro()):
            task.cancel()  # the process is gone: its claimed row stays ``working`` until the lease ends


async def inbox_rows(db: AsyncEngine) -> list[InboxItem]:
    return await rows(db, InboxItem)


def dms(fake_api: FakeDiscordAPI) -> list[Recorded]:
    """Messages posted anywhere but the server's channel: in the member's DM."""
    return [r for r in fake_api.channel_posts() if r.path != f"/channels/{CHANNEL_ID}/messages"]


async def test_an_interaction_is_saved_answered_in_place_and_its_row_closed(
    gateway: Gateway, fake_api: FakeDiscordAPI, db: AsyncEngine
) -> None:
    envelope = slash(ANA, "rejected", [option("company", "Acme")])
    await gateway.dispatch(envelope)
    [answer] = fake_api.callbacks()
    assert answer.json["type"] == MESSAGE and "Acme" in answer.message["embeds"][0]["title"]
    [row] = await inbox_rows(db)
    assert (row.platform, row.dedupe_key, row.kind, row.user_id) == (
        PLATFORM,
        envelope["d"]["id"],
        "form",
        ANA_ID,
    )
    assert row.status == "done"
    assert row.payload == {} and row.answer is None, "the member's words are gone once answered"


async def test_a_row_left_working_by_a_dead_process_is_followed_up_once_after_the_lease(
    make_client: MakeClient, fake_api: FakeDiscordAPI, db: AsyncEngine, clock: ManualClock
) -> None:
    await died_while_delivering(await make_client(), slash(ANA, "rejected", [option("company", "Hooli")]))
    [deferred] = fake_api.callbacks()
    assert deferred.json["type"] == DEFERRED
    [row] = await inbox_rows(db)
    assert row.status == "working" and row.answer, "the answer was stored with the rejection"

    restarted = await make_client()
    await restarted.inbox.worker.drain()
    assert fake_api.followups() == [], "the lease still holds"

    clock.advance(timedelta(seconds=61))
    await restarted.inbox.worker.drain()
    await restarted.inbox.worker.drain()
    [follow_up] = fake_api.followups()
    assert follow_up.message["flags"] & EPHEMERAL
    assert "Hooli" in follow_up.message["embeds"][0]["title"]
    assert not any(s in follow_up.text for s in SORRY), "in time: no apology"
    assert fake_api.callbacks() == [deferred] and dms(fake_api) == []
    assert await count(db, Rejection) == 1, "handled once"
    [done] = await inbox_rows(db)
    assert done.status == "done"


async def test_once_the_token_has_expired_the_answer_is_a_dm_that_says_sorry_first(
    make_client: MakeClient, fake_api: FakeDiscordAPI, db: AsyncEngine, clock: ManualClock
) -> None:
    await died_while_delivering(await make_client(), slash(ANA, "rejected", [option("company", "Hooli")]))
    restarted = await make_client()
    clock.advance(timedelta(minutes=16))
    await restarted.inbox.worker.drain()

    assert fake_api.followups() == []
    [opened] = fake_api.sent("POST", "/users/@me/channels")
    assert str(opened.json["recipient_id"]) == ANA_ID
    sorry, answer = dms(fake_api)
    assert any(s in sorry.text for s in SORRY)
    assert "Hooli" in answer.message["embeds"][0]["title"]
    [done] = await inbox_rows(db)
    assert done.status == "done"


@pytest.mark.parametrize("refusal", [UNKNOWN_WEBHOOK, INVALID_WEBHOOK_TOKEN], ids=["unknown", "expired"])
async def test_a_follow_up_refused_because_the_interaction_was_never_acknowledged_becomes_a_dm(
    make_client: MakeClient,
    fake_api: FakeDiscordAPI,
    db: AsyncEngine,
    clock: ManualClock,
    refusal: tuple[int, dict[str, Any]],
) -> None:
    dead = await make_client()
    await dead.inbox.worker.stop(0)  # the process dies after saving, before its worker or its deferral ran
    dead.bridge.defer_after = SAFETY_LIMIT
    saved = asyncio.Event()
    accept = dead.inbox.accept

    async def accept_and_die(arrival: Arrival, budget: float = ACCEPT_BUDGET) -> Saved:
        outcome = await accept(arrival, budget)
        saved.set()
        return outcome

    dead.inbox.accept = accept_and_die  # type: ignore[method-assign]
    envelope = slash(ANA, "rejected", [option("company", "Initech")])
    dead._connection.parsers["INTERACTION_CREATE"](envelope["d"])
    async with asyncio.timeout(SAFETY_LIMIT):
        await saved.wait()
    for task in asyncio.all_tasks():
        if task.get_name().startswith("CommandTree"):
            task.cancel()
    assert fake_api.callbacks() == [], "never acknowledged"
    fake_api.requests.clear()

    fake_api.answer_once("POST", r"/webhooks/\d+/[^/]+", *refusal)
    restarted = await make_client()
    clock.advance(timedelta(seconds=5))
    await restarted.inbox.worker.drain()

    [refused] = fake_api.followups()
    assert refused.message["flags"] & EPHEMERAL
    sorry, answer = dms(fake_api)
    assert any(s in sorry.text for s in SORRY)
    assert "Initech" in answer.message["embeds"][0]["title"]
    assert await count(db, Rejection) == 1
    [done] = await inbox_rows(db)
    assert done.status == "done"


async def test_a_replayed_interaction_writes_one_row_and_is_answered_once(
    gateway: Gateway, make_client: MakeClient, fake_api: FakeDiscordAPI, db: AsyncEngine
) -> None:
    envelope = slash(ANA, "rejected", [option("company", "Acme")])
    await gateway.dispatch(envelope)
    await gateway.dispatch(envelope)  # the same dispatch again, as after a RESUME
    await Gateway(await make_client()).dispatch(envelope)  # and in a process started since
    assert len(fake_api.callbacks()) == 1 and fake_api.followups() == []
    assert await count(db, InboxItem) == 1
    assert await count(db, Rejection) == 1


async def test_a_failing_core_apologises_in_place_and_the_answer_follows_when_it_works_again(
    client: BouncebackClient,
    gateway: Gateway,
    discord_app: Bounceback,
    fake_api: FakeDiscordAPI,
    db: AsyncEngine,
    clock: ManualClock,
    caplog,
) -> None:
    timeout, discord_app.timeout = discord_app.timeout, 1e-9  # every handling runs out of time
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    [apology] = fake_api.callbacks()
    assert apology.json["type"] == MESSAGE and apology.message["flags"] & EPHEMERAL
    assert "kept what you sent" in apology.text or "safe with me" in apology.text
    [row] = await inbox_rows(db)
    assert (row.status, row.apologised, row.last_error) == ("pending", True, "HandlingFailed")
    assert await count(db, Rejection) == 0

    discord_app.timeout = timeout
    clock.advance(timedelta(seconds=5))
    await client.inbox.worker.drain()
    [answer] = fake_api.followups()
    assert answer.message["flags"] & EPHEMERAL and "Acme" in answer.message["embeds"][0]["title"]
    assert len(fake_api.callbacks()) == 1
    assert await count(db, Rejection) == 1
    caplog.clear()  # the core logged the time-outs for operators, as expected


async def test_when_the_interaction_cannot_be_saved_the_member_is_told_and_nothing_is_kept(
    gateway: Gateway, fake_api: FakeDiscordAPI, db: AsyncEngine
) -> None:
    async with db.begin() as connection:  # the inbox can't take the row: its table is out of reach
        await connection.execute(text("ALTER TABLE inbox RENAME TO inbox_away"))
    try:
        await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    finally:
        async with db.begin() as connection:
            await connection.execute(text("ALTER TABLE inbox_away RENAME TO inbox"))
    [answer] = fake_api.callbacks()
    assert answer.json["type"] == MESSAGE and answer.message["flags"] & EPHEMERAL
    assert "nothing was kept" in answer.text or "nothing was saved" in answer.text
    assert await count(db, InboxItem) == 0 and await count(db, Rejection) == 0


async def test_a_form_answered_after_a_restart_opens_from_a_button_in_the_follow_up(
    make_client: MakeClient, fake_api: FakeDiscordAPI, db: AsyncEngine, clock: ManualClock
) -> None:
    await died_while_delivering(await make_client(), slash(ANA, "reflect"))
    restarted = await make_client()
    clock.advance(timedelta(seconds=61))
    gateway = Gateway(restarted)
    await gateway.settle()
    [note] = fake_api.followups()
    assert note.message["flags"] & EPHEMERAL
    [open_button] = note.custom_ids()
    assert open_button.endswith(":open")

    await gateway.dispatch(click(ANA, open_button, ephemeral=True))
    modal = fake_api.callbacks()[-1]
    assert modal.json["type"] == 9
    assert [label["component"]["custom_id"] for label in labels_of(modal.json["data"])] == [
        "lesson",
        "action",
        "kind",
    ]


async def test_another_process_takes_a_fresh_row_and_follows_up_after_the_first_response_window(
    make_client: MakeClient, fake_api: FakeDiscordAPI, db: AsyncEngine, clock: ManualClock
) -> None:
    """As with two shards' processes sharing the database: one saved and deferred, the other answers."""
    receiving = await make_client()
    await receiving.inbox.worker.stop(0)  # its worker is busy elsewhere: it only saves and defers
    receiving.bridge.defer_after = 0
    await Gateway(receiving).dispatch(slash(ANA, "rejected", [option("company", "Vandelay")]))
    [deferred] = fake_api.callbacks()
    assert deferred.json["type"] == DEFERRED

    other = await make_client()
    clock.advance(timedelta(seconds=2))  # within Discord's 3 s: the other waits out the rest first
    await other.inbox.worker.drain()
    [follow_up] = fake_api.followups()
    assert follow_up.message["flags"] & EPHEMERAL
    assert "Vandelay" in follow_up.message["embeds"][0]["title"]
    assert dms(fake_api) == []
    [done] = await inbox_rows(db)
    assert done.status == "done"
