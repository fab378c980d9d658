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

import discord
from cachetools import LRUCache

from adapters.discord.translate import emoji_key

DEFAULT_LIMIT = 100_000


class RecentIds:
    """Ids seen lately in this process, oldest forgotten first."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._seen: LRUCache[str, bool] = LRUCache(limit)

    def first_time(self, key: str) -> bool:
        if self._seen.get(key):  # a look-up makes the key recent again
            return False
        self._seen[key] = True
        return True


class ReactionKeys:
    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        # (message, user, emoji) → (last change seen: "add"/"remove", its key); the least recent forgotten
        self._state: LRUCache[tuple[int, int, str], tuple[str, str]] = LRUCache(limit)
        # Unique across restarts, so a key made after one never equals a key made before it.
        self._boot = format(time.time_ns(), "x")
        self._counter = itertools.count(1)

    def key_for(self, raw: discord.RawReactionActionEvent) -> str:
        change = "add" if raw.event_type == "REACTION_ADD" else "remove"
        slot = (raw.message_id, raw.user_id, emoji_key(raw.emoji))
        last = self._state.get(slot)
        if last is not None and last[0] == change:
            return last[1]
        key = f"reaction:{change}:{raw.message_id}:{raw.user_id}:{slot[2]}:{self._boot}.{next(self._counter)}"
        self._state[slot] = (change, key)
        return key
