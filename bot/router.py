"""Which handler answers which event: commands by name, actions and forms by id prefix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot.context import Context
from bot.events import (
    ActionClicked,
    CommandInvoked,
    Event,
    FormSubmitted,
    HomeOpened,
    ReactionAdded,
    ReactionRemoved,
)
from bot.replies import Reply

Handler = Callable[[Context, Any], Awaitable[list[Reply]]]


class Router:
    def __init__(self) -> None:
        self._commands: dict[str, Handler] = {}
        self._actions: dict[str, Handler] = {}
        self._forms: dict[str, Handler] = {}
        self._reactions: list[Handler] = []
        self._home: dict[str, Handler] = {}

    def command(self, name: str, handler: Handler) -> None:
        """Route a command (``"reflect"``) or a subcommand (``"bounceback help"``).

        A subcommand's handler gets the event with the subcommand word taken off its text.
        """
        self._add(self._commands, name, handler)

    def action(self, action_id: str, handler: Handler) -> None:
        self._add(self._actions, action_id, handler)

    def form(self, form_id: str, handler: Handler) -> None:
        self._add(self._forms, form_id, handler)

    def home(self, handler: Handler) -> None:
        """The member's home view (Slack's App Home): one handler builds it."""
        self._add(self._home, "home", handler)

    def reaction(self, handler: Handler) -> None:
        """Reactions go to every listener (kudos, and whatever else cares)."""
        self._reactions.append(handler)

    @property
    def commands(self) -> frozenset[str]:
        return frozenset(self._commands)

    def resolve(self, event: Event) -> tuple[list[Handler], Event]:
        """The handlers for ``event`` (empty if nobody handles it) and the event as they should see it."""
        match event:
            case CommandInvoked(command=name, text=text):
                name = name.lstrip("/").lower()
                word, _, rest = text.strip().partition(" ")
                if sub := self._commands.get(f"{name} {word.lower()}"):
                    return [sub], replace(event, text=rest.strip())
                found = self._commands.get(name)
            case ActionClicked(action_id=action_id):
                found = self._actions.get(action_id)
            case FormSubmitted(form_id=form_id):
                found = self._forms.get(form_id)
            case HomeOpened():
                found = self._home.get("home")
            case ReactionAdded() | ReactionRemoved():
                return list(self._reactions), event
            case _:
                found = None
        return ([found] if found else []), event

    @staticmethod
    def _add(table: dict[str, Handler], key: str, handler: Handler) -> None:
        if key in table:
            raise ValueError(f"{key!r} is routed twice")
        table[key] = handler
