"""Cheers reach the person: one batched DM after a quiet spell, and a weekly digest, each sent once.

The scheduler's real machinery runs here (claimed runs, the outbox, its
worker); the only stand-in is the platform, a ReplySender that records what
it was asked to deliver.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import Bounceback
from bot.kudos import scheduled
from bot.ports import Delivered
from bot.replies import Audience, PostRecord, Reply
from bot.scheduling.jobs import JobRegistry
from bot.scheduling.runtime import SchedulingRuntime
from tests.kudos.conftest import Community


class RecordingSender:
    """The platform, as far as delivery goes: accepts every message and remembers it."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self._ids = itertools.count(1)

    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        self.sent.append((workspace_id, reply))
        return Delivered(channel_id="D1", message_id=f"sent-{next(self._ids)}")

    def dms_to(self, user_id: str) -> list[Reply]:
        return [r for _, r in self.sent if r.audience is Audience.DIRECT and r.recipient_user_id == user_id]


def kudos_jobs() -> JobRegistry:
    jobs = JobRegistry()
    scheduled.schedule(jobs)
    return jobs


@pytest.fixture
def sender() -> RecordingSender:
    return RecordingSender()


@pytest.fixture
def runtime(app: Bounceback, sender: RecordingSender) -> SchedulingRuntime:
    return SchedulingRuntime(app, {"slack": sender}, jobs=kudos_jobs(), name="replica-1")


async def share_card(app: Bounceback, user_id: str, message_id: str) -> None:
    await app.record_post(
        "slack",
        "T1",
        PostRecord(kind="rejection_card", subject_id=1, subject_user_id=user_id),
        "C1",
        message_id,
    )


async def test_cheers_on_a_shared_rejection_arrive_as_one_message_after_a_quiet_spell(
    app, clock, runtime, sender
) -> None:
    slack = Community(app)
    await slack.command(slack.member("U1", "Ana"), "journey")  # Ana is known by name
    await share_card(app, "U1", "card-1")
    for user_id, name in (("U2", "Ben"), ("U3", "Cara"), ("U4", "Dee")):
        await slack.react(slack.member(user_id, name), "clap", "card-1", author="B0T")
        clock.advance(timedelta(minutes=5))
    await slack.react(slack.member("U2", "Ben"), "heart", "card-1", author="B0T")
    await runtime.tick()
    assert sender.dms_to("U1") == []  # still cheering: no message yet
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    [told] = sender.dms_to("U1")
    assert "Ben, Cara and Dee" in told.body and "4 cheers" in told.body
    clock.advance(timedelta(hours=1))
    await runtime.tick()
    assert len(sender.dms_to("U1")) == 1  # nothing new, nothing repeated
    await slack.react(slack.member("U5", "Eve"), "tada", "card-1", author="B0T")
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    told_again = sender.dms_to("U1")[-1]
    assert len(sender.dms_to("U1")) == 2 and "Eve" in told_again.body and "Ben" not in told_again.body


async def test_a_cheer_taken_back_before_the_message_is_not_told(app, clock, runtime, sender) -> None:
    slack = Community(app)
    await share_card(app, "U1", "card-1")
    await slack.react(slack.member("U2", "Ben"), "clap", "card-1", author="B0T")
    await slack.react(slack.member("U3", "Cara"), "clap", "card-1", author="B0T")
    await slack.react(slack.member("U3", "Cara"), "clap", "card-1", author=None, removed=True)
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    [told] = sender.dms_to("U1")
    assert "Ben" in told.body and "Cara" not in told.body


async def test_cheers_on_other_messages_wait_for_the_digest(app, clock, runtime, sender) -> None:
    slack = Community(app)
    await slack.react(slack.member("U2", "Ben"), "clap", "1700.01", author="U1")
    clock.advance(timedelta(hours=1))
    await runtime.tick()
    assert sender.sent == []


