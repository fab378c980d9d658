"""Which handler answers which event: commands by name, actions and forms by id prefix."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Route:
    """Where an event goes: its handlers (none if nobody handles it), the event as they should see it,
    and the route's name as registered in code (``"bounceback help"``, a form id; None when unrouted).
    """

    handlers: tuple[Handler, ...]
    event: Event
    name: str | None


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

    def resolve(self, event: Event) -> Route:
        """Where ``event`` goes; a subcommand's route hands on the event with its word taken off."""
        match event:
            case CommandInvoked(command=name, text=text):
                name = name.lstrip("/").lower()
                word, _, rest = text.strip().partition(" ")
                sub = f"{name} {word.lower()}"
                if handler := self._commands.get(sub):
                    return Route((handler,), replace(event, text=rest.strip()), sub)
                return self._one(self._commands, name, event)
            case ActionClicked(action_id=action_id):
                return self._one(self._actions, action_id, event)
            case FormSubmitted(form_id=form_id):
                return self._one(self._forms, form_id, event)
            case HomeOpened():
                return self._one(self._home, "home", event)
            case ReactionAdded() | ReactionRemoved():
                return Route(tuple(self._reactions), event, "reaction" if self._reactions else None)
            case _:
                return Route((), event, None)

    @staticmethod
    def _one(table: dict[str, Handler], key: str, event: Event) -> Route:
        found = table.get(key)
        return Route((found,), event, key) if found else Route((), event, None)

    @staticmethod
    def _add(table: dict[str, Handler], key: str, handler: Handler) -> None:
        if key in table:
            raise ValueError(f"{key!r} is routed twice")
        table[key] = handler
