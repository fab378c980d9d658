"""A member's whole way through Slack: command, answer, share, card, reaction; and the guided form."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.context import Context
from bot.db.models import PostedMessage, Rejection
from bot.events import ReactionAdded, ReactionRemoved
from bot.replies import Reply
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import BOT_USER


def button(blocks: list[dict[str, Any]], action_prefix: str) -> dict[str, Any]:
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["action_id"].startswith(action_prefix + "#"):
                return element
    raise AssertionError(f"no {action_prefix} button in {json.dumps(blocks)[:500]}")


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every text a member would read in these blocks, joined."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return "\n".join(found)


def inputs(view: dict[str, Any]) -> dict[str, str]:
    """Each input block's id and the kind of element Slack will draw."""
    return {b["block_id"]: b["element"]["type"] for b in view["blocks"] if b["type"] == "input"}


class ReactionsSeen:
    """A real reaction listener on the core's router, recording what reached the core."""

    def __init__(self) -> None:
        self.events: list[ReactionAdded | ReactionRemoved] = []

    async def __call__(self, _ctx: Context, event: ReactionAdded | ReactionRemoved) -> list[Reply]:
        self.events.append(event)
        return []


async def test_quick_form_answer_share_card_and_a_reaction(slack: SlackHarness, db: AsyncEngine) -> None:
    seen = ReactionsSeen()
    slack.runtime.core.router.reaction(seen)
    slack.api.names.update(U0ANA="Ana", U0BEN="Ben")

    status, body = await slack.command(
        "/rejected", "Acme | Data Analyst | final round | manager: Jane Doe | reason: internal"
    )
    assert (status, body) == (200, "")
    await slack.settle()

    [answer] = slack.api.responses
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    assert "Acme" in answer["text"] and "Jane" in texts(answer["blocks"])
    share = button(answer["blocks"], "rejected.share")

    status, _ = await slack.click(share["action_id"], share["value"])
    assert status == 200
    await slack.settle()
    [opened] = slack.api.to("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "rejected.share"
    assert inputs(view) == {"include": "checkboxes", "note": "plain_text_input"}
    include = next(b for b in view["blocks"] if b["block_id"] == "include")["element"]
    assert {o["value"] for o in include["initial_options"]} == {"company", "stage"}

    status, body = await slack.submit(
        view, {"include": p.checked("company", "stage"), "note": p.typed("Onwards & upwards")}
    )
    assert (status, body) == (200, "")
    await slack.settle()

    [card] = slack.api.to("chat.postMessage")
    assert card.args["channel"] == p.CHANNEL
    shown = texts(card.args["blocks"])
    assert "A rejection, shared" in shown and "Acme" in shown and "Onwards &amp; upwards" in shown
    assert "Data Analyst" not in shown  # the role wasn't chosen for sharing
    assert "Acme" in card.args["text"]  # a text fallback for notifications
    [thanks] = slack.api.to("chat.postEphemeral")
    assert thanks.args["channel"] == p.CHANNEL and thanks.args["user"] == "U0ANA"

    async with db.connect() as connection:
        posted = (await connection.execute(select(PostedMessage))).one()
        rejection = (await connection.execute(select(Rejection))).one()
    assert (posted.platform_channel_id, posted.kind, posted.subject_id) == (
        p.CHANNEL,
        "rejection_card",
        rejection.id,
    )
    assert posted.platform_message_id.startswith("1700000000.")
    assert rejection.shared

    envelope = p.event_envelope(
        p.reaction("reaction_added", "clap", user="U0BEN", channel=p.CHANNEL, ts=posted.platform_message_id),
        event_id="Ev0CLAP",
    )
    assert (await slack.event(envelope))[0] == 200
    await slack.settle()
    [reaction] = seen.events
    assert isinstance(reaction, ReactionAdded)
    assert (reaction.emoji, reaction.message_id, reaction.message_author_id) == (
        "clap",
        posted.platform_message_id,
        BOT_USER,
    )
    assert reaction.actor.user_id == "U0BEN" and reaction.actor.workspace_id == "T0BOUNCE"


async def test_guided_form_opens_as_a_modal_and_its_submission_is_answered(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    status, body = await slack.command("/rejected")
    assert (status, body) == (200, "")
    await slack.settle()
    [opened] = slack.api.to("views.open")
    view = opened.args["view"]
    assert opened.args["trigger_id"] == "1.4242.trigger"
    assert view["type"] == "modal" and view["callback_id"] == "rejected.log"
    assert len(view["title"]["text"]) <= 24
    assert inputs(view) == {
        "company": "plain_text_input",
        "role": "plain_text_input",
        "stage": "static_select",
        "date": "datepicker",
        "manager": "plain_text_input",
        "met": "plain_text_input",
        "reason": "static_select",
        "feeling": "static_select",
        "notes": "plain_text_input",
    }
    company = next(b for b in view["blocks"] if b["block_id"] == "company")
    assert company["optional"] is False
    assert json.loads(view["private_metadata"])["channel"] == p.CHANNEL

    values = {
        "company": p.typed("Globex"),
        "role": p.typed(None),
        "stage": p.picked("interview"),
        "date": p.dated("2026-11-20"),
        "manager": p.typed("Hank Scorpio"),
        "met": p.typed(None),
        "reason": p.picked("hiring_freeze"),
        "feeling": p.picked("2"),
        "notes": p.typed("Line one\nLine two"),
    }
    status, body = await slack.submit(view, values)
    assert (status, body) == (200, "")
    await slack.settle()
    [answer] = slack.api.to("chat.postEphemeral")
    assert answer.args["user"] == "U0ANA" and answer.args["channel"] == p.CHANNEL
    assert "Globex" in answer.args["text"]
    button(answer.args["blocks"], "rejected.share")

    async with db.connect() as connection:
        row = (await connection.execute(select(Rejection))).one()
    assert (row.company, row.stage, row.rejected_on, row.reason, row.feeling, row.hiring_manager) == (
        "Globex",
        "interview",
        date(2026, 11, 20),
        "hiring_freeze",
        2,
        "Hank Scorpio",
    )
    assert row.role is None and row.notes == "Line one\nLine two"


async def test_a_field_error_is_shown_beside_the_field_and_nothing_is_saved(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    await slack.command("/rejected")
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    status, body = await slack.submit(view, {"company": p.typed("   "), "stage": p.picked(None)})
    assert status == 200
    ack = json.loads(body)
    assert ack["response_action"] == "errors"
    assert set(ack["errors"]) == {"company"} and "company" in ack["errors"]["company"]
    await slack.settle()
    assert slack.api.to("chat.postEphemeral") == [] and slack.api.to("chat.postMessage") == []
    async with db.connect() as connection:
        assert (await connection.execute(select(Rejection))).all() == []

    # Fixed and sent again: saved once.
    status, body = await slack.submit(view, {"company": p.typed("Initech")})
    assert (status, body) == (200, "")
    await slack.settle()
    async with db.connect() as connection:
        assert [r.company for r in (await connection.execute(select(Rejection))).all()] == ["Initech"]


async def test_the_reflect_button_opens_its_form_for_that_rejection(slack: SlackHarness) -> None:
    await slack.command("/rejected", "Acme")
    await slack.settle()
    reflect = button(slack.api.responses[0]["blocks"], "rejected.reflect")
    await slack.click(reflect["action_id"], reflect["value"])
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    assert view["callback_id"] == "reflect.add"
    assert json.loads(view["private_metadata"])["context"] == reflect["value"]
    assert inputs(view) == {
        "lesson": "plain_text_input",
        "action": "plain_text_input",
        "kind": "static_select",
    }
    lesson = next(b for b in view["blocks"] if b["block_id"] == "lesson")["element"]
    assert lesson["multiline"] is True

    status, body = await slack.submit(view, {"lesson": p.typed(""), "action": p.typed("")})
    assert json.loads(body)["response_action"] == "errors"
    status, body = await slack.submit(
        view,
        {"lesson": p.typed("Practise SQL"), "action": p.typed("Mock interview"), "kind": p.picked("mock")},
    )
    assert (status, body) == (200, "")
    await slack.settle()
    said = [c.args["text"] for c in slack.api.to("chat.postEphemeral")]
    assert any("Practise SQL" in t for t in said) and any("Mock interview" in t for t in said)
