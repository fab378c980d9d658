"""Reactions on the bot's own posts credit the members they are about, never the bot."""

from __future__ import annotations

from sqlalchemy import select

from bot.checkins.models import CheckinWeek
from bot.db.engine import session_factory
from bot.db.models import Community as CommunityRow
from bot.db.models import Member
from bot.kudos.models import Kudos
from bot.replies import PostRecord
from bot.scheduling.models import ScheduledRun
from tests.core.helpers import rows
from tests.kudos.conftest import Community, credit_count, kudos_count, received_by


async def a_summary(slack: Community, db, clock, checked_in: list[str], missed: list[str]) -> int:
    """A week's group summary as the check-ins leave it: the run, and each member's week."""
    for user_id in checked_in + missed:
        await slack.command(slack.member(user_id), "kudos", "me")
    async with session_factory(db)() as session, session.begin():
        community = await session.scalar(select(CommunityRow).where(CommunityRow.external_id == "T1"))
        assert community is not None
        run = ScheduledRun(
            community_id=community.id,
            kind="checkins.summary",
            period="2026-W48",
            due_at=clock.now(),
            status="done",
            claimed_by="test",
            claimed_at=clock.now(),
        )
        session.add(run)
        await session.flush()
        members = {m.platform_user_id: m.id for m in await session.scalars(select(Member))}
        for user_id in checked_in + missed:
            session.add(
                CheckinWeek(
                    community_id=community.id,
                    member_id=members[user_id],
                    week="2026-W48",
                    status="checked_in" if user_id in checked_in else "missed",
                    summary_run_id=run.id if user_id in checked_in else None,
                    created_at=clock.now(),
                )
            )
        return run.id


async def test_a_reaction_on_a_check_in_post_credits_its_member(slack: Community, db) -> None:
    await slack.app.record_post(
        "slack", "T1", PostRecord(kind="checkin_post", subject_user_id="U1"), "C1", "p1"
    )
    await slack.react(slack.member("U2"), "muscle", "p1", author="B0T")
    assert await received_by(db, "U1") == 1
    assert await received_by(db, "B0T") == 0
    [kudos] = await rows(db, Kudos)
    assert kudos.post_kind == "checkin_post"


async def test_a_reaction_on_a_group_summary_cheers_everyone_in_it_as_one_kudos(
    slack: Community, db, clock
) -> None:
    summary = await a_summary(slack, db, clock, checked_in=["U1", "U2", "U3"], missed=["U4"])
    record = PostRecord(kind="checkin_summary", subject_id=summary)
    await slack.app.record_post("slack", "T1", record, "C1", "s1")
    await slack.react(slack.member("U3"), "tada", "s1", author="B0T")
    assert (await kudos_count(db), await credit_count(db)) == (1, 2)  # Ana and Ben; not Cara herself
    assert await received_by(db, "U4") == 0  # missed the week: not in the summary
    [board] = await slack.command(slack.member("U4"), "kudos", "top")
    assert "1. U3: 1" in board.body  # one kudos given, however many it cheered
    await slack.react(slack.member("U3"), "tada", "s1", author=None, removed=True)
    assert (await kudos_count(db), await credit_count(db)) == (0, 0)


async def test_a_reaction_on_a_bot_post_about_nobody_credits_nobody(slack: Community, db) -> None:
    await slack.app.record_post("slack", "T1", PostRecord(kind="announcement"), "C1", "a1")
    await slack.react(slack.member("U2"), "clap", "a1", author="B0T")
    assert await kudos_count(db) == 0
