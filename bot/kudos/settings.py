"""The community's kudos settings, kept in ``communities.settings``: emojis and the daily cap."""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_KUDOS_EMOJIS = ("clap", "raised_hands", "muscle", "heart", "tada")
MAX_KUDOS_EMOJIS = 20
DEFAULT_DAILY_CAP = 10
MAX_DAILY_CAP = 100

EMOJIS_KEY = "kudos_emojis"
CAP_KEY = "kudos_daily_cap"


def daily_cap(settings: Mapping[str, object]) -> int:
    """How many kudos one member may give in one of their days."""
    value = settings.get(CAP_KEY)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DAILY_CAP:
        return value
    return DEFAULT_DAILY_CAP


def emoji_spellings(settings: Mapping[str, object]) -> list[str]:
    """The kudos emojis as organisers spelt them, else the defaults."""
    chosen = settings.get(EMOJIS_KEY)
    return [str(s) for s in chosen] if isinstance(chosen, list) and chosen else list(DEFAULT_KUDOS_EMOJIS)
