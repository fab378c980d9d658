"""The check-in form: last week's results, this week's goals, a feeling and what's in the way."""

from __future__ import annotations

from dataclasses import dataclass

from bot.checkins.models import Checkin
from bot.copy import Voice
from bot.fields import text_field
from bot.numbers import number_field, whole_number
from bot.replies import Choice, FieldKind, Form, FormField

CHECKIN_FORM = "checkins.form"
COUNTS = ("applications", "conversations", "interviews")
GOALS = tuple(f"goal_{c}" for c in COUNTS)
COUNT_LIMIT = 500
WIN_LIMIT = 300
BLOCKERS_LIMIT = 1000


@dataclass(frozen=True)
class Answers:
    applications: int
    conversations: int
    interviews: int
    win: str | None
    goal_applications: int
    goal_conversations: int
    goal_interviews: int
    feeling: int | None
    blockers: str | None


def checkin_form(voice: Voice, week: str, previous: Checkin | None) -> Form:
    """The form for ``week`` (its label travels as the form's context), filled in when editing."""

    def initial(key: str) -> str:
        value = getattr(previous, key, None) if previous is not None else None
        return "" if value is None else str(value)

    def number(key: str) -> FormField:
        return FormField(
            key=key,
            label=voice.label(f"checkins.form.{key}"),
            kind=FieldKind.NUMBER,
            required=True,
            initial=initial(key) or "0",
            min_value=0,
            max_value=COUNT_LIMIT,
        )

    return Form(
        form_id=CHECKIN_FORM,
        title=voice.label("checkins.form.title"),
        submit_label=voice.label("checkins.form.submit"),
        context=week,
        fields=(
            *(number(key) for key in COUNTS),
            FormField(
                key="win",
                label=voice.label("checkins.form.win"),
                initial=initial("win"),
                max_length=WIN_LIMIT,
            ),
            *(number(key) for key in GOALS),
            FormField(
                key="feeling",
                label=voice.label("checkins.form.feeling"),
                kind=FieldKind.SELECT,
                initial=initial("feeling"),
                choices=tuple(Choice(str(n), voice.label(f"checkins.feelings.{n}")) for n in range(1, 6)),
            ),
            FormField(
                key="blockers",
                label=voice.label("checkins.form.blockers"),
                kind=FieldKind.LONG_TEXT,
                initial=initial("blockers"),
                max_length=BLOCKERS_LIMIT,
            ),
        ),
    )


def answers_from(values: dict[str, str], voice: Voice) -> Answers:
    """The submitted values, checked; a UserError names the first field that is wrong."""

    def count(key: str) -> int:
        raw = (values.get(key) or "").strip() or "0"
        label = voice.label(f"checkins.form.{key}")
        return number_field(raw, field=label, low=0, high=COUNT_LIMIT, form_key=key)

    feeling = whole_number(values.get("feeling"), low=1, high=5)
    return Answers(
        applications=count("applications"),
        conversations=count("conversations"),
        interviews=count("interviews"),
        win=text_field(values.get("win"), key="win", label=voice.label("checkins.form.win"), limit=WIN_LIMIT),
        goal_applications=count("goal_applications"),
        goal_conversations=count("goal_conversations"),
        goal_interviews=count("goal_interviews"),
        feeling=feeling,
        blockers=text_field(
            values.get("blockers"),
            key="blockers",
            label=voice.label("checkins.form.blockers"),
            limit=BLOCKERS_LIMIT,
            multiline=True,
        ),
    )
