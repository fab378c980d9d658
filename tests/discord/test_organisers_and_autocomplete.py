"""Who organises a server, and the suggestions Discord shows while a member types."""

from __future__ import annotations

from bot.db.models import Community, Rejection
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import CHANNEL_ID, Gateway, option, slash, subcommand
from tests.discord.helpers import ADMIN, ANA, ROLE_ORGANISER, rows


async def group_channel(db) -> str | None:
    communities = await rows(db, Community)
    return communities[0].settings.group_channel_id if communities else None


async def test_a_member_without_manage_server_cannot_change_settings(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "bounceback", [subcommand("channel")]))
    assert await group_channel(db) is None
    assert fake_api.callbacks()[-1].message["flags"] & 64


async def test_manage_server_makes_an_organiser(gateway: Gateway, db) -> None:
    await gateway.dispatch(slash(ADMIN, "bounceback", [subcommand("channel")]))
    assert await group_channel(db) == CHANNEL_ID


async def test_the_organiser_role_makes_an_organiser(gateway: Gateway, db) -> None:
    await gateway.dispatch(slash(ROLE_ORGANISER, "bounceback", [subcommand("channel")]))
    assert await group_channel(db) == CHANNEL_ID


def autocomplete(command: str, focused: str, typed: str, sub: str | None = None) -> dict:
    """INTERACTION_CREATE of type 4 (APPLICATION_COMMAND_AUTOCOMPLETE) with one focused option."""
    focused_option = {"type": 3, "name": focused, "value": typed, "focused": True}
    options = [subcommand(sub, [focused_option])] if sub else [focused_option]
    envelope = slash(ANA, command, options)
    envelope["d"]["type"] = 4
    return envelope


async def test_the_date_option_suggests_what_was_typed_then_recent_days(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    await gateway.dispatch(autocomplete("rejected", "date", "3 days ago"))
    [answer] = fake_api.callbacks()
    assert answer.json["type"] == 8  # APPLICATION_COMMAND_AUTOCOMPLETE_RESULT
    choices = answer.json["data"]["choices"]
    assert [c["value"] for c in choices[:3]] == ["3 days ago", "today", "yesterday"]
    assert choices[0]["name"] == "3 days ago · 2026-11-20"
    assert len(choices) <= 25


async def test_a_suggested_day_is_read_in_the_members_own_day(gateway: Gateway, db) -> None:
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme"), option("date", "yesterday")]))
    [rejection] = await rows(db, Rejection)
    assert rejection.rejected_on.isoformat() == "2026-11-22"


async def test_time_zones_are_suggested_from_a_few_letters(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    await gateway.dispatch(autocomplete("bounceback", "zone", "berl", sub="timezone"))
    [answer] = fake_api.callbacks()
    assert answer.json["data"]["choices"][0] == {"name": "Europe/Berlin", "value": "Europe/Berlin"}


async def test_kudos_actions_and_checkin_commands_reach_the_core(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    await gateway.dispatch(slash(ANA, "kudos", [subcommand("help")]))
    assert "kudos" in fake_api.callbacks()[-1].text.lower()
    await gateway.dispatch(slash(ANA, "checkin", [subcommand("open")]))
    opened = fake_api.callbacks()[-1]
    assert opened.json["type"] == 9
