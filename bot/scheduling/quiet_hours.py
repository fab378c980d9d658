"""Never in someone's night: direct messages wait for the morning (21:00–08:00 local is quiet)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def is_quiet(at: datetime, zone: ZoneInfo) -> bool:
    local = at.astimezone(zone).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def waking_time(at: datetime, zone: ZoneInfo) -> datetime:
    """``at`` itself when it is daytime where the member is, else the next 08:00 local (in UTC)."""
    if not is_quiet(at, zone):
        return at
    local = at.astimezone(zone)
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    # zoneinfo resolves the wall time (08:00 always exists: DST changes happen at night).
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=zone).astimezone(UTC)
