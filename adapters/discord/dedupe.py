"""Keys that make a repeated gateway dispatch (as after a RESUME) a no-op.

Interactions carry their own id, which the core records. Reaction events
carry none, so :class:`ReactionKeys` makes one: a member holds at most one
reaction per emoji per message, so an *add* while that reaction is already on
(or a *remove* while it is already off) can only be the same dispatch again,
and gets the same key; every real change gets a fresh key. A genuine
add → remove → add is therefore three events, while a replayed add is one.
"""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict

import discord

from adapters.discord.translate import emoji_key

DEFAULT_LIMIT = 100_000


class RecentIds:
    """Ids seen lately in this process, oldest forgotten first."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._limit = limit
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, key: str) -> bool:
        if key in self._seen:
            self._seen.move_to_end(key)
            return False
        self._seen[key] = None
        if len(self._seen) > self._limit:
            self._seen.popitem(last=False)
        return True


class ReactionKeys:
    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._limit = limit
        # (message, user, emoji) → (last change seen: "add"/"remove", its key)
        self._state: OrderedDict[tuple[int, int, str], tuple[str, str]] = OrderedDict()
        # Unique across restarts, so a key made after one never equals a key made before it.
        self._boot = format(time.time_ns(), "x")
        self._counter = itertools.count(1)

    def key_for(self, raw: discord.RawReactionActionEvent) -> str:
        change = "add" if raw.event_type == "REACTION_ADD" else "remove"
        slot = (raw.message_id, raw.user_id, emoji_key(raw.emoji))
        last = self._state.get(slot)
        if last is not None and last[0] == change:
            self._state.move_to_end(slot)
            return last[1]
        key = f"reaction:{change}:{raw.message_id}:{raw.user_id}:{slot[2]}:{self._boot}.{next(self._counter)}"
        self._state[slot] = (change, key)
        self._state.move_to_end(slot)
        if len(self._state) > self._limit:
            self._state.popitem(last=False)
        return key
