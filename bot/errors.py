"""Errors a member can act on."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input or a request that can't be done: the member is told why, and nothing is written.

    ``key`` names the copy to say; ``params`` fill it in. ``form_errors`` maps
    form field keys to copy keys, for showing errors beside the fields.
    """

    def __init__(self, key: str, /, form_errors: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.form_errors = form_errors or {}
