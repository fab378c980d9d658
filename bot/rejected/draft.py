"""A rejection as the member described it, checked field by field (both forms end here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.dates import DateNotUnderstood, parse_day
from bot.errors import UserError
from bot.fields import text_field
from bot.numbers import number_field
from bot.rejected.vocabulary import Reason, Stage, reason_from, stage_from

FIELD_KEYS = ("company", "role", "stage", "date", "manager", "met", "reason", "feeling", "notes")
LIMITS = {"company": 200, "role": 200, "manager": 200, "met": 500, "notes": 2000, "reason_text": 500}
EARLIEST_DAY = date(1990, 1, 1)


@dataclass(frozen=True)
class RejectionDraft:
    company: str
    role: str | None = None
    stage: Stage | None = None
    rejected_on: date | None = None
    hiring_manager: str | None = None
    people_met: str | None = None
    reason: Reason = Reason.UNKNOWN
    feeling: int | None = None
    notes: str | None = None


def draft_from_values(values: Mapping[str, str], today: date) -> RejectionDraft:
    """Check raw field values (from the quick form or the guided form). Raises UserError naming the field."""
    notes = text_field(values.get("notes"), key="notes", label="notes", limit=LIMITS["notes"], multiline=True)
    reason, reason_note = _reason(values.get("reason"))
    if reason_note:
        notes = f"{notes}\nReason given: {reason_note}" if notes else f"Reason given: {reason_note}"
    return RejectionDraft(
        company=text_field(
            values.get("company"), key="company", label="company", limit=LIMITS["company"], required=True
        )
        or "",
        role=text_field(values.get("role"), key="role", label="role", limit=LIMITS["role"]),
        stage=_stage(values.get("stage")),
        rejected_on=_day(values.get("date"), today),
        hiring_manager=text_field(
            values.get("manager"), key="manager", label="hiring manager", limit=LIMITS["manager"]
        ),
        people_met=text_field(values.get("met"), key="met", label="people met", limit=LIMITS["met"]),
        reason=reason,
        feeling=_feeling(values.get("feeling")),
        notes=notes,
    )


def _stage(text: str | None) -> Stage | None:
    if not text or not text.strip():
        return None
    stage = stage_from(text)
    if stage is None:
        raise UserError(
            "rejected.errors.stage", form_errors={"stage": "rejected.errors.stage"}, given=text[:60]
        )
    return stage


def _reason(text: str | None) -> tuple[Reason, str | None]:
    """A known reason, or OTHER with the member's own words kept for the notes."""
    cleaned = text_field(text, key="reason", label="reason", limit=LIMITS["reason_text"])
    if cleaned is None:
        return Reason.UNKNOWN, None
    reason = reason_from(cleaned)
    return (reason, None) if reason is not None else (Reason.OTHER, cleaned)


def _day(text: str | None, today: date) -> date | None:
    if not text or not text.strip():
        return None
    try:
        day = parse_day(text, today)
    except DateNotUnderstood:
        raise UserError(
            "rejected.errors.date", form_errors={"date": "rejected.errors.date"}, given=text[:60]
        ) from None
    if day > today:
        raise UserError("rejected.errors.date_future", form_errors={"date": "rejected.errors.date_future"})
    if day < EARLIEST_DAY:
        raise UserError("rejected.errors.date", form_errors={"date": "rejected.errors.date"}, given=text[:60])
    return day


def _feeling(text: str | None) -> int | None:
    if not text or not text.strip():
        return None
    return number_field(
        text.strip().removesuffix("/5"),
        field="feeling",
        low=1,
        high=5,
        form_key="feeling",
        error="rejected.errors.feeling",
    )
