"""Local times across daylight-saving changes: the Monday 09:00 ping lands at 09:00 where each member lives.

The expected UTC instants are written out by hand from each zone's rules, not
computed by the code under test: New York changes on 14 March and 1 November,
Berlin on 28 March and 25 October, Adelaide (a half-hour zone) on 4 April and
4 October; Kolkata (+05:30) never does.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.checkins.jobs import per_zone, send_pings
from bot.clock import ManualClock
from bot.scheduling.jobs import JobRegistry, PeriodicJob
from bot.scheduling.models import OutboxMessage
from tests.core.helpers import rows
from tests.scheduling.conftest import add_community, run_until

ZONES = ("America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Adelaide")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def pings_only() -> JobRegistry:
    jobs = JobRegistry()
    jobs.add(PeriodicJob("checkins.ping", per_zone("ping"), send_pings))
    return jobs


async def pings_by_zone(db: AsyncEngine) -> dict[str, list[datetime]]:
    zone_of = {f"g1-u{i}": zone for i, zone in enumerate(ZONES)}
    found: dict[str, list[datetime]] = {zone: [] for zone in ZONES}
    for row in await rows(db, OutboxMessage, OutboxMessage.key.like("checkins.ping:%")):
        assert row.status == "done" and row.sent_at is not None
        found[zone_of[row.reply["recipient_user_id"]]].append(row.sent_at)
    return {zone: sorted(times) for zone, times in found.items()}


async def walk_weeks(runtime, clock: ManualClock, first_sunday: datetime, weeks: int) -> None:
    """Tick every 30 minutes from Sunday 20:00 UTC to Monday 16:00 UTC, when every zone's ping falls."""
    for week in range(weeks):
        start = first_sunday + timedelta(weeks=week, hours=20)
        clock.set(start)
        await run_until(runtime, clock, start + timedelta(hours=20), timedelta(minutes=30))


async def test_spring_changes(db, clock: ManualClock, make_runtime):
    await add_community(db, "g1", len(ZONES), utc("2027-02-20T00:00"), time_zones=ZONES)
    await walk_weeks(make_runtime(pings_only()), clock, utc("2027-02-28T00:00"), weeks=6)
    assert await pings_by_zone(db) == {
        "America/New_York": [utc(f"2027-{d}T14:00") for d in ("03-01", "03-08")]
        + [utc(f"2027-{d}T13:00") for d in ("03-15", "03-22", "03-29", "04-05")],
        "Europe/Berlin": [utc(f"2027-{d}T08:00") for d in ("03-01", "03-08", "03-15", "03-22")]
        + [utc(f"2027-{d}T07:00") for d in ("03-29", "04-05")],
        "Asia/Kolkata": [
            utc(f"2027-{d}T03:30") for d in ("03-01", "03-08", "03-15", "03-22", "03-29", "04-05")
        ],
        "Australia/Adelaide": [utc(f"2027-{d}T22:30") for d in ("02-28", "03-07", "03-14", "03-21", "03-28")]
        + [utc("2027-04-04T23:30")],
    }


async def test_autumn_changes(db, clock: ManualClock, make_runtime):
    await add_community(db, "g1", len(ZONES), utc("2026-09-20T00:00"), time_zones=ZONES)
    await walk_weeks(make_runtime(pings_only()), clock, utc("2026-09-27T00:00"), weeks=7)
    mondays = ("09-28", "10-05", "10-12", "10-19", "10-26", "11-02", "11-09")
    assert await pings_by_zone(db) == {
        "America/New_York": [utc(f"2026-{d}T13:00") for d in mondays[:5]]
        + [utc(f"2026-{d}T14:00") for d in mondays[5:]],
        "Europe/Berlin": [utc(f"2026-{d}T07:00") for d in mondays[:4]]
        + [utc(f"2026-{d}T08:00") for d in mondays[4:]],
        "Asia/Kolkata": [utc(f"2026-{d}T03:30") for d in mondays],
        "Australia/Adelaide": [utc("2026-09-27T23:30")]
        + [utc(f"2026-{d}T22:30") for d in ("10-04", "10-11", "10-18", "10-25", "11-01", "11-08")],
    }
