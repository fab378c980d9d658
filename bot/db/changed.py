"""How many rows a statement changed."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def rows_changed(result: Result[Any]) -> int:
    """The row count of an UPDATE, DELETE or INSERT run through a session.

    ``Session.execute`` is typed to return a plain ``Result``, but for these
    statements it is a ``CursorResult``, which is what carries ``rowcount``.
    """
    return cast("CursorResult[Any]", result).rowcount
