"""A community's settings: one typed object over the JSON column, and the rules that follow from it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, text

from bot.checkins.config import CheckinConfig
from bot.db.engine import session_factory
from bot.db.models import Community
from bot.events import Conversation
from bot.kudos.settings import DEFAULT_DAILY_CAP, DEFAULT_KUDOS_EMOJIS, KudosSettings
from bot.settings import CommunitySettings

CHANNEL = Conversation(channel_id="C-here")
DIRECT = Conversation(channel_id="D-1", is_direct=True)


def test_the_zone_is_the_members_else_the_communitys_else_utc() -> None:
    berlin = CommunitySettings(time_zone="Europe/Berlin")
    assert berlin.zone_for("Asia/Tokyo") == ZoneInfo("Asia/Tokyo")
    assert berlin.zone_for(None) == berlin.zone_for("Not/AZone") == ZoneInfo("Europe/Berlin")
    assert CommunitySettings(time_zone="Mars/Olympus").zone_for(None) == ZoneInfo("UTC")


def test_group_posts_go_to_the_features_channel_else_the_chosen_one_else_where_the_member_is() -> None:
    chosen = CommunitySettings(group_channel_id="C-group")
    assert chosen.group_channel(CHANNEL, chosen="C-checkins") == "C-checkins"
    assert chosen.group_channel(CHANNEL) == chosen.group_channel(DIRECT) == "C-group"
    assert CommunitySettings().group_channel(CHANNEL) == "C-here"
    assert CommunitySettings().group_channel(DIRECT) is None
    assert CommunitySettings().group_channel() is None


def test_sections_are_typed_and_keep_each_others_keys() -> None:
    settings = CommunitySettings(time_zone="Europe/Paris")
    settings = settings.with_section(CheckinConfig(enabled=False, ping_day="tue"))
    settings = settings.with_section(KudosSettings(emojis=("star",), daily_cap=3))
    stored = settings.to_json()
    assert stored == {
        "time_zone": "Europe/Paris",
        "checkins": {**CheckinConfig(enabled=False, ping_day="tue").written()["checkins"]},
        "kudos_emojis": ["star"],
        "kudos_daily_cap": 3,
    }
    again = CommunitySettings.from_json(stored)
    assert again == settings
    assert again.section(CheckinConfig).ping_day == "tue" and not again.section(CheckinConfig).enabled
    assert again.section(KudosSettings) == KudosSettings(emojis=("star",), daily_cap=3)


def test_stored_values_that_make_no_sense_fall_back_to_the_defaults() -> None:
    settings = CommunitySettings.from_json(
        {
            "group_channel_id": "",
            "organisers": "U1",
            "checkins": "on",
            "kudos_emojis": [],
            "kudos_daily_cap": True,
        }
    )
    assert settings.group_channel_id is None and settings.organisers == ()
    assert settings.section(CheckinConfig) == CheckinConfig()
    assert settings.section(KudosSettings) == KudosSettings(DEFAULT_KUDOS_EMOJIS, DEFAULT_DAILY_CAP)
    assert CommunitySettings.from_json(None) == CommunitySettings()


async def test_the_column_reads_back_what_was_saved_as_plain_json(db) -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    chosen = CommunitySettings(group_channel_id="C9", organisers=("U1",)).with_section(
        KudosSettings(daily_cap=4)
    )
    async with session_factory(db)() as session, session.begin():
        session.add(Community(platform="console", external_id="w", name="w", settings=chosen, created_at=now))
    async with session_factory(db)() as session:
        assert await session.scalar(select(Community.settings)) == chosen
        stored = await session.scalar(text("SELECT settings FROM communities"))
    assert "kudos_daily_cap" in str(stored) and "C9" in str(stored)
