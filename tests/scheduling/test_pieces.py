"""Small pieces of the machinery: replies survive the outbox, quiet hours, the schedule helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.markup import Markup
from bot.replies import (
    Attachment,
    Audience,
    Button,
    Choice,
    FieldKind,
    Form,
    FormField,
    PostRecord,
    Reply,
    ReplyField,
)
from bot.scheduling.jobs import fire_times
from bot.scheduling.quiet_hours import is_quiet, waking_time
from bot.scheduling.serialize import reply_from_json, reply_to_json


def test_a_reply_survives_the_outbox_unchanged() -> None:
    reply = Reply(
        audience=Audience.GROUP,
        body=Markup("*Week 49* <@U1> \\*literal\\*"),
        title="Check-ins",
        fields=(ReplyField("Goal", Markup("10")),),
        buttons=(
            Button(
                key="checkin", label="Check in", action_id="checkins.open", value="2026-W49", style="primary"
            ),
        ),
        form=Form(
            form_id="f",
            title="T",
            submit_label="S",
            context="c",
            fields=(
                FormField(key="n", label="N", kind=FieldKind.NUMBER, required=True, min_value=0, max_value=5),
                FormField(
                    key="s", label="S", kind=FieldKind.SELECT, choices=(Choice("1", "one"),), initial="1"
                ),
            ),
        ),
        attachment=Attachment(
            filename="a.png", data=b"\x89PNG\x00\xff", media_type="image/png", alt_text="chart"
        ),
        channel_id="C1",
        record=PostRecord("checkin_summary", subject_id=3),
    )
    assert reply_from_json(reply_to_json(reply)) == reply


def test_quiet_hours_hold_messages_until_eight_local() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    late = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)  # 22:30 in Berlin
    assert is_quiet(late, berlin)
    assert waking_time(late, berlin) == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    early = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)  # 06:00 in Berlin
    assert waking_time(early, berlin) == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    day = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert waking_time(day, berlin) == day
    kolkata = ZoneInfo("Asia/Kolkata")  # 21:00 UTC is 02:30 there
    assert waking_time(datetime(2026, 12, 2, 21, 0, tzinfo=UTC), kolkata) == datetime(
        2026, 12, 3, 2, 30, tzinfo=UTC
    )


def test_the_night_the_clocks_change_still_wakes_at_eight() -> None:
    new_york = ZoneInfo("America/New_York")
    night = datetime(2027, 3, 14, 5, 0, tzinfo=UTC)  # 00:00 EST; at 02:00 clocks jump to 03:00 EDT
    assert waking_time(night, new_york) == datetime(2027, 3, 14, 12, 0, tzinfo=UTC)  # 08:00 EDT


def test_fire_times_are_those_in_the_half_open_span() -> None:
    monday_nine = CronTrigger(day_of_week="mon", hour=9, timezone=UTC)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert fire_times(monday_nine, monday - timedelta(days=7), monday) == [monday]
    assert fire_times(monday_nine, monday, monday + timedelta(days=6)) == []
    assert len(fire_times(monday_nine, monday - timedelta(weeks=4), monday)) == 4
