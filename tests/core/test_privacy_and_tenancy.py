"""Export and forget cover one member in one community, and nothing crosses between communities."""

from __future__ import annotations

import json

from bot.db.models import Lesson, Member, PlanItem, PostedMessage, Rejection
from bot.events import ActionClicked, Actor, CommandInvoked, Conversation, FormSubmitted
from bot.inbox.models import InboxItem
from bot.inbox.store import Arrival, accept
from tests.core.helpers import count, rows

HERE = Conversation(channel_id="C1")


def ana(workspace: str) -> Actor:
    return Actor(platform="slack", workspace_id=workspace, user_id="U1", display_name="Ana")


async def say(app, actor: Actor, command: str, text: str = ""):
    return await app.handle(CommandInvoked(actor=actor, conversation=HERE, command=command, text=text))


async def test_export_holds_all_my_data_and_only_this_community(app) -> None:
    await say(app, ana("T1"), "rejected", "Acme | Analyst | final round | notes: secret one")
    await say(app, ana("T1"), "reflect", "lesson Practise SQL joins")
    await say(app, ana("T1"), "reflect", "plan cert: AWS associate")
    await say(app, ana("T2"), "rejected", "Other Corp | notes: belongs to T2")
    [reply] = await say(app, ana("T1"), "bounceback", "export")
    assert reply.attachment is not None and reply.attachment.media_type == "application/json"
    data = json.loads(reply.attachment.data)
    assert data["community"] == {"platform": "slack", "id": "T1"}
    assert [r["company"] for r in data["rejections"]] == ["Acme"]
    assert [lesson["text"] for lesson in data["lessons"]] == ["Practise SQL joins"]
    assert [(p["kind"], p["text"]) for p in data["plan_items"]] == [("certification", "AWS associate")]
    assert "Other Corp" not in reply.attachment.data.decode()


async def test_forget_asks_first_then_deletes_only_this_community(app, db) -> None:
    await say(app, ana("T1"), "rejected", "Acme")
    await say(app, ana("T1"), "reflect", "lesson Slow down")
    await say(app, ana("T2"), "rejected", "Other Corp")
    [confirm] = await say(app, ana("T1"), "bounceback", "forget")
    assert await count(db, Rejection) == 2  # nothing deleted before the confirmation
    forget = next(b for b in confirm.buttons if b.key == "forget")
    await app.handle(ActionClicked(actor=ana("T1"), conversation=HERE, action_id=forget.action_id))
    assert [r.company for r in await rows(db, Rejection)] == ["Other Corp"]
    assert await count(db, Lesson) == 0
    assert [m.community_id for m in await rows(db, Member)] != []  # T2's member remains
    assert len(await rows(db, Member)) == 1


async def test_keep_deletes_nothing(app, db) -> None:
    await say(app, ana("T1"), "rejected", "Acme")
    [confirm] = await say(app, ana("T1"), "bounceback", "forget")
    keep = next(b for b in confirm.buttons if b.key == "keep")
    await app.handle(ActionClicked(actor=ana("T1"), conversation=HERE, action_id=keep.action_id))
    assert await count(db, Rejection) == 1


async def test_ids_from_another_community_are_refused(app, db) -> None:
    [answer] = await say(app, ana("T1"), "rejected", "Acme")
    share = next(b for b in answer.buttons if b.key == "share")
    # The same user id in another workspace presses a button carrying T1's rejection id.
    [refused] = await app.handle(
        ActionClicked(actor=ana("T2"), conversation=HERE, action_id=share.action_id, value=share.value)
    )
    assert "can't find that rejection" in refused.body
    [refused] = await app.handle(
        FormSubmitted(
            actor=ana("T2"),
            conversation=HERE,
            form_id="rejected.share",
            values={"include": "company"},
            context=share.value,
        )
    )
    assert "can't find that rejection" in refused.body
    assert await count(db, PostedMessage) == 0
    await say(app, ana("T1"), "reflect", "plan Mock interviews")
    item = (await rows(db, PlanItem))[0]
    [refused] = await say(app, ana("T2"), "reflect", f"done {item.id}")
    assert "can't find plan step" in refused.body
    assert (await rows(db, PlanItem))[0].done_at is None


async def test_journey_counts_only_my_own_record(app) -> None:
    await say(app, ana("T1"), "rejected", "Acme | | final round | reason: freeze")
    await say(app, ana("T1"), "rejected", "Beta | | interview")
    await say(app, ana("T2"), "rejected", "Gamma")
    bob = Actor(platform="slack", workspace_id="T1", user_id="U2", display_name="Bob")
    await say(app, bob, "rejected", "Delta")
    [journey] = await say(app, ana("T1"), "journey")
    assert "Rejections logged: 2 (this month: 2)" in journey.body
    assert "Final round: 1" in journey.body and "Interview: 1" in journey.body
    assert "Hiring freeze: 1" in journey.body
    assert "Days since the last one: 0" in journey.body


async def test_forget_takes_back_what_is_still_waiting_in_the_inbox(app, db, clock) -> None:
    await say(app, ana("T1"), "rejected", "Acme")
    actor = ana("T1")
    for key, workspace in (("waiting", "T1"), ("elsewhere", "T2")):
        arrival = Arrival(actor.platform, workspace, actor.user_id, "command", key, {"text": "Initech"}, {})
        assert await accept(app.sessions, arrival, clock.now())
    [confirm] = await say(app, actor, "bounceback", "forget")
    forget = next(b for b in confirm.buttons if b.key == "forget")
    await app.handle(ActionClicked(actor=actor, conversation=HERE, action_id=forget.action_id))
    assert [r.dedupe_key for r in await rows(db, InboxItem)] == ["elsewhere"]
