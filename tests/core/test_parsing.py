"""The quick form, dates and field checks, including whatever a member might type."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import DateNotUnderstood, parse_day
from bot.errors import UserError
from bot.markup import clean_text
from bot.rejected.draft import draft_from_values
from bot.rejected.quick_form import parse_quick_form
from bot.rejected.vocabulary import Reason, Stage

TODAY = date(2026, 11, 25)


@given(st.text())
def test_any_line_either_parses_or_fails_with_a_message(text: str) -> None:
    values = parse_quick_form(text)
    try:
        draft = draft_from_values(values, TODAY)
    except UserError as err:
        assert err.key
        return
    assert draft.company.strip() and len(draft.company) <= 200
    assert "\n" not in draft.company and "\x00" not in draft.company


PLAIN_NAME = st.text(
    alphabet=st.characters(blacklist_characters="|;:=\r\n", blacklist_categories=("Cc", "Cs")), max_size=200
).filter(lambda s: clean_text(s).strip())


@given(PLAIN_NAME)
def test_a_plain_company_name_is_kept(company: str) -> None:
    draft = draft_from_values(parse_quick_form(company), TODAY)
    assert draft.company == re.sub(r"[ \u00a0]+", " ", clean_text(company)).strip()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Acme", {"company": "Acme"}),
        ("Acme | Analyst | final round", {"company": "Acme", "role": "Analyst", "stage": "final round"}),
        ("Acme | onsite | Analyst", {"company": "Acme", "role": "Analyst", "stage": "onsite"}),
        ("Acme; Analyst; phone screen", {"company": "Acme", "role": "Analyst", "stage": "phone screen"}),
        ("On Running | PM", {"company": "On Running", "role": "PM"}),
        ("company: On Running", {"company": "On Running"}),
        ("Acme | yesterday", {"company": "Acme", "date": "yesterday"}),
        ("| Analyst", {"company": "", "role": "Analyst"}),
        (
            "Acme | Analyst | interview | extra words",
            {"company": "Acme", "role": "Analyst", "stage": "interview", "notes": "extra words"},
        ),
        (
            "Acme | why: budget cuts | feel: 3/5",
            {"company": "Acme", "reason": "budget cuts", "feeling": "3/5"},
        ),
    ],
)
def test_quick_form_pieces(line: str, expected: dict[str, str]) -> None:
    assert parse_quick_form(line) == expected


def test_vocabulary_is_forgiving() -> None:
    draft = draft_from_values(
        {"company": "A", "stage": "On-site", "reason": "Internal Candidate", "feeling": "2/5"}, TODAY
    )
    assert (draft.stage, draft.reason, draft.feeling) == (Stage.FINAL_ROUND, Reason.INTERNAL_CANDIDATE, 2)


def test_an_unknown_reason_is_kept_in_the_notes() -> None:
    draft = draft_from_values({"company": "A", "reason": "they wanted more SQL", "notes": "ok"}, TODAY)
    assert draft.reason is Reason.OTHER
    assert draft.notes == "ok\nReason given: they wanted more SQL"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("2026/11/20", date(2026, 11, 20)),
        ("today", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("a week ago", date(2026, 11, 18)),
        ("20 Nov", date(2026, 11, 20)),
        ("Dec 20", date(2025, 12, 20)),
        ("November 3rd, 2025", date(2025, 11, 3)),
        ("1 Mar", date(2026, 3, 1)),
    ],
)
def test_dates_people_type(text: str, day: date) -> None:
    assert parse_day(text, TODAY) == day


# Every format parse_day reads (bot.dates), as a member might type it.
DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d.%m.%Y",
    "%d %b", "%d %B", "%b %d", "%B %d", "%b %d, %Y",
)  # fmt: skip


@given(st.dates(date(2000, 1, 1), date(2030, 12, 31)), st.sampled_from(DATE_FORMATS))
def test_an_unlabelled_date_in_the_quick_form_is_found_in_any_format(day: date, fmt: str) -> None:
    """The quick form's cheap pre-check must never hide a date that parse_day would read."""
    if "%Y" not in fmt and (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    text = day.strftime(fmt)
    assert parse_quick_form(f"Acme | Analyst | {text}").get("date") == text


@pytest.mark.parametrize("text", ["today", "yesterday", "3 days ago", "a week ago", "last week", "Nov 3rd"])
def test_relative_dates_are_found_in_the_quick_form(text: str) -> None:
    assert parse_quick_form(f"Acme | {text}").get("date") == text


@pytest.mark.parametrize("text", ["Engineer 2", "SWE 3", "Level 10 Analyst", "Team 2026"])
def test_roles_with_numbers_are_not_dates(text: str) -> None:
    assert parse_quick_form(f"Acme | {text}").get("role") == text


@pytest.mark.parametrize("text", ["soon", "2026-13-01", "32 Nov", ""])
def test_dates_that_make_no_sense(text: str) -> None:
    with pytest.raises(DateNotUnderstood):
        parse_day(text, TODAY)


def test_field_errors_name_the_field() -> None:
    with pytest.raises(UserError) as caught:
        draft_from_values({"company": "A", "role": "r" * 300}, TODAY)
    assert caught.value.key == "errors.field_too_long"
    assert caught.value.params == {"field": "role", "length": 300, "limit": 200}
    assert caught.value.form_errors == {"role": "errors.field_too_long"}
