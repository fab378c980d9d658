"""The community's kudos settings, kept in ``communities.settings``: emojis and the daily cap."""

from __future__ import annotations

from collections.abc import Mapping

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
