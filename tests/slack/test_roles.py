"""Organisers on Slack: workspace admins and owners, from users.info, cached briefly."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.directory import SlackDirectory
from bot.db.models import Community, Member
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import TEAM


async def group_channel(db: AsyncEngine) -> str | None:
    async with db.connect() as connection:
        settings = await connection.scalar(select(Community.settings))
    return settings.group_channel_id if settings else None


async def test_a_member_who_is_not_an_admin_cannot_choose_the_group_channel(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    await slack.command("/bounceback", "channel")
    await slack.settle()
    assert "organisers" in slack.api.responses[0]["text"]
    assert await group_channel(db) is None


async def test_a_workspace_admin_is_an_organiser(slack: SlackHarness, db: AsyncEngine) -> None:
    slack.api.admins.add("U0ANA")
    await slack.command("/bounceback", "channel")
    await slack.settle()
    assert await group_channel(db) == p.CHANNEL


async def test_who_someone_is_is_asked_once_and_kept_for_a_while(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    slack.api.admins.add("U0ANA")
    slack.api.names["U0ANA"] = "Ana María"
    slack.api.time_zones["U0ANA"] = "America/Bogota"
    await slack.command("/journey")
    await slack.command("/bounceback", "channel")
    await slack.command("/journey")
    await slack.settle()
    assert [c.args["user"] for c in slack.api.to("users.info")] == ["U0ANA"]
    async with db.connect() as connection:
        member = (await connection.execute(select(Member))).one()
    assert (member.display_name, member.time_zone) == ("Ana María", "America/Bogota")


async def test_when_slack_cannot_say_the_member_is_no_organiser_but_is_still_answered(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    slack.api.fail("users.info", 200, error="missing_scope", times=2)
    slack.api.admins.add("U0ANA")
    await slack.command("/bounceback", "channel")
    await slack.settle()
    assert "organisers" in slack.api.responses[0]["text"]
    assert await group_channel(db) is None


async def test_the_people_in_a_channel_are_its_human_members(slack: SlackHarness) -> None:
    slack.api.channel_members[p.CHANNEL] = ["U0ANA", "U0BOT", "U0BEN", "U0CAL", "U0DEE"]
    slack.api.bots.add("U0BOT")
    slack.api.names.update(U0ANA="Ana", U0BEN="Ben")
    slack.api.time_zones["U0BEN"] = "Asia/Tokyo"
    slack.api.strangers.add("U0ANA")  # Slack won't describe Ana
    members = await slack.runtime.directory.channel_members("T0BOUNCE", p.CHANNEL)
    assert members is not None
    assert [(m.user_id, m.display_name, m.time_zone) for m in members] == [
        ("U0ANA", "", None),
        ("U0BEN", "Ben", "Asia/Tokyo"),
        ("U0CAL", "u0cal", "Europe/Paris"),
        ("U0DEE", "u0dee", "Europe/Paris"),
    ]
    assert len(slack.api.to("conversations.members")) == 3  # followed the cursor to the end
    assert await slack.runtime.directory.default_channel("T0BOUNCE") is None


async def test_a_channel_slack_will_not_list_is_unknown(slack: SlackHarness) -> None:
    slack.api.fail("conversations.members", 200, error="channel_not_found")
    assert await slack.runtime.directory.channel_members("T0BOUNCE", "C0GONE") is None


async def test_a_full_directory_forgets_the_least_recently_used_person_only(slack: SlackHarness) -> None:
    clock = [0.0]
    directory = SlackDirectory(slack.runtime.clients, ttl=120.0, now=lambda: clock[0], size=2)
    for user in ("U0ANA", "U0BEN", "U0ANA", "U0CAL"):  # Ana asked about again before Cal comes
        await directory.profile(TEAM, user)
    assert [c.args["user"] for c in slack.api.to("users.info")] == ["U0ANA", "U0BEN", "U0CAL"]
    assert directory.cached(TEAM, "U0ANA") is not None and directory.cached(TEAM, "U0CAL") is not None
    assert directory.cached(TEAM, "U0BEN") is None
    clock[0] = 121.0  # past the time an answer is kept
    assert directory.cached(TEAM, "U0ANA") is None
