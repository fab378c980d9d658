"""How a community runs its check-ins, a section of ``communities.settings``, with sensible defaults.

Without any set-up: on, pinged Monday 09:00 in each member's zone, the window
open until Friday 18:00, one reminder Wednesday 12:00.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import time
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Stored under this key of the settings JSON (bot.settings.Section).
_KEY = "checkins"
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)?$")


@dataclass(frozen=True)
class CheckinConfig:
    enabled: bool = True
    channel_id: str | None = None
    ping_day: str = "mon"
    ping_time: str = "09:00"
    close_day: str = "fri"
    close_time: str = "18:00"
    reminder_day: str = "wed"
    reminder_time: str = "12:00"

    @classmethod
    def read(cls, stored: Mapping[str, Any]) -> CheckinConfig:
        section = stored.get(_KEY)
        if not isinstance(section, dict):
            return cls()
        return cls(**{k: v for k, v in section.items() if k in cls.__dataclass_fields__})

    def written(self) -> dict[str, Any]:
        return {_KEY: asdict(self)}

    def with_changes(self, **changes: Any) -> CheckinConfig:
        return replace(self, **changes)

    @staticmethod
    def cron(day: str, at: str) -> dict[str, int | str]:
        """APScheduler cron fields for a weekday and HH:MM."""
        clock = parse_time(at)
        assert clock is not None
        return {"day_of_week": day, "hour": clock.hour, "minute": clock.minute}


def parse_weekday(text: str) -> str | None:
    """``"Monday"``, ``"mon"``, ``"MO"`` → ``"mon"``; None if it names no weekday."""
    word = text.strip().lower()[:3]
    if len(word) < 2:
        return None
    return next((d for d in WEEKDAYS if d.startswith(word)), None)


def parse_time(text: str) -> time | None:
    """``"9"``, ``"09:00"``, ``"17.30"``, ``"9h"`` → a time; None if it isn't one."""
    match = _TIME.match(text.strip().lower().removesuffix("h"))
    if not match:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))