async def test_two_replicas_tell_each_batch_once(app, clock, sender) -> None:
    slack = Community(app)
    await share_card(app, "U1", "card-1")
    await slack.react(slack.member("U2", "Ben"), "clap", "card-1", author="B0T")
    clock.advance(timedelta(minutes=31))
    first = SchedulingRuntime(app, {"slack": sender}, jobs=kudos_jobs(), name="replica-1")
    second = SchedulingRuntime(app, {"slack": sender}, jobs=kudos_jobs(), name="replica-2")
    await first.engine.tick()
    await second.engine.tick()
    await second.worker.drain()
    await first.worker.drain()
    assert len(sender.dms_to("U1")) == 1


async def test_cheers_do_not_wake_anyone_at_night(app, clock, runtime, sender) -> None:
    clock.set(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))  # 22:00 in Tokyo
    slack = Community(app)
    await slack.command(slack.member("U1", "Ana", time_zone="Asia/Tokyo"), "journey")
    await share_card(app, "U1", "card-1")
    await slack.react(slack.member("U2", "Ben"), "clap", "card-1", author="B0T")
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    assert sender.dms_to("U1") == []
    clock.set(datetime(2026, 11, 24, 23, 1, tzinfo=UTC))  # 08:01 in Tokyo
    await runtime.tick()
    assert len(sender.dms_to("U1")) == 1


async def test_the_weekly_digest_comes_monday_morning_in_each_members_zone(
    app, clock, runtime, sender
) -> None:
    slack = Community(app)
    ana = slack.member("U1", "Ana")  # no zone of her own: the community's (UTC)
    nora = slack.member("U6", "Nora", time_zone="America/New_York")
    for who in (ana, nora):
        await slack.command(who, "journey")
    clock.set(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))  # Tuesday of week 48
    await slack.react(slack.member("U2", "Ben"), "clap", "m1", author="U1")
    await slack.command(slack.member("U3", "Cara"), "kudos", "<@U1> for the <b>mock</b> interview tips")
    await slack.react(slack.member("U2", "Ben"), "clap", "m2", author="U6")
    await slack.react(ana, "tada", "m2", author="U6")
    await runtime.tick()
    assert sender.sent == []  # no digest mid-week
    clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=UTC))  # Monday 09:01 UTC, 04:01 in New York
    await runtime.tick()
    [digest] = sender.dms_to("U1")
    assert digest.title == "Your week in kudos"
    assert "2 kudos" in digest.body and "Ben and Cara" in digest.body
    assert "\\<b\\>mock\\</b\\>" in digest.body  # the reason, escaped
    assert sender.dms_to("U6") == []
    assert sender.dms_to("U2") == []  # gave, but received nothing: no digest
    clock.set(datetime(2026, 11, 30, 14, 1, tzinfo=UTC))  # 09:01 in New York
    await runtime.tick()
    [nora_digest] = sender.dms_to("U6")
    assert "Ben and Ana" in nora_digest.body
    clock.advance(timedelta(hours=3))
    await runtime.tick()
    assert len(sender.dms_to("U1")) == 1 and len(sender.dms_to("U6")) == 1


async def test_members_who_turn_messages_off_get_neither_cheers_nor_digest(
    app, clock, runtime, sender
) -> None:
    slack = Community(app)
    ana = slack.member("U1", "Ana")
    [done] = await slack.command(ana, "kudos", "messages off")
    assert "no more messages" in done.body
    await share_card(app, "U1", "card-1")
    await slack.react(slack.member("U2", "Ben"), "clap", "card-1", author="B0T")
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    clock.set(datetime(2026, 11, 30, 9, 1, tzinfo=UTC))
    await runtime.tick()
    assert sender.dms_to("U1") == []
    [mine] = await slack.command(ana, "kudos", "me")
    assert "1 received" in mine.body  # the kudos itself still counts
    [status] = await slack.command(ana, "kudos", "messages")
    assert "/kudos messages on" in status.body
    await slack.command(ana, "kudos", "messages on")
    await slack.react(slack.member("U3", "Cara"), "clap", "card-1", author="B0T")
    clock.advance(timedelta(minutes=31))
    await runtime.tick()
    [told] = sender.dms_to("U1")
    assert "Cara" in told.body
