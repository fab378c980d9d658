"""One log line and two metric updates per handled event.

:meth:`bot.app.Bounceback.handle` wraps itself in :func:`observed`; code deeper in
the same call marks a special outcome with :func:`outcome` (a repeat delivery, a
member's bad input, a failure). The line carries the event's id, platform,
workspace, kind, route name, outcome and duration: never the member's text or id.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bot.events import (
    ActionClicked,
    CommandInvoked,
    Event,
    FormSubmitted,
    HomeOpened,
    ReactionAdded,
    ReactionRemoved,
)
from bot.ops import metrics
from bot.ops.metrics import EventOutcome
from bot.router import Route

log = logging.getLogger("bounceback.events")

KINDS: dict[type[Event], str] = {
    CommandInvoked: "command",
    ActionClicked: "action",
    FormSubmitted: "form",
    ReactionAdded: "reaction",
    ReactionRemoved: "reaction",
    HomeOpened: "home",
}


@dataclass
class Observation:
    kind: str
    name: str
    outcome: EventOutcome


_current: ContextVar[Observation | None] = ContextVar("bounceback_observation", default=None)


def _first_look(route: Route) -> tuple[str, str, EventOutcome]:
    """``(kind, name, outcome so far)``: the name is the route registered in code, or ``unknown``."""
    event = route.event
    kind = KINDS.get(type(event), type(event).__name__.lower())
    if event.actor.is_bot:
        return kind, "-", "ignored"
    if not route.handlers or route.name is None:
        return kind, "unknown", "unknown_command" if kind == "command" else "ignored"
    return kind, route.name, "ok"


@contextmanager
def observed(event: Event, route: Route) -> Iterator[Observation]:
    """Time the block, then count ``event`` (which took ``route``) and log one line about it."""
    kind, name, initial = _first_look(route)
    observation = Observation(kind, name, initial)
    token = _current.set(observation)
    started = time.perf_counter()
    try:
        yield observation
    except BaseException:
        observation.outcome = "error"
        raise
    finally:
        _current.reset(token)
        seconds = time.perf_counter() - started
        platform = event.actor.platform
        metrics.event_handled(platform, observation.kind, observation.name, observation.outcome, seconds)
        log.log(
            logging.WARNING if observation.outcome == "error" else logging.INFO,
            "handled %s %s: %s",
            observation.kind,
            observation.name,
            observation.outcome,
            extra={
                "event_id": event.event_id,
                "platform": platform,
                "workspace_id": event.actor.workspace_id,
                "kind": observation.kind,
                "route": observation.name,
                "outcome": observation.outcome,
                "duration_ms": round(seconds * 1000, 2),
            },
        )


def outcome(value: EventOutcome) -> None:
    """Mark how the event being handled in this call ended (no-op outside :func:`observed`)."""
    observation = _current.get()
    if observation is not None:
        observation.outcome = value
