"""A check-in week through the console: ping, answer, edit, reminder, summary, exactly as a member sees it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from adapters.console.gateway import ConsoleGateway
from bot.checkins.models import Checkin, CheckinWeek
from bot.checkins.summary_members import members_in_summary
from bot.db.engine import session_factory
from bot.db.models import Member, PostedMessage
from bot.scheduling.models import ScheduledRun
from tests.checkins.conftest import check_in, join, sent
from tests.core.helpers import answer_form, count, rows

MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def test_members_are_pinged_at_nine_in_their_own_zone_once(db, group: ConsoleGateway):
    await join(group, "Ana")
    await join(group, "Ben", "Europe/Berlin")
    await join(group, "Cleo", "Asia/Kolkata")
    out = "\n".join(await group.send("/wait 8d"))
    assert "(DM to Ben)" in out and "buttons: [checkin] Check in" in out
    pings = sorted(await sent(db, "checkins.ping"))
    assert pings == [
        ("ana", MONDAY),
        ("ben", datetime(2026, 11, 30, 8, 0, tzinfo=UTC)),
        ("cleo", datetime(2026, 11, 30, 4, 0, tzinfo=UTC)),  # 03:30 UTC, delivered at the console's next step
    ]
    await group.send("/wait 7d")
    assert len(await sent(db, "checkins.ping")) == 6


async def test_the_ping_button_opens_the_form_and_the_answer_compares_goals_warmly(db, group: ConsoleGateway):
    await join(group, "Ana")
    await group.send("/wait 7d")
    await check_in(group, "Ana", results=(3, 1, 0), goals=(10, 3, 2), win="Finished my portfolio")
    await group.send("/wait 7d")
    ping = next(m for m in reversed(group.messages.values()) if m.reply.buttons and "DM to Ana" in m.where)
    await group.send("/rejected Acme | Analyst")
    out = await group.send(f"/click {ping.message_id} checkin")
    assert "Weekly check-in" in out[0]
    answer = "\n".join(
        await answer_form(group, "10", "2", "0", "Two interviews booked", "8", "3", "2", "2", "CV")
    )
    assert "10 of 10" in answer  # met
    assert "2 of 3" in answer  # missed, kindly
    assert "0 of 2" in answer
    assert "1 rejection(s)" in answer
    assert "2 week(s)" in answer
    assert "fault" not in answer.lower()


async def test_a_second_submission_in_the_same_week_edits_the_first(db, group: ConsoleGateway):
    await join(group, "Ana")
    await group.send("/wait 7d")
    await check_in(group, "Ana", results=(1, 1, 1))
    out = await group.send("/checkin")
    assert "blank keeps: 1" in group.prompt
    answers = ["4", "", "", "", "", "", "", "", ""]
    edited = "\n".join(out + await answer_form(group, *answers))
    assert "Updated your check-in for 2026-W49" in edited or "Your 2026-W49 check-in is changed" in edited
    [checkin] = await rows(db, Checkin)
    assert (checkin.applications, checkin.conversations, checkin.edits) == (4, 1, 1)


async def test_one_reminder_goes_to_those_who_have_not_answered(db, group: ConsoleGateway):
    await join(group, "Ana")
    await join(group, "Ben")
    await group.send("/wait 7d")
    await check_in(group, "Ana")
    await group.send("/wait 3d")  # past Wednesday 12:00
    assert [to for to, _ in await sent(db, "checkins.reminder")] == ["ben"]
    await group.send("/wait 1d")
    assert len(await sent(db, "checkins.reminder")) == 1


async def test_the_group_summary_is_posted_once_when_the_window_closes(db, group: ConsoleGateway):
    await join(group, "Ana")
    await join(group, "Ben")
    await join(group, "Cleo")
    await group.send("/wait 7d")
    await check_in(group, "Ana", results=(4, 1, 0), goals=(5, 2, 1), win="Got a referral")
    await check_in(group, "Ben", results=(2, 0, 1), goals=(3, 1, 1))
    out = "\n".join(await group.send("/wait 4d9h"))  # to Friday 18:00
    assert "CHECK-INS FOR 2026-W49" in out
    assert "@Ana" in out and "@Ben" in out and "@Cleo" not in out
    assert "6 applications" in out and "Got a referral" in out
    await group.send("/wait 2d")
    assert (
        await count(
            db, ScheduledRun, ScheduledRun.kind == "checkins.summary", ScheduledRun.period == "2026-W49"
        )
        == 1
    )
    [post] = await rows(db, PostedMessage, PostedMessage.kind == "checkin_summary")
    [run] = await rows(
        db, ScheduledRun, ScheduledRun.kind == "checkins.summary", ScheduledRun.period == "2026-W49"
    )
    assert post.subject_id == run.id
    async with session_factory(db)() as session:
        included = await members_in_summary(session, run.community_id, run.id)
        names = list(await session.scalars(select(Member.display_name).where(Member.id.in_(included))))
    assert sorted(names) == ["Ana", "Ben"]
    outcomes = {w.member_id: w.status for w in await rows(db, CheckinWeek)}
    assert sorted(outcomes.values()) == ["checked_in", "checked_in", "missed"]


async def test_a_shared_check_in_is_posted_and_recorded_for_kudos(db, group: ConsoleGateway):
    await join(group, "Ana")
    await group.send("/wait 7d")
    await check_in(group, "Ana", win="Second interview!")
    answer = next(
        m for m in reversed(group.messages.values()) if any(b.key == "share" for b in m.reply.buttons)
    )
    out = "\n".join(await group.send(f"/click {answer.message_id} share"))
    assert "(#group)" in out and "@Ana checked in for 2026-W49" in out and "Second interview!" in out
    [post] = await rows(db, PostedMessage, PostedMessage.kind == "checkin_post")
    assert post.subject_member_id is not None
    again = "\n".join(await group.send(f"/click {answer.message_id} share"))
    assert "already shared" in again
    await group.send("/as Ben")
    theirs = "\n".join(await group.send(f"/click {answer.message_id} share"))
    assert "isn't yours" in theirs


async def test_a_checkin_late_in_the_window_counts_for_that_week_and_after_the_close_for_the_next(
    db, group: ConsoleGateway
):
    await join(group, "Ana")
    await group.send("/wait 11d8h")  # Friday 17:00 of week 49
    await check_in(group, "Ana")
    await group.send("/wait 2h")  # Friday 19:00: the window has closed
    await check_in(group, "Ana", results=(9, 9, 9))
    assert sorted(c.week for c in await rows(db, Checkin)) == ["2026-W49", "2026-W50"]


async def test_wrong_numbers_are_named_and_nothing_is_saved(db, group: ConsoleGateway):
    await join(group, "Ana")
    for given in ("lots", "²", "9" * 5000, "501", "-1"):
        await group.send("/checkin")
        out = "\n".join(await answer_form(group, given, "1", "1", "", "1", "1", "1", "3", ""))
        assert "Last week: applications sent" in out and "whole number from 0 to 500" in out
        assert "Traceback" not in out and len(out) < 1000
        await group.send("/cancel")  # the form asks again for the field that was wrong
    assert await count(db, Checkin) == 0


async def test_moving_time_zone_mid_week_does_not_ping_twice(db, group: ConsoleGateway):
    await join(group, "Cleo", "Asia/Kolkata")
    await group.send("/wait 7d")  # Monday 09:00 UTC: pinged at 09:00 in Kolkata already
    await group.send("/bounceback timezone America/New_York")
    await group.send("/wait 10h")  # 09:00 in New York has come and gone
    assert [to for to, _ in await sent(db, "checkins.ping") if to == "cleo"] == ["cleo"]
    await group.send("/wait 7d")
    assert [when.hour for to, when in await sent(db, "checkins.ping") if to == "cleo"] == [4, 14]
