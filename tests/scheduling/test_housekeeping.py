"""Old deliveries, claimed runs and event ids are tidied away; a summary's run, still cited, is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.checkins.models import CheckinWeek
from bot.config import load_settings
from bot.db.engine import session_factory
from bot.db.models import Member, ProcessedEvent
from bot.scheduling import housekeeping
from bot.scheduling.jobs import JobRegistry
from bot.scheduling.models import OutboxMessage, ScheduledRun
from bot.wiring import build_jobs
from tests.core.helpers import rows
from tests.scheduling.conftest import PLATFORM, add_community

NOW = datetime(2027, 3, 1, 0, 30, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=90)


async def test_old_rows_go_and_cited_or_recent_ones_stay(db, clock, make_runtime):
    community = await add_community(db, "g1", 1, LONG_AGO - timedelta(days=1))
    async with session_factory(db)() as session, session.begin():
        [member] = await rows(db, Member)
        old_sweep = ScheduledRun(
            community_id=community,
            kind="reconnect.reminders",
            period="old",
            due_at=LONG_AGO,
            status="done",
            claimed_by="x",
            claimed_at=LONG_AGO,
        )
        old_summary = ScheduledRun(
            community_id=community,
            kind="checkins.summary",
            period="2026-W49",
            due_at=LONG_AGO,
            status="done",
            claimed_by="x",
            claimed_at=LONG_AGO,
        )
        recent = ScheduledRun(
            community_id=community,
            kind="reconnect.reminders",
            period="recent",
            due_at=NOW,
            status="done",
            claimed_by="x",
            claimed_at=NOW - timedelta(days=2),
        )
        session.add_all([old_sweep, old_summary, recent])
        await session.flush()
        session.add(
            CheckinWeek(
                community_id=community,
                member_id=member.id,
                week="2026-W49",
                status="checked_in",
                summary_run_id=old_summary.id,
                created_at=LONG_AGO,
            )
        )
        for key, status, created in (
            ("old-done", "done", LONG_AGO),
            ("old-pending", "pending", LONG_AGO),
            ("new-done", "done", NOW - timedelta(days=1)),
        ):
            session.add(
                OutboxMessage(
                    community_id=community,
                    key=key,
                    platform=PLATFORM,
                    workspace_id="g1",
                    reply={},
                    status=status,
                    not_before=NOW + timedelta(days=1),
                    attempts=0,
                    created_at=created,
                )
            )
    jobs = JobRegistry()
    housekeeping.schedule(jobs)
    jobs.keep_runs_cited_by(CheckinWeek.summary_run_id)  # as the check-ins register it
    clock.set(NOW)
    await make_runtime(jobs).tick()
    assert sorted(r.key for r in await rows(db, OutboxMessage)) == ["new-done", "old-pending"]
    periods = sorted(r.period for r in await rows(db, ScheduledRun))
    assert "old" not in periods
    assert {"2026-W49", "recent"} <= set(periods)


def test_the_check_ins_keep_the_runs_their_weeks_cite() -> None:
    assert any(column is CheckinWeek.summary_run_id for column in build_jobs().citing)


async def test_handled_event_ids_go_after_the_retention_period(db, clock, make_runtime):
    community = await add_community(db, "g1", 1, LONG_AGO)
    async with session_factory(db)() as session, session.begin():
        for key, age in (("Ev-old", timedelta(days=8)), ("Ev-recent", timedelta(days=6))):
            session.add(ProcessedEvent(community_id=community, event_key=key, created_at=NOW - age))
    clock.set(NOW)
    await make_runtime(build_jobs(keep_processed_events=timedelta(days=7))).tick()
    assert [e.event_key for e in await rows(db, ProcessedEvent)] == ["Ev-recent"]


def test_the_retention_period_is_a_setting() -> None:
    assert load_settings({}, env_file=None).processed_events_retention == timedelta(days=30)
    settings = load_settings({"BOUNCEBACK_PROCESSED_EVENTS_DAYS": "3"}, env_file=None)
    assert settings.processed_events_retention == timedelta(days=3)
