"""A DM the core sends while answering a member: delivered, or shown privately when their DMs are closed.

No feature sends such a DM from a click yet, so a small feature of the test's own stands in: a real
handler on a real router, answering a button with a DM to the member who pressed it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.discord.client import BouncebackClient, build_client
from adapters.discord.roles import DiscordRoles
from adapters.discord.settings import DiscordSettings
from bot.app import Bounceback
from bot.checkins.models import Checkin
from bot.clock import ManualClock
from bot.context import Context
from bot.copy import load_catalog
from bot.db.engine import session_factory
from bot.db.models import Community
from bot.events import ActionClicked
from bot.markup import escape
from bot.replies import Audience, Button, Reply
from bot.router import Router
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import GUILD_ID, Gateway, click, in_dm, load, modal_submit, slash, subcommand
from tests.discord.helpers import ADMIN, ANA, ANA_ID, labels_of, rows

EPHEMERAL = 64


def current_week_label() -> str:
    """The ISO week of the tests' clock (Monday 2026-11-23), as check-ins name weeks."""
    return "2026-W48"


CLOSED = {"message": "Cannot send messages to this user", "code": 50007}


async def dm_the_presser(ctx: Context, event: ActionClicked) -> list[Reply]:
    return [
        Reply(audience=Audience.DIRECT, recipient_user_id=event.actor.user_id, body=escape("Your summary"))
    ]


@pytest.fixture
async def dm_client(
    db: AsyncEngine, clock: ManualClock, fake_api: FakeDiscordAPI
) -> AsyncIterator[BouncebackClient]:
    router = Router()
    router.action("test.dm", dm_the_presser)
    app = Bounceback(session_factory(db), clock, load_catalog("en"), router, DiscordRoles(()))
    client = build_client(DiscordSettings(token=TOKEN, api_url=fake_api.url), app)
    await client.login(TOKEN)
    client._connection.parsers["GUILD_CREATE"](load("guild_create")["d"])
    yield client
    await client.close()


async def test_a_dm_is_sent_and_the_click_acknowledged(
    dm_client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    await Gateway(dm_client).dispatch(click(ANA, f"bb:{GUILD_ID}:test.dm:"))
    [opened] = fake_api.sent("POST", "/users/@me/channels")
    assert str(opened.json["recipient_id"]) == ANA_ID
    [dm] = fake_api.channel_posts()
    assert dm.message["content"] == "Your summary"
    [ack] = fake_api.callbacks()
    assert ack.json["type"] == 6  # DEFERRED_UPDATE_MESSAGE: acknowledged, nothing more to show here


async def test_closed_dms_show_the_message_privately_instead(
    dm_client: BouncebackClient, fake_api: FakeDiscordAPI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_api.answer_once("POST", r"/channels/\d+/messages", 403, CLOSED)
    await Gateway(dm_client).dispatch(click(ANA, f"bb:{GUILD_ID}:test.dm:"))
    notice, *rest = fake_api.callbacks() + fake_api.followups()
    assert notice.message["flags"] & EPHEMERAL and "DMs" in notice.text
    [shown] = rest
    assert shown.message["flags"] & EPHEMERAL and shown.message["content"] == "Your summary"
    assert any("not delivered" in r.getMessage() for r in caplog.records)


async def test_a_button_in_a_dm_finds_its_server_and_its_form_saves_there(
    client: BouncebackClient, fake_api: FakeDiscordAPI, db
) -> None:
    """A check-in ping arrives as a DM; its button and form work there, for the server it came from."""
    gateway = Gateway(client)
    await gateway.dispatch(slash(ADMIN, "bounceback", [subcommand("channel")]))
    week = current_week_label()
    ping = Reply(
        audience=Audience.DIRECT,
        recipient_user_id=ANA_ID,
        body=escape("Time for your weekly check-in"),
        buttons=(Button(key="checkin", label="Check in", action_id="checkins.open", value=week),),
    )
    delivered = await client.bridge.sender.send(GUILD_ID, ping)
    [button] = fake_api.channel_posts(delivered.channel_id)[-1].custom_ids()

    await gateway.dispatch(in_dm(click(ANA, button), delivered.channel_id))
    pages = 0
    while (shown := fake_api.callbacks()[-1]).json["type"] == 9:  # fill each page in, answer what's required
        pages += 1
        modal = shown.json["data"]
        answers = {
            label["component"]["custom_id"]: ["3"] if label["component"]["type"] == 3 else "2"
            for label in labels_of(modal)
            if label["component"].get("required")
        }
        await gateway.dispatch(in_dm(modal_submit(ANA, modal["custom_id"], answers), delivered.channel_id))
        if next_page := [c for c in fake_api.callbacks()[-1].custom_ids() if ":next" in c]:
            await gateway.dispatch(in_dm(click(ANA, next_page[0], ephemeral=True), delivered.channel_id))
    assert pages == 2
    [checkin] = await rows(db, Checkin)
    [community] = await rows(db, Community)
    assert (checkin.community_id, community.external_id, checkin.week) == (community.id, GUILD_ID, week)
