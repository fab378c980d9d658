"""Which check-in week it is for a member, in their own zone, by APScheduler's cron maths.

A week is named by the ISO week of its ping's local date (``2026-W48``). It
opens at the ping and stays open until the close; between the close and the
next ping, ``/checkin`` already counts for the coming week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.checkins.config import CheckinConfig
from bot.scheduling.jobs import fire_times

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Week:
    label: str
    opens_at: datetime
    closes_at: datetime
    zone: ZoneInfo

    @property
    def first_day(self) -> date:
        """The local date of the ping that opens it."""
        return self.opens_at.astimezone(self.zone).date()


def label_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def previous_label(label: str) -> str:
    year, week = label.split("-W")
    return label_of(date.fromisocalendar(int(year), int(week), 1) - WEEK)


@lru_cache(maxsize=1024)
def trigger(config: CheckinConfig, zone: ZoneInfo, what: str) -> CronTrigger:
    """The cron trigger of ``ping``, ``close`` or ``reminder`` in ``zone`` (immutable, so cached)."""
    day, at = {
        "ping": (config.ping_day, config.ping_time),
        "close": (config.close_day, config.close_time),
        "reminder": (config.reminder_day, config.reminder_time),
    }[what]
    return CronTrigger(timezone=zone, **CheckinConfig.cron(day, at))


@lru_cache(maxsize=4096)
def week_opened_at(ping: datetime, config: CheckinConfig, zone: ZoneInfo) -> Week:
    """The week that the ping at ``ping`` opens."""
    close = fire_times(trigger(config, zone, "close"), ping, ping + WEEK)[0]
    return Week(label_of(ping.astimezone(zone).date()), ping, close, zone)


def week_at(now: datetime, config: CheckinConfig, zone: ZoneInfo) -> Week:
    """The week a check-in made at ``now`` belongs to."""
    pings = fire_times(trigger(config, zone, "ping"), now - WEEK, now + WEEK)
    last = [p for p in pings if p <= now][-1]
    week = week_opened_at(last, config, zone)
    if now <= week.closes_at:
        return week
    return week_opened_at(next(p for p in pings if p > now), config, zone)
