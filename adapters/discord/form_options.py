"""A core form's fields as the typed options of one slash command.

``/rejected`` and ``/reflect`` take their options from the very forms the core
opens (:func:`bot.rejected.forms.log_form`, :func:`bot.reflect.reflect_form`):
each field becomes an option named by its key, typed by its kind, with its
choices and length limits. Options given become that form's submission, so a
field added to a core form is an option after the next ``bounceback discord
sync``, with no edit here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, Optional, TypeVar

from discord import app_commands

from adapters.discord.markdown import clip
from bot.replies import FieldKind, Form, FormField

DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100
TEXT_OPTION_LIMIT = 6000  # Discord's longest string option
DATE_TEXT_LIMIT = 40

Callback = TypeVar("Callback", bound=Callable[..., Coroutine[Any, Any, None]])
Autocomplete = Callable[..., Coroutine[Any, Any, list[app_commands.Choice[str]]]]


class FormOptions:
    """Builds the options of ``form`` onto a command callback, and reads them back as form values.

    ``date_hint`` is appended to the description of date fields; ``dates`` suggests dates
    for them as the member types.
    """

    def __init__(self, form: Form, *, date_hint: str, dates: Autocomplete) -> None:
        self.form = form
        self._date_hint = date_hint
        self._dates = dates

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.form.fields)

    def values(self, given: Mapping[str, Any]) -> dict[str, str]:
        """The form values among a command's arguments: the fields given, as text."""
        return {key: str(given[key]) for key in self.keys if given.get(key) is not None}

    def add_to(self, callback: Callback) -> Callback:
        """Give ``callback`` (which takes the fields as ``**given``) one optional parameter per field.

        discord.py reads a command's options from its callback's signature, so the
        signature is extended with the fields, and the library's own ``describe``,
        ``choices`` and ``autocomplete`` decorators label them.
        """
        own = [p for p in inspect.signature(callback).parameters.values() if p.kind is not p.VAR_KEYWORD]
        fields = [self._parameter(f) for f in self.form.fields]
        callback.__signature__ = inspect.Signature([*own, *fields])  # type: ignore[attr-defined]
        callback = app_commands.describe(**{f.key: self._description(f) for f in self.form.fields})(callback)
        choices = {f.key: _choices(f) for f in self.form.fields if _offers_choices(f)}
        if choices:
            callback = app_commands.choices(**choices)(callback)
        dates = {f.key: self._dates for f in self.form.fields if f.kind is FieldKind.DATE}
        if dates:
            callback = app_commands.autocomplete(**dates)(callback)
        return callback

    def _parameter(self, form_field: FormField) -> inspect.Parameter:
        return inspect.Parameter(
            form_field.key,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Optional[_option_type(form_field)],  # noqa: UP045 (discord.py reads the typing form)
        )

    def _description(self, form_field: FormField) -> str:
        text = form_field.placeholder or form_field.label
        if form_field.kind is FieldKind.DATE:
            text = f"{form_field.label}: {self._date_hint}"
        return clip(text, DESCRIPTION_LIMIT)


def _option_type(form_field: FormField) -> Any:
    if form_field.kind is FieldKind.NUMBER:
        low = form_field.min_value
        return app_commands.Range[int, low, form_field.max_value] if low is not None else int
    if _offers_choices(form_field):
        return str
    limit = DATE_TEXT_LIMIT if form_field.kind is FieldKind.DATE else form_field.max_length
    return app_commands.Range[str, 1, min(max(limit, 1), TEXT_OPTION_LIMIT)]


def _offers_choices(form_field: FormField) -> bool:
    """A one-choice select with few enough choices for Discord's list (several are typed, comma-separated)."""
    return form_field.kind is FieldKind.SELECT and 0 < len(form_field.choices) <= CHOICES_LIMIT


def _choices(form_field: FormField) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=clip(c.label, CHOICE_NAME_LIMIT), value=c.value) for c in form_field.choices
    ]
