"""Events API deliveries: reactions reach the core once however often Slack retries; App Home is published."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import PlanItem, ProcessedEvent
from bot.events import ReactionAdded, ReactionRemoved
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.test_journey import ReactionsSeen, button, texts


async def test_the_documented_reaction_added_payload_reaches_the_core(slack: SlackHarness) -> None:
    seen = ReactionsSeen()
    slack.runtime.core.router.reaction(seen)
    envelope = p.documented("slack_event_reaction_added.json")
    status, _ = await slack.event(envelope)
    assert status == 200
    await slack.settle()
    [event] = seen.events
    assert isinstance(event, ReactionAdded)
    assert event.actor.platform == "slack" and event.actor.workspace_id == "T123ABC456"
    assert event.actor.user_id == "U123ABC456"
    assert (event.emoji, event.message_id, event.message_author_id) == (
        "thumbsup",
        "1360782400.498405",
        "U222222222",
    )
    assert event.conversation.channel_id == "C123ABC456" and not event.conversation.is_direct
    assert event.event_id == "slack:event:Ev123ABC456"


async def test_the_same_event_delivered_three_times_is_handled_once(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    seen = ReactionsSeen()
    slack.runtime.core.router.reaction(seen)
    envelope = p.event_envelope(
        p.reaction("reaction_added", "tada", user="U0BEN", channel=p.CHANNEL, ts="1700000000.000009"),
        event_id="Ev0RETRIED",
    )
    assert (await slack.event(envelope))[0] == 200
    for attempt in (1, 2):  # Slack's retries carry the same event_id and say which attempt they are
        assert (await slack.event(envelope, retry_num=attempt))[0] == 200
    await slack.settle()
    assert len(seen.events) == 1
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(ProcessedEvent)) == 1


async def test_a_reaction_taken_back_and_reactions_on_files(slack: SlackHarness) -> None:
    seen = ReactionsSeen()
    slack.runtime.core.router.reaction(seen)
    removed = p.reaction("reaction_removed", "clap", user="U0BEN", channel=p.CHANNEL, ts="1700000000.000002")
    await slack.event(p.event_envelope(removed, event_id="Ev0REMOVED"))
    on_file = p.reaction("reaction_added", "clap", user="U0BEN", channel=p.CHANNEL, ts="1")
    on_file["item"] = {"type": "file", "file": "F0FILE"}
    await slack.event(p.event_envelope(on_file, event_id="Ev0FILE"))
    await slack.settle()
    [event] = seen.events
    assert isinstance(event, ReactionRemoved) and event.emoji == "clap"


async def test_app_home_shows_the_journey_the_open_plan_and_buttons(slack: SlackHarness) -> None:
    slack.api.names["U0ANA"] = "Ana"
    await slack.command("/rejected", "Acme | analyst | interview")
    await slack.command("/reflect", "plan cert: AWS associate")
    await slack.settle()

    status, _ = await slack.event(p.event_envelope(p.home_opened("U0ANA"), event_id="Ev0HOME1"))
    assert status == 200
    await slack.settle()
    [published] = slack.api.to("views.publish")
    assert published.args["user_id"] == "U0ANA"
    view = published.args["view"]
    assert view["type"] == "home"
    shown = texts(view["blocks"])
    assert "Ana" in shown and "Rejections logged: 1" in shown and "AWS associate" in shown
    log = button(view["blocks"], "home.command")
    assert log["value"] == "rejected"
    assert [b["value"] for b in view["blocks"][-1]["elements"]] == ["rejected", "checkin"]


async def test_the_home_of_a_new_member_and_its_messages_tab(slack: SlackHarness) -> None:
    await slack.event(p.event_envelope(p.home_opened("U0NEW", tab="messages"), event_id="Ev0MSGTAB"))
    await slack.settle()
    assert slack.api.to("views.publish") == []
    await slack.event(p.event_envelope(p.home_opened("U0NEW"), event_id="Ev0HOME2"))
    await slack.settle()
    [published] = slack.api.to("views.publish")
    assert "Nothing logged yet" in texts(published.args["view"]["blocks"])


async def test_the_home_button_opens_the_rejection_form(slack: SlackHarness) -> None:
    await slack.click("home.command#0", "rejected", channel=None)
    await slack.settle()
    [opened] = slack.api.to("views.open")
    assert opened.args["view"]["callback_id"] == "rejected.log"
    view = opened.args["view"]
    await slack.submit(view, {"company": p.typed("Hooli")})
    await slack.settle()
    # Opened from the App Home there is no channel: the answer comes as a DM.
    [dm] = slack.api.to("conversations.open")
    assert dm.args["users"] == "U0ANA"
    [answer] = slack.api.to("chat.postMessage")
    assert answer.args["channel"] == "DU0ANA" and "Hooli" in answer.args["text"]
    # And the Home the member is looking at shows the change at once.
    [published] = slack.api.to("views.publish")
    assert published.args["user_id"] == "U0ANA"
    assert "Rejections logged: 1" in texts(published.args["view"]["blocks"])


async def test_the_check_in_button_runs_the_check_in_command(slack: SlackHarness) -> None:
    await slack.click("home.command#1", "checkin", channel=None)
    await slack.settle()
    # Whatever /checkin typed alone does: here, the check-in feature's own answer or form.
    assert "checkin" in slack.runtime.core.router.commands
    assert slack.api.to("views.open") or slack.api.to("chat.postMessage")


async def test_plan_steps_done_leave_the_home(slack: SlackHarness, db: AsyncEngine) -> None:
    await slack.command("/reflect", "plan Mock interviews")
    await slack.settle()
    async with db.connect() as connection:
        item_id = await connection.scalar(select(PlanItem.id))
    await slack.command("/reflect", f"done {item_id}")
    await slack.settle()
    await slack.event(p.event_envelope(p.home_opened("U0ANA"), event_id="Ev0HOME3"))
    await slack.settle()
    [published] = slack.api.to("views.publish")
    assert "Mock interviews" not in texts(published.args["view"]["blocks"])
