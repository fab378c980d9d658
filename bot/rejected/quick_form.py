"""The one-line form: ``/rejected Acme | Data Analyst | final round | manager: Jane Doe``.

Pieces are separated by ``|`` (or ``;``). The first pieces without a label
are the company, the role and the stage, in that order; a piece that reads as
a stage or a date goes there wherever it stands. Labelled pieces
(``manager: Jane``, ``met Bob and Sue``, ``reason internal``, ``feel 2``,
``on 2026-11-20``, ``notes ...``) can come in any order.
"""

from __future__ import annotations

import re
from datetime import date

from bot.dates import DateNotUnderstood, parse_day
from bot.rejected.vocabulary import stage_from

LABELS: dict[str, str] = {
    **dict.fromkeys(["company", "at", "employer"], "company"),
    **dict.fromkeys(["role", "position", "job", "title"], "role"),
    **dict.fromkeys(["stage", "reached"], "stage"),
    **dict.fromkeys(["date", "on", "when", "day"], "date"),
    **dict.fromkeys(["manager", "hm", "hiring manager", "hiring_manager"], "manager"),
    **dict.fromkeys(["met", "people", "people met", "interviewers", "with"], "met"),
    **dict.fromkeys(["reason", "why", "because"], "reason"),
    **dict.fromkeys(["feel", "feeling", "feels", "mood"], "feeling"),
    **dict.fromkeys(["notes", "note"], "notes"),
}
POSITIONAL = ("company", "role", "stage")
_LABELLED = re.compile(
    r"^(?P<label>"
    + "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True))
    + r")\s*(?P<sep>:|=|\s)\s*(?P<value>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def split_pieces(text: str) -> list[str]:
    separator = "|" if "|" in text else ";"
    return [piece.strip() for piece in text.split(separator)]


def parse_quick_form(text: str) -> dict[str, str]:
    """Raw field values from one line of text; checking them is the draft's job."""
    values: dict[str, str] = {}
    positional: list[str] = []
    pieces = split_pieces(text)
    for index, piece in enumerate(pieces):
        if not piece:
            positional.append("")  # an empty piece keeps its place: "| Analyst" has no company
            continue
        labelled = _LABELLED.match(piece)
        # The first piece is the company unless labelled with a colon: "On Running" is a company.
        if labelled and (index > 0 or labelled.group("sep") in ":=") and labelled.group("value").strip():
            values.setdefault(LABELS[labelled.group("label").lower()], labelled.group("value").strip())
        elif index > 0 and "stage" not in values and stage_from(piece):
            values["stage"] = piece
        elif index > 0 and "date" not in values and _looks_like_date(piece):
            values["date"] = piece
        else:
            positional.append(piece)
    open_slots = [key for key in POSITIONAL if key not in values]
    values.update(zip(open_slots, positional, strict=False))
    extra = [piece for piece in positional[len(open_slots) :] if piece]
    if extra:
        values["notes"] = " | ".join([*extra, values["notes"]] if "notes" in values else extra)
    return values


_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# The shapes parse_day reads; a piece without one (most are names, or "Engineer 2") skips strptime.
_DATE_HINT = re.compile(
    r"\d{4}[-/]\d|\d\.\d{1,2}\.\d{4}|\btoday\b|\bnow\b|\byesterday\b|\bago\b|\blast week\b"
    rf"|\d(st|nd|rd|th)?[\s,]+{_MONTH}|\b{_MONTH}[\s,]+\d",
    re.IGNORECASE,
)


def _looks_like_date(piece: str) -> bool:
    if not _DATE_HINT.search(piece):
        return False
    try:
        parse_day(piece, date.today())
    except DateNotUnderstood:
        return False
    return True
