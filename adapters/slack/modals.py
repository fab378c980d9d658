"""Core forms as Slack modals, and modal submissions back as the core's field values.

Each field is an input block whose ``block_id`` is the field key, so errors
the core names by field key show beside the right input. The view's
``callback_id`` is the form id; ``private_metadata`` carries the form's opaque
context and the channel the form was opened from (answers go back there).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.slack.blocks import clip, plain
from bot.replies import FieldKind, Form, FormField

TITLE_LIMIT = 24
LABEL_LIMIT = 2000
PLACEHOLDER_LIMIT = 150
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
OPTIONS_LIMIT = 100
CHECKBOXES_LIMIT = 10
TEXT_INPUT_LIMIT = 3000
METADATA_LIMIT = 3000
ERROR_LIMIT = 300
ACTION_ID = "value"


@dataclass(frozen=True)
class ModalState:
    """What a modal remembers between opening and submission.

    ``from_home``: opened from the App Home, which is published again once the form is handled.
    """

    context: str = ""
    channel_id: str | None = None
    from_home: bool = False

    def encode(self) -> str:
        fields: dict[str, Any] = {"context": self.context, "channel": self.channel_id}
        if self.from_home:
            fields["home"] = True
        data = json.dumps(fields, separators=(",", ":"))
        if len(data) > METADATA_LIMIT:
            raise ValueError("form context too long for a Slack modal")
        return data

    @classmethod
    def decode(cls, raw: str | None) -> ModalState:
        """Never fails: a view we didn't open (or an old format) yields an empty state."""
        try:
            data = json.loads(raw or "")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        channel = data.get("channel")
        return cls(
            str(data.get("context") or ""),
            channel if isinstance(channel, str) else None,
            data.get("home") is True,
        )


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, OPTION_TEXT_LIMIT), "value": value[:OPTION_VALUE_LIMIT]}


def _element(field: FormField) -> dict[str, Any]:
    options = [_option(c.value, c.label) for c in field.choices[:OPTIONS_LIMIT]]
    initial = [o for o in options if o["value"] in field.initial.split(",")] if field.initial else []
    element: dict[str, Any]
    match field.kind:
        case FieldKind.SELECT:
            element = {"type": "static_select", "options": options}
            if initial:
                element["initial_option"] = initial[0]
        case FieldKind.MULTI_SELECT:
            kind = "checkboxes" if len(options) <= CHECKBOXES_LIMIT else "multi_static_select"
            element = {"type": kind, "options": options}
            if initial:
                element["initial_options"] = initial
        case FieldKind.DATE:
            element = {"type": "datepicker"}
            if field.initial:
                element["initial_date"] = field.initial
        case FieldKind.NUMBER:
            element = {"type": "number_input", "is_decimal_allowed": False}
            if field.min_value is not None:
                element["min_value"] = str(field.min_value)
            if field.max_value is not None:
                element["max_value"] = str(field.max_value)
            if field.initial:
                element["initial_value"] = field.initial
        case _:
            element = {
                "type": "plain_text_input",
                "multiline": field.kind is FieldKind.LONG_TEXT,
                "max_length": min(field.max_length, TEXT_INPUT_LIMIT),
            }
            if field.initial:
                element["initial_value"] = field.initial
    element["action_id"] = ACTION_ID
    if field.placeholder and field.kind not in (FieldKind.MULTI_SELECT, FieldKind.DATE):
        element["placeholder"] = plain(field.placeholder, PLACEHOLDER_LIMIT)
    return element


def modal_view(form: Form, channel_id: str | None, *, from_home: bool = False) -> dict[str, Any]:
    blocks = [
        {
            "type": "input",
            "block_id": field.key,
            "label": plain(field.label, LABEL_LIMIT),
            "optional": not field.required,
            "element": _element(field),
        }
        for field in form.fields
    ]
    return {
        "type": "modal",
        "callback_id": form.form_id,
        "title": plain(form.title, TITLE_LIMIT),
        "submit": plain(form.submit_label, TITLE_LIMIT),
        "private_metadata": ModalState(form.context, channel_id, from_home).encode(),
        "blocks": blocks,
    }


def _value(state: Mapping[str, Any]) -> str:
    match state.get("type"):
        case "static_select" | "external_select":
            return str((state.get("selected_option") or {}).get("value") or "")
        case "checkboxes" | "multi_static_select" | "multi_external_select":
            return ",".join(str(o.get("value", "")) for o in state.get("selected_options") or [])
        case "datepicker":
            return str(state.get("selected_date") or "")
        case _:
            return str(state.get("value") or "")


def submitted_values(view: Mapping[str, Any]) -> dict[str, str]:
    """``{field key: text}`` from a submitted view's state; a field left empty is ``""``."""
    values: dict[str, str] = {}
    for block_id, actions in ((view.get("state") or {}).get("values") or {}).items():
        for state in actions.values():
            values[block_id] = _value(state)
    return values


def field_errors(view: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, str]:
    """Slack's ``response_action: errors`` map: each message beside its input.

    Slack refuses errors for blocks the view doesn't have; a message for an
    unknown field goes beside the first input instead of being lost.
    """
    inputs = [b["block_id"] for b in view.get("blocks") or [] if b.get("type") == "input" and "block_id" in b]
    out: dict[str, str] = {}
    for key, message in errors.items():
        target = key if key in inputs else (inputs[0] if inputs else None)
        if target is not None:
            out[target] = clip(f"{out[target]} {message}" if target in out else message, ERROR_LIMIT)
    return out
