"""Core forms as Discord modals, and modal submissions back as field values.

A Discord modal holds at most five top-level components. Each core field
becomes one :class:`discord.ui.Label` (its label above, its error or hint
beside it) around a text input or a select menu; multi-choice fields are
select menus allowing several values. (Radio and checkbox groups exist in
discord.py 2.7 but are a preview on Discord's side; select menus in Labels
work in every client.) A form with more than five fields (the
guided ``/rejected`` form has nine) is shown as pages of five: submitting a
page answers with a *Continue* button that opens the next one, and the
answers so far wait in :class:`OpenForms` until the last page is in.

The modal's ``custom_id`` carries the form id, its context and the server, so
a one-page form still submits after a restart; only the answers of an
unfinished multi-page form live in memory.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import discord
from cachetools import TTLCache

from adapters.discord.markdown import clip
from bot.copy import Voice
from bot.replies import FieldKind, Form, FormField

MODAL_PREFIX = "bbm"
PAGE_SIZE = 5  # Discord's limit of top-level components in a modal
CUSTOM_ID_LIMIT = 100
MAX_SELECT_OPTIONS = 25
TEXT_INPUT_LIMIT = 4000


@dataclass
class OpenForm:
    """A form opened for one member: its definition and what they've answered so far."""

    form: Form
    workspace_id: str
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def pages(self) -> list[tuple[FormField, ...]]:
        return pages_of(self.form)


class OpenForms:
    """Forms in progress, by token: forgotten ``ttl`` seconds after opening (and by a restart); when
    ``limit`` are open, the least recently used goes first.
    """

    def __init__(self, *, ttl: float = 3600.0, limit: int = 10_000) -> None:
        self._forms: TTLCache[str, OpenForm] = TTLCache(limit, ttl)

    def open(self, form: Form, workspace_id: str) -> str:
        token = secrets.token_hex(6)
        self._forms[token] = OpenForm(form, workspace_id)
        return token

    def get(self, token: str) -> OpenForm | None:
        return self._forms.get(token)

    def close(self, token: str) -> None:
        self._forms.pop(token, None)


def pages_of(form: Form) -> list[tuple[FormField, ...]]:
    fields = form.fields
    return [fields[i : i + PAGE_SIZE] for i in range(0, len(fields), PAGE_SIZE)] or [()]


@dataclass(frozen=True)
class ModalAddress:
    """What a modal's ``custom_id`` says about it."""

    token: str
    page: int
    pages: int
    workspace_id: str
    form_id: str
    context: str

    def custom_id(self) -> str:
        head = f"{MODAL_PREFIX}:{self.token}:{self.page}/{self.pages}:{self.workspace_id}"
        full = f"{head}:{self.form_id}:{self.context}"
        # Too long to carry everything: the open form (kept by token) has the rest.
        return full if len(full) <= CUSTOM_ID_LIMIT else f"{head}::"

    @classmethod
    def parse(cls, custom_id: str) -> ModalAddress | None:
        parts = custom_id.split(":", 5)
        if len(parts) != 6 or parts[0] != MODAL_PREFIX:
            return None
        _, token, position, workspace_id, form_id, context = parts
        page, _, pages = position.partition("/")
        if not (page.isdigit() and pages.isdigit()):
            return None
        return cls(token, int(page), int(pages), workspace_id, form_id, context)


def build_modal(voice: Voice, token: str, entry: OpenForm, page: int) -> discord.ui.Modal:
    """The modal for one page of an open form, filled with the answers so far and any errors beside them."""
    pages = entry.pages
    form = entry.form
    title = form.title
    if len(pages) > 1:
        title = voice.label("discord.form.page_title", title=form.title, page=page + 1, pages=len(pages))
    address = ModalAddress(token, page, len(pages), entry.workspace_id, form.form_id, form.context)
    modal = discord.ui.Modal(title=clip(title, 45), custom_id=address.custom_id(), timeout=None)
    for form_field in pages[page]:
        modal.add_item(_labelled(voice, form_field, entry.values, entry.errors))
    # The modal is only a rendering: submissions are read from the interaction payload (see
    # ``values_from_submission``), so they work after a restart. Finishing it now keeps
    # discord.py from holding it in its view store forever.
    modal.stop()
    return modal


def _labelled(
    voice: Voice, form_field: FormField, values: Mapping[str, str], errors: Mapping[str, str]
) -> discord.ui.Label[Any]:
    current = values.get(form_field.key, form_field.initial)
    description = errors.get(form_field.key) or _hint(voice, form_field)
    component: discord.ui.Item[Any]
    if form_field.kind in (FieldKind.SELECT, FieldKind.MULTI_SELECT) and (
        0 < len(form_field.choices) <= MAX_SELECT_OPTIONS
    ):
        chosen = {v.strip() for v in current.split(",")} if current else set()
        many = form_field.kind is FieldKind.MULTI_SELECT
        component = discord.ui.Select(
            custom_id=form_field.key,
            options=[
                discord.SelectOption(label=clip(c.label, 100), value=c.value, default=c.value in chosen)
                for c in form_field.choices
            ],
            min_values=1 if form_field.required else 0,
            max_values=len(form_field.choices) if many else 1,
            required=form_field.required,
            placeholder=clip(form_field.placeholder, 150) or None,
        )
    else:
        long = form_field.kind is FieldKind.LONG_TEXT
        limit = min(max(form_field.max_length, 1), TEXT_INPUT_LIMIT)
        component = discord.ui.TextInput(
            custom_id=form_field.key,
            style=discord.TextStyle.paragraph if long else discord.TextStyle.short,
            placeholder=clip(form_field.placeholder or _kind_hint(voice, form_field), 100) or None,
            default=current[:limit] or None,  # a value longer than the limit would be refused
            required=form_field.required,
            max_length=limit,
        )
    return discord.ui.Label(
        text=clip(form_field.label, 45), description=clip(description, 100) or None, component=component
    )


def _hint(voice: Voice, form_field: FormField) -> str:
    if form_field.kind is FieldKind.MULTI_SELECT:
        return voice.label("discord.form.pick_several")
    return ""


def _kind_hint(voice: Voice, form_field: FormField) -> str:
    if form_field.kind is FieldKind.DATE:
        return voice.label("discord.form.date_hint")
    if form_field.kind is FieldKind.NUMBER:
        return voice.label("discord.form.number_hint")
    if form_field.choices:
        return ", ".join(c.label for c in form_field.choices)
    return ""


def values_from_submission(components: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Field key → entered text from a modal submission's documented ``data.components``.

    Labels (type 18) wrap one component; legacy action rows (type 1) wrap a list.
    Text inputs carry ``value``; select menus ``values`` (joined by commas, as the core expects).
    """
    found: dict[str, str] = {}
    for component in components:
        inner: list[Mapping[str, Any]]
        if "component" in component:
            inner = [component["component"]]
        elif "components" in component:
            inner = list(component["components"])
        else:
            inner = [component]
        for item in inner:
            key = item.get("custom_id")
            if not key:
                continue
            if "values" in item:
                found[key] = ",".join(str(v) for v in item["values"])
            else:
                found[key] = str(item.get("value") or "")
    return found
