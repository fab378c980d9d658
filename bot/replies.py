"""What the core says back, in neutral terms. Handlers return these; adapters render them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.markup import Markup, Mention, parse

EMPTY = Markup("")


class Audience(StrEnum):
    PRIVATE = "private"  # seen only by the member who acted (ephemeral)
    DIRECT = "direct"  # a direct message to ``recipient_user_id``
    GROUP = "group"  # posted in the community's group channel (``channel_id``)


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    SELECT = "select"
    MULTI_SELECT = "multi_select"
    DATE = "date"  # ISO yyyy-mm-dd
    NUMBER = "number"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, kw_only=True)
class FormField:
    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[Choice, ...] = ()
    placeholder: str = ""
    initial: str = ""
    max_length: int = 200
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True, kw_only=True)
class Form:
    """A form to open for the member: a modal on Slack and Discord, prompts in the console."""

    form_id: str
    title: str
    submit_label: str
    fields: tuple[FormField, ...]
    context: str = ""


@dataclass(frozen=True, kw_only=True)
class Button:
    """An action button. ``key`` is short and stable (the console's ``/click MSG KEY``)."""

    key: str
    label: str
    action_id: str
    value: str = ""
    style: str = "default"  # "default", "primary" or "danger"


@dataclass(frozen=True, kw_only=True)
class Attachment:
    """A file sent with a reply: a chart (``image/png``) or an export (``application/json``)."""

    filename: str
    data: bytes = field(repr=False)
    media_type: str
    alt_text: str = ""


@dataclass(frozen=True)
class ReplyField:
    label: str
    value: Markup


@dataclass(frozen=True)
class PostRecord:
    """Asks the adapter to report where a message landed, so reactions on it can be traced.

    ``kind`` names what the message is (``rejection_card``...), ``subject_id``
    the row it is about, ``subject_user_id`` the member it is about.
    """

    kind: str
    subject_id: int | None = None
    subject_user_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Reply:
    audience: Audience
    body: Markup = EMPTY
    title: str | None = None
    fields: tuple[ReplyField, ...] = ()
    buttons: tuple[Button, ...] = ()
    form: Form | None = None
    attachment: Attachment | None = None
    recipient_user_id: str | None = None
    channel_id: str | None = None
    record: PostRecord | None = None
    form_errors: Mapping[str, str] | None = None

    @property
    def mentions(self) -> frozenset[str]:
        """The members this reply deliberately mentions; adapters allow pings to these only."""
        texts = [self.body, *(f.value for f in self.fields)]
        return frozenset(
            s.user_id for t in texts for line in parse(t) for s in line.spans if isinstance(s, Mention)
        )


def private(body: Markup, *, buttons: tuple[Button, ...] = ()) -> Reply:
    return Reply(audience=Audience.PRIVATE, body=body, buttons=buttons)


def open_form(form: Form) -> Reply:
    return Reply(audience=Audience.PRIVATE, form=form)
