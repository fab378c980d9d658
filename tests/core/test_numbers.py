"""Numbers members type: plain digits only, bounded, and a clear message naming the field otherwise."""

from __future__ import annotations

import pytest

from adapters.console.gateway import ConsoleGateway
from bot.db.models import PlanItem, Rejection
from bot.errors import UserError
from bot.events import ActionClicked, Actor, CommandInvoked, Conversation
from bot.numbers import ROW_ID_MAX, number_field, row_id, whole_number
from tests.core.helpers import count, rows, text_of

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", 3),
        (" 005 ", 5),
        ("0", None),
        ("6", None),
        ("²", None),
        ("٣", None),  # an Arabic-Indic three: str.isdigit() and int() both accept it
        ("+3", None),
        ("1_0", None),
        ("-1", None),
        ("", None),
        (None, None),
        (HUGE, None),
        ("0" * 5000 + "4", 4),
    ],
)
def test_whole_number_takes_plain_digits_in_range(raw: str | None, expected: int | None) -> None:
    assert whole_number(raw, low=1, high=5) == expected


def test_row_ids_stay_within_what_a_database_column_holds() -> None:
    assert row_id(str(ROW_ID_MAX)) == ROW_ID_MAX
    assert row_id(str(ROW_ID_MAX + 1)) is None
    assert row_id("99999999999999999999") is None


def test_the_error_names_the_field_the_range_and_a_short_echo() -> None:
    with pytest.raises(UserError) as caught:
        number_field(HUGE, field="applications", low=0, high=500, form_key="applications")
    assert caught.value.key == "errors.number"
    assert caught.value.form_errors == {"applications": "errors.number"}
    params = caught.value.params
    assert (params["field"], params["low"], params["high"]) == ("applications", 0, 500)
    assert len(params["given"]) <= 20


@pytest.mark.parametrize("given", ["²", HUGE, "٣", "3.5"])
async def test_a_strange_feeling_is_explained_and_nothing_is_saved(
    console: ConsoleGateway, db, given: str
) -> None:
    out = text_of(await console.send(f"/rejected Acme | feel: {given}"))
    assert "1 (crushed) to 5 (fine)" in out and "Traceback" not in out
    assert len(out) < 400
    assert await count(db, Rejection) == 0


@pytest.mark.parametrize("given", ["²", "99999999999999999999", HUGE, "#٣"])
async def test_reflect_done_with_a_strange_number_is_explained(
    console: ConsoleGateway, db, given: str
) -> None:
    await console.send("/reflect plan Finish the SQL course")
    out = text_of(await console.send(f"/reflect done {given}"))
    assert "/reflect done 3" in out and "/reflect list" in out
    assert len(out) < 400
    [item] = await rows(db, PlanItem)
    assert item.done_at is None


@pytest.mark.parametrize("given", ["²", "99999999999999999999", HUGE, "0", "101"])
async def test_kudos_cap_with_a_strange_number_is_explained_and_kept(
    console: ConsoleGateway, db, given: str
) -> None:
    await console.send("/kudos cap 7")
    out = text_of(await console.send(f"/kudos cap {given}"))
    assert "whole number from 1 to 100" in out
    assert len(out) < 400
    assert "7" in text_of(await console.send("/kudos cap"))


async def test_a_forged_button_value_finds_nothing(app, db) -> None:
    """Ids from buttons go through the same parser, so a forged one can't overflow the database."""
    actor = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")
    here = Conversation(channel_id="C1")
    await app.handle(CommandInvoked(actor=actor, conversation=here, command="rejected", text="Acme"))
    [rejection] = await rows(db, Rejection)
    for forged in ("99999999999999999999", "²", f"{rejection.id}²", HUGE):
        for action in ("rejected.share", "rejected.remind"):
            [reply] = await app.handle(
                ActionClicked(actor=actor, conversation=here, action_id=action, value=forged)
            )
            assert "can't find that rejection" in reply.body
