"""A member's kudos in /journey and the home view, and in export and forget."""

from __future__ import annotations

import json

from bot.events import ActionClicked, HomeOpened
from bot.kudos.models import Kudos, KudosCredit
from tests.core.helpers import count
from tests.kudos.conftest import GROUP, Community


async def test_journey_shows_my_kudos_even_before_any_rejection(slack: Community) -> None:
    ana = slack.member("U1", "Ana")
    [journey] = await slack.command(ana, "journey")
    assert "Kudos: none yet" in journey.body
    await slack.react(slack.member("U2", "Ben"), "clap", "m1", author="U1")
    await slack.command(ana, "kudos", "<@U2> thanks!")
    [journey] = await slack.command(ana, "journey")
    assert "you've given 1 and received 1" in journey.body
    await slack.command(ana, "rejected", "Acme")
    [journey] = await slack.command(ana, "journey")
    assert "Rejections logged: 1" in journey.body and "you've given 1 and received 1" in journey.body


async def test_the_home_view_has_a_kudos_section(slack: Community) -> None:
    await slack.react(slack.member("U2", "Ben"), "clap", "m1", author="U1")
    [home] = await slack.app.handle(HomeOpened(actor=slack.member("U1", "Ana"), conversation=GROUP))
    kudos = next(f for f in home.fields if f.label == "Kudos")
    assert "received 1" in kudos.value


async def test_export_includes_kudos_and_forget_removes_them(slack: Community, db) -> None:
    ana, ben = slack.member("U1", "Ana"), slack.member("U2", "Ben")
    await slack.command(ana, "kudos", "<@U2> for the referral")
    await slack.react(ben, "clap", "m1", author="U1")
    await slack.command(ana, "kudos", "leaderboard off")
    [export] = await slack.command(ana, "bounceback", "export")
    data = json.loads(export.attachment.data)  # type: ignore[union-attr]
    assert [k["reason"] for k in data["kudos_given"]] == ["for the referral"]
    assert len(data["kudos_received"]) == 1
    assert [o["scope"] for o in data["kudos_opt_outs"]] == ["leaderboards"]
    [confirm] = await slack.command(ana, "bounceback", "forget")
    forget = next(b for b in confirm.buttons if b.key == "forget")
    await slack.app.handle(ActionClicked(actor=ana, conversation=GROUP, action_id=forget.action_id))
    # Ana's kudos and what she received are gone; Ben's own gesture stays (it credited nobody left).
    assert await count(db, KudosCredit) == 0
    assert await count(db, Kudos) == 1
    [board] = await slack.command(ben, "kudos", "top all")
    assert "Ana" not in board.body
