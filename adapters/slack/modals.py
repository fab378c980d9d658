"""Core forms as Slack modals, and modal submissions back as the core's field values.

Each field is an input block whose ``block_id`` is the field key, so errors
the core names by field key show beside the right input. The view's
``callback_id`` is the form id; ``private_metadata`` carries the form's opaque
context and the channel the form was opened from (answers go back there).

The modal is built from slack_sdk's Block Kit models, which check Slack's size
limits when it is turned into JSON. Text is clipped to those same limits (read
off the models) first, so a member's long words shorten rather than fail.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    InputInteractiveElement,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from adapters.slack.blocks import clip, plain_text
from bot.replies import FieldKind, Form, FormField

# Slack's limits that the models don't check.
CHECKBOXES_LIMIT = 10  # more choices than this become a multi-select menu
TEXT_INPUT_LIMIT = 3000  # a plain-text input's max_length
ERROR_LIMIT = 300  # a message beside an input (response_action: errors is not a model)
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
        if len(data) > View.private_metadata_max_length:
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


def _option(value: str, label: str) -> Option:
    return Option(value=value[: Option.value_max_length], text=plain_text(label, Option.label_max_length))


def _iso_date(text: str) -> str | None:
    """``text`` if it is a ``yyyy-mm-dd`` date the date picker can start on."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _placeholder(field: FormField) -> PlainTextObject | None:
    if not field.placeholder:
        return None
    return plain_text(field.placeholder, InputInteractiveElement.placeholder_max_length)


def _element(field: FormField) -> InputInteractiveElement:
    options = [_option(c.value, c.label) for c in field.choices[: StaticSelectElement.options_max_length]]
    wanted = field.initial.split(",") if field.initial else []
    initial = [o for o in options if o.value in wanted] or None
    match field.kind:
        case FieldKind.SELECT:
            return StaticSelectElement(
                action_id=ACTION_ID,
                options=options,
                initial_option=initial[0] if initial else None,
                placeholder=_placeholder(field),
            )
        case FieldKind.MULTI_SELECT if len(options) <= CHECKBOXES_LIMIT:
            return CheckboxesElement(action_id=ACTION_ID, options=options, initial_options=initial)
        case FieldKind.MULTI_SELECT:
            return StaticMultiSelectElement(action_id=ACTION_ID, options=options, initial_options=initial)
        case FieldKind.DATE:
            return DatePickerElement(action_id=ACTION_ID, initial_date=_iso_date(field.initial))
        case FieldKind.NUMBER:
            return NumberInputElement(
                action_id=ACTION_ID,
                is_decimal_allowed=False,
                min_value=field.min_value,
                max_value=field.max_value,
                initial_value=field.initial or None,
                placeholder=_placeholder(field),
            )
        case _:
            return PlainTextInputElement(
                action_id=ACTION_ID,
                multiline=field.kind is FieldKind.LONG_TEXT,
                max_length=min(field.max_length, TEXT_INPUT_LIMIT),
                initial_value=field.initial or None,
                placeholder=_placeholder(field),
            )


def modal_view(form: Form, channel_id: str | None, *, from_home: bool = False) -> dict[str, Any]:
    """The ``view`` for ``views.open`` or ``response_action: update``."""
    blocks = [
        InputBlock(
            block_id=field.key,
            label=plain_text(field.label, InputBlock.label_max_length),
            optional=not field.required,
            element=_element(field),
        )
        for field in form.fields[: View.blocks_max_length]
    ]
    view = View(
        type="modal",
        callback_id=form.form_id,
        title=plain_text(form.title, View.title_max_length),
        submit=plain_text(form.submit_label, View.submit_max_length),
        private_metadata=ModalState(form.context, channel_id, from_home).encode(),
        blocks=blocks,
    )
    return view.to_dict()


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
