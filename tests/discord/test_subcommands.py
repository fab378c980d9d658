"""``/kudos`` and ``/checkin`` subcommands: typed options reach the core as its own command text."""

from __future__ import annotations

from bot.app import Bounceback
from bot.checkins.models import CheckinMember
from bot.context import Context
from bot.db.models import Member
from bot.events import CommandInvoked
from bot.markup import Markup
from bot.replies import Reply, private
from tests.discord.conftest import MakeClient
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import Gateway, option, slash, subcommand
from tests.discord.helpers import ADMIN, ANA, ANA_ID, rows
from tests.discord.test_organisers_and_autocomplete import autocomplete


async def test_kudos_top_takes_its_period_from_a_list(gateway: Gateway, fake_api: FakeDiscordAPI) -> None:
    await gateway.dispatch(slash(ANA, "kudos", [subcommand("top", [option("period", "month")])]))
    assert "30 days" in fake_api.callbacks()[-1].text
    await gateway.dispatch(slash(ANA, "kudos", [subcommand("top")]))
    assert "7 days" in fake_api.callbacks()[-1].text  # the core's default


async def test_kudos_cap_is_a_number_and_seen_without_one(gateway: Gateway, fake_api: FakeDiscordAPI) -> None:
    await gateway.dispatch(slash(ADMIN, "kudos", [subcommand("cap", [option("per_day", 7)])]))
    await gateway.dispatch(slash(ANA, "kudos", [subcommand("cap")]))
    assert "7 kudos a day" in fake_api.callbacks()[-1].text


async def test_checkin_pause_buddies_and_stop_reach_the_members_settings(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "checkin", [subcommand("pause", [option("until", "2027-01-10")])]))
    assert "2027-01-10" in fake_api.callbacks()[-1].text
    await gateway.dispatch(slash(ANA, "checkin", [subcommand("buddies", [option("pairing", "off")])]))
    assert "No more buddy pairing" in fake_api.callbacks()[-1].text
    [prefs] = await rows(db, CheckinMember)
    assert (prefs.paused_until.isoformat(), prefs.buddies) == ("2027-01-10", False)
    await gateway.dispatch(slash(ANA, "checkin", [subcommand("stop")]))
    [prefs] = await rows(db, CheckinMember)
    assert prefs.opted_out


async def test_the_pause_date_suggests_what_was_typed_then_the_weeks_ahead(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    await gateway.dispatch(autocomplete("checkin", "until", "10 Jan 2027", sub="pause"))
    choices = fake_api.callbacks()[-1].json["data"]["choices"]
    assert choices[0] == {"name": "10 Jan 2027", "value": "10 Jan 2027"}
    assert choices[1] == {"name": "in 1 week(s) · 2026-11-30", "value": "2026-11-30"}
    assert len(choices) == 9


async def test_a_subcommand_the_core_gains_appears_with_a_details_option(
    discord_app: Bounceback, make_client: MakeClient, fake_api: FakeDiscordAPI
) -> None:
    heard: list[str] = []

    async def wave(_ctx: Context, event: CommandInvoked) -> list[Reply]:
        heard.append(event.text)
        return [private(Markup("👋"))]

    discord_app.router.command("kudos wave", wave)
    gateway = Gateway(await make_client())
    await gateway.dispatch(slash(ANA, "kudos", [subcommand("wave", [option("details", "at everyone")])]))
    assert heard == ["at everyone"]
    assert fake_api.callbacks()[-1].text == "👋"


async def test_bounceback_timezone_takes_a_zone(gateway: Gateway, fake_api: FakeDiscordAPI, db) -> None:
    await gateway.dispatch(
        slash(ANA, "bounceback", [subcommand("timezone", [option("zone", "Europe/Berlin")])])
    )
    [ana] = await rows(db, Member, Member.platform_user_id == ANA_ID)
    assert ana.time_zone == "Europe/Berlin"
    await gateway.dispatch(slash(ANA, "bounceback", [subcommand("timezone")]))
    assert "Europe/Berlin" in fake_api.callbacks()[-1].text
