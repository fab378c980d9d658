"""Checking free-text fields: cleaned, trimmed, bounded, with a message that names the field."""

from __future__ import annotations

import re

from bot.errors import UserError
from bot.markup import clean_text


def text_field(
    value: str | None, *, key: str, label: str, limit: int, required: bool = False, multiline: bool = False
) -> str | None:
    """The cleaned value, ``None`` when blank; raises UserError when required and blank or too long.

    ``key`` is the form field key (errors are shown beside it), ``label`` how
    the field is named to the member. Single-line fields fold newlines into spaces.
    """
    cleaned = clean_text(value or "")
    if not multiline:
        cleaned = cleaned.replace("\n", " ")
    cleaned = re.sub(r"[ \u00a0]+", " ", cleaned).strip()
    if not cleaned:
        if required:
            raise UserError("errors.field_missing", form_errors={key: "errors.field_missing"}, field=label)
        return None
    if len(cleaned) > limit:
        raise UserError(
            "errors.field_too_long",
            form_errors={key: "errors.field_too_long"},
            field=label,
            length=len(cleaned),
            limit=limit,
        )
    return cleaned
