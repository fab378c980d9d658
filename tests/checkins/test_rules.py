"""The rules members live by: quiet hours, pauses and opt-outs that keep streaks, hired, buddies, zones."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.console.gateway import ConsoleGateway
from bot.checkins.models import BuddyGroup, CheckinMember
from bot.db.models import Member, PostedMessage
from bot.events import Actor
from tests.checkins.conftest import check_in, join, sent
from tests.core.helpers import answer_form, rows


async def set_schedule(group: ConsoleGateway, **times: str) -> str:
    """The organiser's form: ping, close and reminder day and time, and the group's zone."""
    fields = {"ping": ("mon", "09:00"), "close": ("fri", "18:00"), "reminder": ("wed", "12:00")}
    answers: list[str] = []
    for what, (day, at) in fields.items():
        answers += [times.get(f"{what}_day", day), times.get(f"{what}_time", at)]
    await group.send("/bounceback checkins")
    return "\n".join(await answer_form(group, *answers, times.get("zone", "UTC")))


async def test_a_reminder_due_in_the_night_waits_for_the_morning(db, group: ConsoleGateway):
    out = await set_schedule(group, reminder_time="22:00")
    assert "reminder Wednesday 22:00" in out
    await join(group, "Ben", "Europe/Berlin")
    await group.send("/wait 11d")  # to Friday 4 December
    # 22:00 is quiet: the reminder waits for 08:00 Thursday where each member is.
    assert sorted(await sent(db, "checkins.reminder")) == [
        ("ana", datetime(2026, 12, 3, 8, 0, tzinfo=UTC)),
        ("ben", datetime(2026, 12, 3, 7, 0, tzinfo=UTC)),
    ]


async def test_a_ping_set_before_eight_arrives_at_eight(db, group: ConsoleGateway):
    await set_schedule(group, ping_time="06:30")
    await join(group, "Ana")
    await group.send("/wait 7d")
    assert await sent(db, "checkins.ping") == [("ana", datetime(2026, 11, 30, 8, 0, tzinfo=UTC))]


async def test_pauses_and_opt_outs_keep_streaks_and_a_missed_week_resets_them(db, group: ConsoleGateway):
    for name in ("Ana", "Ben", "Cleo"):
        await join(group, name)
    await group.send("/wait 7d")  # Monday 30 Nov: week 49
    for name in ("Ana", "Ben", "Cleo"):
        await check_in(group, name)
    await group.send("/wait 7d")  # week 50: Ben misses it, Cleo opts out, Ana checks in then pauses
    await check_in(group, "Ana")
    out = "\n".join(await group.send("/checkin pause 2026-12-20"))
    assert "paused until 2026-12-20" in out
    await group.send("/as Cleo")
    await group.send("/checkin stop")
    await group.send("/wait 7d")  # week 51
    assert sorted(to for to, when in await sent(db, "checkins.ping") if when.day == 14) == ["ben"]
    await group.send("/as Cleo")
    await group.send("/checkin start")
    assert "1 week(s)" in await check_in(group, "Ben")
    assert "2 week(s)" in await check_in(group, "Cleo")
    await group.send("/wait 7d")  # week 52: Ana is back
    assert "ana" in [to for to, when in await sent(db, "checkins.ping") if when.day == 21]
    answer = await check_in(group, "Ana")
    assert "3 week(s)" in answer
    status = "\n".join(await group.send("/checkin status"))
    assert "Your streak: 3 week(s)" in status


async def test_a_pause_date_must_be_readable_and_ahead(db, group: ConsoleGateway):
    await join(group, "Ana")
    assert "couldn't read someday" in "\n".join(await group.send("/checkin pause someday"))
    assert "already passed" in "\n".join(await group.send("/checkin pause 2026-11-01"))
    assert await rows(db, CheckinMember, CheckinMember.paused_until.is_not(None)) == []


async def test_hired_is_celebrated_once_and_the_pings_stop(db, group: ConsoleGateway):
    await join(group, "Ana")
    await join(group, "Ben")
    await group.send("/wait 7d")
    await group.send("/as Ana")
    out = "\n".join(await group.send("/checkin hired"))
    assert "Congratulations, Ana" in out
    assert "(#group)" in out and "@Ana" in out
    [post] = await rows(db, PostedMessage, PostedMessage.kind == "checkin_hired")
    assert post.subject_member_id is not None
    assert "already marked as hired" in "\n".join(await group.send("/checkin hired"))
    assert "check-ins are done for you" in "\n".join(await group.send("/checkin"))
    await group.send("/wait 7d")
    assert [to for to, when in await sent(db, "checkins.ping") if when.day == 7] == ["ben"]


async def test_buddies_are_paired_with_nobody_left_out_and_nudged_with_each_others_goals(
    db, group: ConsoleGateway
):
    for name in ("Ana", "Ben", "Cleo", "Dev", "Eve"):
        await join(group, name, buddies=True)
    await join(group, "Finn")  # not opted in
    await group.send("/wait 7d")
    groups: dict[int, list[int]] = {}
    for row in await rows(db, BuddyGroup):
        groups.setdefault(row.group_number, []).append(row.member_id)
    assert sorted(len(g) for g in groups.values()) == [2, 3]
    intros = sorted(to for to, _ in await sent(db, "checkins.buddy_intro"))
    assert intros == ["ana", "ben", "cleo", "dev", "eve"]
    await check_in(group, "Ana", goals=(12, 4, 2))
    out = "\n".join(await group.send("/wait 2d4h"))  # Wednesday 13:00
    assert "Ana aims for 12 applications, 4 conversations, 2 interviews." in out
    nudged = sorted(to for to, _ in await sent(db, "checkins.buddy_nudge"))
    assert nudged == intros


async def test_time_zones_are_checked_against_iana_names(db, group: ConsoleGateway):
    await group.send("/as Ana")
    assert "Did you mean Europe/Berlin?" in "\n".join(await group.send("/bounceback timezone Europe/Berln"))
    assert "Use an IANA name" in "\n".join(await group.send("/bounceback timezone Mars/Olympus_Mons_Base"))
    assert "now Asia/Kolkata" in "\n".join(await group.send("/bounceback timezone asia/kolkata"))
    assert "Your time zone is Asia/Kolkata" in "\n".join(await group.send("/bounceback timezone"))
    [ana] = await rows(db, Member)
    assert ana.time_zone == "Asia/Kolkata"


async def test_organisers_set_the_schedule_and_can_switch_check_ins_off(db, group: ConsoleGateway):
    await group.send("/bounceback checkins")
    out = "\n".join(await answer_form(group, "tue", "25:00"))
    await group.send("/cancel")
    assert group.form is None
    out = await set_schedule(group, ping_day="tuesday", ping_time="10:15", zone="Europe/Berln")
    assert "Did you mean Europe/Berlin?" in out
    out = "\n".join(await answer_form(group, "Europe/Berlin"))
    assert "ping Tuesday 10:15" in out and "default Europe/Berlin" in out
    assert "posted in this channel" in "\n".join(await group.send("/bounceback checkins here"))
    assert "summary to channel group" in "\n".join(await group.send("/bounceback checkins status"))
    assert "off" in "\n".join(await group.send("/bounceback checkins off"))
    await join(group, "Ben")
    await group.send("/wait 8d")
    assert await sent(db, "checkins.ping") == []
    assert "switched off" in "\n".join(await group.send("/checkin"))


async def test_a_bad_time_in_the_schedule_form_is_named_beside_its_field(db, group: ConsoleGateway):
    await group.send("/bounceback checkins")
    out = "\n".join(await answer_form(group, "mon", "25:00", "fri", "18:00", "wed", "12:00", "UTC"))
    assert "25:00 isn't a time I can read" in out
    assert "Let's fix that" in out


async def test_reconnect_reminders_arrive_on_their_date_in_the_morning_once(db, group: ConsoleGateway):
    await join(group, "Ana", "America/New_York")
    await group.send("/checkin stop")  # only the reminder matters here
    out = await group.send("/rejected Acme | Analyst | manager: Jane Doe")
    answer = next(
        m for m in reversed(group.messages.values()) if any(b.key == "remind" for b in m.reply.buttons)
    )
    await group.send(f"/click {answer.message_id} remind")
    await answer_form(group, "2")
    assert out
    await group.send("/wait 15d")
    reminders = await sent(db, "reconnect")
    # Due Monday 7 December in New York: sent from 09:00 there (14:00 UTC), once.
    assert reminders == [("ana", datetime(2026, 12, 7, 14, 0, tzinfo=UTC))]
    text = "\n".join(m.text for m in group.messages.values() if "Acme" in m.text and "DM to Ana" in m.where)
    assert "Jane Doe" in text


class NobodyOrganises:
    async def is_organiser(self, actor: Actor) -> bool:
        return False


async def test_only_organisers_change_the_schedule(db, make_app, clock, tmp_path):
    member = ConsoleGateway(make_app(roles=NobodyOrganises()), clock, attachments_dir=tmp_path)
    for command in ("/bounceback checkins", "/bounceback checkins off", "/bounceback checkins here"):
        assert "organisers" in "\n".join(await member.send(command))
    assert member.form is None
    answer = "\n".join(await member.send("/bounceback timezone Europe/Berlin"))
    assert "Your time zone is now Europe/Berlin" in answer  # a member's own setting


async def test_the_schedule_can_be_typed_too(db, group: ConsoleGateway):
    out = "\n".join(await group.send("/bounceback checkins ping Tuesday 8:30"))
    assert "ping Tuesday 08:30" in out
    out = "\n".join(await group.send("/bounceback checkins reminder thu 17h"))
    assert "reminder Thursday 17:00" in out
    assert "default Europe/Berlin" in "\n".join(await group.send("/bounceback checkins zone europe/berlin"))
    assert "funday isn't a weekday" in "\n".join(await group.send("/bounceback checkins close funday 18:00"))
    assert "isn't a time" in "\n".join(await group.send("/bounceback checkins close friday"))
    assert "Or type it" in "\n".join(await group.send("/bounceback checkins sometimes"))
    await join(group, "Ben")
    await group.send("/wait 2d")  # Tuesday 08:30 in Berlin is 07:30 UTC; the console steps on the hour
    assert sorted(await sent(db, "checkins.ping")) == [
        ("ana", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
        ("ben", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
    ]
