"""The community's kudos settings, a section of ``communities.settings``: the emojis and the daily cap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_KUDOS_EMOJIS = ("clap", "raised_hands", "muscle", "heart", "tada")
MAX_KUDOS_EMOJIS = 20
DEFAULT_DAILY_CAP = 10
MAX_DAILY_CAP = 100

# Stored as two top-level keys of the settings JSON (bot.settings.Section).
_EMOJIS = "kudos_emojis"
_CAP = "kudos_daily_cap"


@dataclass(frozen=True)
class KudosSettings:
    """``emojis``: the kudos emojis as organisers spelt them; ``daily_cap``: how many kudos one member
    may give in one of their days.
    """

    emojis: tuple[str, ...] = DEFAULT_KUDOS_EMOJIS
    daily_cap: int = DEFAULT_DAILY_CAP

    @classmethod
    def read(cls, stored: Mapping[str, Any]) -> KudosSettings:
        emojis, cap = stored.get(_EMOJIS), stored.get(_CAP)
        return cls(
            emojis=tuple(str(s) for s in emojis)
            if isinstance(emojis, list) and emojis
            else DEFAULT_KUDOS_EMOJIS,
            daily_cap=cap
            if isinstance(cap, int) and not isinstance(cap, bool) and 1 <= cap <= MAX_DAILY_CAP
            else DEFAULT_DAILY_CAP,
        )

    def written(self) -> dict[str, Any]:
        return {_EMOJIS: list(self.emojis), _CAP: self.daily_cap}
