"""Slash commands, modals and their submissions, through discord.py's parsing, answered over the local API."""

from __future__ import annotations

import logging

import pytest

from adapters.discord.client import BouncebackClient
from bot.db.models import Lesson, PlanItem, Rejection
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import GUILD_ID, Gateway, click, modal_submit, option, slash, subcommand
from tests.discord.helpers import ANA, labels_of, rows

EPHEMERAL = 64


async def test_rejected_with_options_logs_it_and_answers_privately_with_buttons(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    options = [
        option("company", "Acme"),
        option("role", "Data Analyst"),
        option("stage", "final_round"),
        option("date", "2026-11-20"),
        option("reason", "internal_candidate"),
        option("feeling", "2"),
    ]
    await gateway.dispatch(slash(ANA, "rejected", options))

    [rejection] = await rows(db, Rejection)
    assert (rejection.company, rejection.role, rejection.stage) == ("Acme", "Data Analyst", "final_round")
    assert (rejection.reason, rejection.feeling, rejection.rejected_on.isoformat()) == (
        "internal_candidate",
        2,
        "2026-11-20",
    )
    [answer] = fake_api.callbacks()
    assert answer.json["type"] == 4  # a message, at once
    assert answer.message["flags"] & EPHEMERAL
    assert answer.allowed_mentions == {"parse": []}
    [embed] = answer.message["embeds"]
    assert "Acme" in embed["title"]
    rid = rejection.id
    assert answer.custom_ids() == [
        f"bb:{GUILD_ID}:rejected.share:{rid}",
        f"bb:{GUILD_ID}:rejected.reflect:{rid}",
        f"bb:{GUILD_ID}:rejected.remind:{rid}",
    ]


async def test_rejected_with_no_options_opens_a_paged_modal_and_logs_what_both_pages_say(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected"))
    [opened] = fake_api.callbacks()
    assert opened.json["type"] == 9  # MODAL
    first = opened.json["data"]
    assert first["title"] == "Log a rejection (1/2)"
    assert [label["component"]["custom_id"] for label in labels_of(first)] == [
        "company",
        "role",
        "stage",
        "date",
        "manager",
    ]
    stage = labels_of(first)[2]["component"]
    assert stage["type"] == 3 and [o["value"] for o in stage["options"]][:2] == ["applied", "screening"]

    await gateway.dispatch(
        modal_submit(
            ANA,
            first["custom_id"],
            {"company": "Globex", "role": "", "stage": ["interview"], "date": "yesterday", "manager": "Jane"},
        )
    )
    page_saved = fake_api.callbacks()[-1]
    assert page_saved.message["flags"] & EPHEMERAL
    [next_page] = page_saved.custom_ids()
    assert next_page.endswith(":next1")
    assert await rows(db, Rejection) == []  # nothing saved until the last page is in

    await gateway.dispatch(click(ANA, next_page, ephemeral=True))
    second = fake_api.callbacks()[-1].json["data"]
    assert second["title"] == "Log a rejection (2/2)"
    assert [label["component"]["custom_id"] for label in labels_of(second)] == [
        "met",
        "reason",
        "feeling",
        "notes",
    ]
    await gateway.dispatch(
        modal_submit(
            ANA,
            second["custom_id"],
            {"met": "Bob", "reason": ["hiring_freeze"], "feeling": ["4"], "notes": ""},
        )
    )
    [rejection] = await rows(db, Rejection)
    assert (rejection.company, rejection.stage, rejection.hiring_manager, rejection.people_met) == (
        "Globex",
        "interview",
        "Jane",
        "Bob",
    )
    assert (rejection.reason, rejection.feeling, rejection.rejected_on.isoformat()) == (
        "hiring_freeze",
        4,
        "2026-11-22",
    )
    answer = fake_api.callbacks()[-1]
    assert "Globex" in answer.message["embeds"][0]["title"]


async def test_a_mistake_in_the_modal_is_shown_beside_its_field_when_reopened(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected"))
    first = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(
        modal_submit(ANA, first["custom_id"], {"company": "Initech", "date": "the day after tomorrow"})
    )
    [next_page] = fake_api.callbacks()[-1].custom_ids()
    await gateway.dispatch(click(ANA, next_page, ephemeral=True))
    second = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(modal_submit(ANA, second["custom_id"], {"notes": "kept"}))

    problem = fake_api.callbacks()[-1]
    assert problem.message["flags"] & EPHEMERAL
    assert "When you heard:" in problem.text
    [fix] = problem.custom_ids()
    assert fix.endswith(":fix")
    assert await rows(db, Rejection) == []

    await gateway.dispatch(click(ANA, fix, ephemeral=True))
    reopened = fake_api.callbacks()[-1].json["data"]
    by_key = {label["component"]["custom_id"]: label for label in labels_of(reopened)}
    assert by_key["company"]["component"]["value"] == "Initech"  # what they typed is kept
    assert by_key["date"]["description"]  # the problem, beside the field
    await gateway.dispatch(
        modal_submit(ANA, reopened["custom_id"], {"company": "Initech", "date": "2026-11-21"})
    )
    [next_again] = fake_api.callbacks()[-1].custom_ids()
    await gateway.dispatch(click(ANA, next_again, ephemeral=True))
    last = fake_api.callbacks()[-1].json["data"]
    notes = {label["component"]["custom_id"]: label for label in labels_of(last)}["notes"]
    assert notes["component"]["value"] == "kept"
    await gateway.dispatch(modal_submit(ANA, last["custom_id"], {"notes": "kept"}))
    [rejection] = await rows(db, Rejection)
    assert (rejection.company, rejection.rejected_on.isoformat(), rejection.notes) == (
        "Initech",
        "2026-11-21",
        "kept",
    )


async def test_slow_answers_defer_first_and_follow_up(
    client: BouncebackClient, gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    client.bridge.defer_after = 0  # the core never answers in no time: always defer
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Hooli")]))
    [deferred] = fake_api.callbacks()
    assert deferred.json["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    assert deferred.json["data"]["flags"] & EPHEMERAL
    [follow_up] = fake_api.followups()
    assert follow_up.message["flags"] & EPHEMERAL
    assert "Hooli" in follow_up.message["embeds"][0]["title"]


async def test_a_form_that_comes_after_a_deferral_opens_from_a_button(
    client: BouncebackClient, gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    client.bridge.defer_after = 0
    await gateway.dispatch(slash(ANA, "reflect"))
    [follow_up] = fake_api.followups()
    [open_button] = follow_up.custom_ids()
    assert open_button.endswith(":open")
    await gateway.dispatch(click(ANA, open_button, ephemeral=True))
    modal = fake_api.callbacks()[-1]
    assert modal.json["type"] == 9
    assert [label["component"]["custom_id"] for label in labels_of(modal.json["data"])] == [
        "lesson",
        "action",
        "kind",
    ]


async def test_reflect_options_save_like_the_form_and_one_page_forms_submit_whole(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(
        slash(ANA, "reflect", [option("lesson", "Ask about the team"), option("action", "Mock interview")])
    )
    assert [lesson.text for lesson in await rows(db, Lesson)] == ["Ask about the team"]
    assert [item.text for item in await rows(db, PlanItem)] == ["Mock interview"]

    await gateway.dispatch(slash(ANA, "reflect"))
    modal = fake_api.callbacks()[-1].json["data"]
    assert modal["title"] == "Reflect"  # three fields: one page
    await gateway.dispatch(
        modal_submit(ANA, modal["custom_id"], {"lesson": "", "action": "AWS exam", "kind": ["certification"]})
    )
    items = await rows(db, PlanItem)
    assert [(i.text, i.kind) for i in items] == [
        ("Mock interview", "training"),
        ("AWS exam", "certification"),
    ]

    await gateway.dispatch(slash(ANA, "reflect", [option("show", True)]))
    assert "AWS exam" in fake_api.callbacks()[-1].text


async def test_a_one_page_form_still_submits_after_a_restart(
    gateway: Gateway, make_client, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "reflect"))
    modal = fake_api.callbacks()[-1].json["data"]
    restarted = Gateway(await make_client())
    await restarted.dispatch(modal_submit(ANA, modal["custom_id"], {"lesson": "Breathe", "action": ""}))
    assert [lesson.text for lesson in await rows(db, Lesson)] == ["Breathe"]


async def test_an_unfinished_paged_form_lost_in_a_restart_says_so(
    gateway: Gateway, make_client, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected"))
    first = fake_api.callbacks()[-1].json["data"]
    restarted = Gateway(await make_client())
    await restarted.dispatch(modal_submit(ANA, first["custom_id"], {"company": "Umbrella"}))
    expired = fake_api.callbacks()[-1]
    assert expired.message["flags"] & EPHEMERAL
    assert "Run the command again" in expired.text or "run the command again" in expired.text.lower()
    assert await rows(db, Rejection) == []


async def test_export_arrives_as_a_file(gateway: Gateway, fake_api: FakeDiscordAPI) -> None:
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    await gateway.dispatch(slash(ANA, "bounceback", [subcommand("export")]))
    export = fake_api.callbacks()[-1]
    assert export.files == ["bounceback-export.json"]
    assert export.message["flags"] & EPHEMERAL


async def test_a_failure_while_answering_gets_a_friendly_word_not_a_trace(
    gateway: Gateway, fake_api: FakeDiscordAPI, caplog
) -> None:
    refused = {"message": "Invalid Form Body", "code": 50035}
    fake_api.answer_once("POST", r"/interactions/\d+/[^/]+/callback", 400, refused)
    await gateway.dispatch(slash(ANA, "journey"))
    failed, apology = fake_api.callbacks()
    assert apology.message["flags"] & EPHEMERAL
    assert "Traceback" not in apology.text and apology.text.strip()
    assert apology.text != failed.text
    assert any("answering interaction" in r.getMessage() for r in caplog.records)
    caplog.clear()  # the error was expected: logged for operators, a friendly word for the member


STALE = [
    ("standup", []),  # a command an upgrade removed
    ("bounceback", [subcommand("frobnicate")]),  # a subcommand an upgrade removed
    ("bounceback", []),  # a group registered as a plain command before
    ("kudos", [option("action", "top"), option("details", "month")]),  # /kudos before it became a group
    ("checkin", []),  # /checkin alone, before it became a group
]


@pytest.mark.parametrize(("name", "options"), STALE)
async def test_a_command_registered_out_of_date_says_so_and_how_to_fix_it(
    gateway: Gateway, fake_api: FakeDiscordAPI, caplog, name: str, options: list
) -> None:
    """As when Discord still lists commands from before an upgrade, until ``bounceback discord sync`` runs."""
    caplog.set_level(logging.WARNING)
    await gateway.dispatch(slash(ANA, name, options))
    [answer] = fake_api.callbacks()
    assert answer.json["type"] == 4 and answer.message["flags"] & EPHEMERAL
    assert "bounceback discord sync" in answer.text
    assert "out of date" in answer.text or "old version" in answer.text
    assert "try again" not in answer.text
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert warning.levelno == logging.WARNING and warning.exc_info is None
    said = warning.getMessage()
    assert "\n" not in said and f"/{name}" in said and "bounceback discord sync" in said
    caplog.clear()


async def test_autocomplete_for_an_unknown_command_gets_no_suggestions(
    gateway: Gateway, fake_api: FakeDiscordAPI, caplog
) -> None:
    envelope = slash(ANA, "standup", [option("when", "tod") | {"focused": True}])
    envelope["d"]["type"] = 4  # APPLICATION_COMMAND_AUTOCOMPLETE
    await gateway.dispatch(envelope)
    [answer] = fake_api.callbacks()
    assert answer.json == {"type": 8, "data": {"choices": []}}
    assert all(r.exc_info is None for r in caplog.records)
    caplog.clear()
