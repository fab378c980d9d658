"""The kudos scenario through the real Slack adapter (bolt, signed requests, a local Web API)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import PostedMessage
from tests.kudos.scenario import EXPECTED, final_counts
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness, fake_slack, make_slack, slack_settings  # noqa: F401
from tests.slack.fake_slack import TEAM


def share_button(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return next(
        element
        for block in blocks
        for element in block.get("elements", [])
        if element.get("type") == "button" and element["action_id"].startswith("rejected.share#")
    )


async def react(
    slack: SlackHarness,
    kind: str,
    emoji: str,
    user: str,
    ts: str,
    event_id: str,
    author: str = "U0BOT",
    **kw: Any,
) -> None:
    event = p.reaction(kind, emoji, user=user, channel=p.CHANNEL, ts=ts, item_user=author)
    envelope = p.event_envelope(event, event_id=event_id)
    status, _ = await slack.event(envelope, **kw)
    assert status == 200
    await slack.settle()


async def test_the_kudos_scenario_on_slack(make_slack, slack_settings, db: AsyncEngine) -> None:  # noqa: F811
    slack: SlackHarness = await make_slack(slack_settings)
    slack.api.names.update(U0ANA="Ana", U0BEN="Ben", U0CARA="Cara")
    await slack.command("/rejected", "Acme | Data Analyst | final round")
    await slack.settle()
    share = share_button(slack.api.responses[-1]["blocks"])
    await slack.click(share["action_id"], share["value"])
    await slack.settle()
    view = slack.api.to("views.open")[-1].args["view"]
    await slack.submit(view, {"include": p.checked("company", "stage"), "note": p.typed("Onwards")})
    await slack.settle()
    async with db.connect() as connection:
        card = (await connection.execute(select(PostedMessage))).one().platform_message_id

    await react(slack, "reaction_added", "clap", "U0BEN", card, "Ev0BEN")
    for retry in (1, 2):  # Slack's retries of the same delivery
        await react(slack, "reaction_added", "clap", "U0BEN", card, "Ev0BEN", retry_num=retry)
    await react(slack, "reaction_added", "clap::skin-tone-2", "U0CARA", card, "Ev0CARA")
    await react(slack, "reaction_added", "clap", "U0ANA", card, "Ev0ANA")
    status, _ = await slack.command(
        "/kudos", "<@U0ANA|ana> for sharing <!channel>", user="U0BEN", user_name="ben"
    )
    assert status == 200
    await slack.settle()
    await react(slack, "reaction_removed", "clap::skin-tone-2", "U0CARA", card, "Ev0CARA-")

    ids = {"ana": "U0ANA", "ben": "U0BEN", "cara": "U0CARA"}
    assert await final_counts(db, "slack", TEAM, ids) == EXPECTED
    shout = slack.api.to("chat.postMessage")[-1]
    assert "<@U0ANA>" in shout.args["text"] and "<!channel>" not in shout.args["text"]
    assert "&lt;!channel&gt;" in shout.args["text"]


async def test_the_app_home_shows_the_members_kudos(make_slack, slack_settings, db: AsyncEngine) -> None:  # noqa: F811
    slack: SlackHarness = await make_slack(slack_settings)
    slack.api.names.update(U0ANA="Ana", U0BEN="Ben")
    ana_said = "1700000000.000100"  # a message Ana wrote in the channel
    await react(slack, "reaction_added", "raised_hands::skin-tone-5", "U0BEN", ana_said, "Ev0HANDS", "U0ANA")
    status, _ = await slack.event(p.event_envelope(p.home_opened("U0ANA"), event_id="Ev0HOME"))
    assert status == 200
    await slack.settle()
    [published] = slack.api.to("views.publish")
    shown = json.dumps(published.args["view"], ensure_ascii=False)
    assert "Kudos" in shown and "received 1" in shown
