"""Reading the dates people type: ISO dates, "yesterday", "3 days ago", "20 Nov"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_WITH_YEAR = ("%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d.%m.%Y")
_WITHOUT_YEAR = ("%d %b", "%d %B", "%b %d", "%B %d")
_AGO = re.compile(r"(\d{1,3}|a|an|one) (day|week|month)s? ago")


class DateNotUnderstood(ValueError):
    pass


def parse_day(text: str, today: date) -> date:
    """The day ``text`` means, seen from ``today``. Raises DateNotUnderstood."""
    key = re.sub(r"\s+", " ", text.strip().lower().replace(",", " ")).strip()
    if key in ("today", "now"):
        return today
    if key == "yesterday":
        return today - timedelta(days=1)
    if key == "last week":
        return today - timedelta(weeks=1)
    if m := _AGO.fullmatch(key):
        n = 1 if m.group(1) in ("a", "an", "one") else int(m.group(1))
        days = {"day": 1, "week": 7, "month": 30}[m.group(2)]
        return today - timedelta(days=n * days)
    key = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", key)
    for fmt in _WITH_YEAR:
        try:
            return datetime.strptime(key, fmt).date()
        except ValueError:
            continue
    for fmt in _WITHOUT_YEAR:
        try:
            # strptime defaults the year to 1900, which lacks 29 February; parse with this year instead.
            parsed = datetime.strptime(f"{today.year} {key}", f"%Y {fmt}").date()
        except ValueError:
            continue
        return parsed if parsed <= today else parsed.replace(year=today.year - 1)
    raise DateNotUnderstood(text)
