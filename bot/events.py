"""Things that happen, in the core's own terms.

Adapters translate platform payloads into these frozen dataclasses; handlers
never see a platform payload except through ``raw``, which is kept only for
debugging and is left out of equality.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Actor:
    """Who did it: a member of one community (a Slack workspace, a Discord guild, the console)."""

    platform: str
    workspace_id: str
    user_id: str
    display_name: str
    is_bot: bool = False
    time_zone: str | None = None


@dataclass(frozen=True, kw_only=True)
class Conversation:
    """Where it happened."""

    channel_id: str
    thread_id: str | None = None
    is_direct: bool = False


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every event.

    ``event_id`` is the platform's own id for this delivery (Slack ``event_id``,
    Discord interaction id, ...). The core records it so that a retried or
    replayed delivery changes nothing the second time. ``None`` means the
    source never repeats itself (the console).
    """

    actor: Actor
    conversation: Conversation
    event_id: str | None = None
    raw: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class CommandInvoked(Event):
    """A slash command: ``command`` without the slash (``rejected``), ``text`` is what followed it."""

    command: str
    text: str = ""


@dataclass(frozen=True, kw_only=True)
class ReactionAdded(Event):
    """An emoji reaction on a message. ``emoji`` is the platform's name or unicode character."""

    emoji: str
    message_id: str
    message_author_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReactionRemoved(Event):
    """An emoji reaction taken back."""

    emoji: str
    message_id: str
    message_author_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActionClicked(Event):
    """A button pressed on one of the bot's messages."""

    action_id: str
    value: str = ""
    message_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class FormSubmitted(Event):
    """A form (a modal on Slack and Discord, prompts in the console) sent back filled in.

    ``values`` maps each field key to the text entered; a multi-choice field
    holds its choices joined by commas. ``context`` is the opaque state the
    form was opened with.
    """

    form_id: str
    values: Mapping[str, str]
    context: str = ""


@dataclass(frozen=True, kw_only=True)
class HomeOpened(Event):
    """A member opened their home view (Slack's App Home tab): the core answers with what it shows."""
