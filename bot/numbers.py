"""Reading whole numbers that members type or platforms send back: ASCII digits only, always bounded.

``str.isdigit()`` also accepts superscripts ("²") and other scripts' digits,
which ``int()`` then rejects or reads; a long run of digits overflows a
database column, or ``int()``'s own limit on digits. Everything that reads a
number from outside goes through here instead.
"""

from __future__ import annotations

from bot.errors import UserError

# The largest id a database row can have (a 32-bit signed INTEGER column on PostgreSQL).
ROW_ID_MAX = 2**31 - 1
# How much of a wrong answer is repeated back to the member.
ECHO_LIMIT = 20


def whole_number(raw: str | None, *, low: int, high: int) -> int | None:
    """The number ``raw`` spells in plain digits (surrounding spaces allowed) if it lies in low..high.

    ``None`` for anything else: blank, signs, separators, non-ASCII digits, or out of range.
    """
    text = (raw or "").strip()
    if not text or not text.isascii() or not text.isdigit():
        return None
    significant = text.lstrip("0") or "0"
    if len(significant) > len(str(high)):
        return None
    value = int(significant)
    return value if low <= value <= high else None


def number_field(
    raw: str | None,
    *,
    field: str,
    low: int,
    high: int,
    form_key: str | None = None,
    error: str = "errors.number",
) -> int:
    """The number in ``raw``, or a UserError that names the field and the range allowed.

    ``field`` is how the field is named to the member; ``form_key`` the form
    field to show the error beside, if any; ``error`` the copy to say, which
    may use ``{field}``, ``{low}``, ``{high}`` and ``{given}``.
    """
    value = whole_number(raw, low=low, high=high)
    if value is None:
        raise UserError(
            error,
            form_errors={form_key: error} if form_key else None,
            field=field,
            low=low,
            high=high,
            given=echo(raw or ""),
        )
    return value


def row_id(raw: str | None) -> int | None:
    """An id that came back from a button or a member; ``None`` when it can't name a row."""
    return whole_number(raw, low=1, high=ROW_ID_MAX)


def echo(given: str) -> str:
    """What the member typed, shortened for repeating it back to them."""
    given = given.strip()
    return given if len(given) <= ECHO_LIMIT else given[: ECHO_LIMIT - 1] + "…"
