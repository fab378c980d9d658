"""A Discord interaction's core event as JSON, for its inbox row, and back again.

Only the neutral event is kept (who, where, and what they asked), never discord.py's objects:
a row taken after a restart, or by another shard's process, rebuilds the same event from it.
An event has no ``raw`` here: nothing in the core reads it, and it would repeat the member's words.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from adapters.discord.translate import DiscordActor
from bot.events import ActionClicked, CommandInvoked, Conversation, FormSubmitted

InteractionEvent = CommandInvoked | FormSubmitted | ActionClicked
KINDS: dict[str, type[InteractionEvent]] = {
    "command": CommandInvoked,
    "form": FormSubmitted,
    "action": ActionClicked,
}
COMMON = {"actor", "conversation", "event_id", "raw"}


def kind_of(event: InteractionEvent) -> str:
    return next(kind for kind, cls in KINDS.items() if type(event) is cls)


def event_to_json(event: InteractionEvent) -> dict[str, Any]:
    actor = event.actor
    stored_actor: dict[str, Any] = {
        "platform": actor.platform,
        "workspace_id": actor.workspace_id,
        "user_id": actor.user_id,
        "display_name": actor.display_name,
        "is_bot": actor.is_bot,
        "time_zone": actor.time_zone,
    }
    if isinstance(actor, DiscordActor):
        stored_actor |= {"manages_server": actor.manages_server, "roles": sorted(actor.roles)}
    details = {f.name: getattr(event, f.name) for f in fields(event) if f.name not in COMMON}
    if isinstance(event, FormSubmitted):
        details["values"] = dict(event.values)
    return {
        "kind": kind_of(event),
        "event_id": event.event_id,
        "actor": stored_actor,
        "conversation": asdict(event.conversation),
        **details,
    }


def event_from_json(data: dict[str, Any]) -> InteractionEvent:
    stored = dict(data)
    cls = KINDS[stored.pop("kind")]
    actor = dict(stored.pop("actor"))
    actor["roles"] = frozenset(actor.get("roles") or ())
    return cls(
        actor=DiscordActor(**actor),
        conversation=Conversation(**stored.pop("conversation")),
        **stored,
    )
