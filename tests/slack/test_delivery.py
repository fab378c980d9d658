"""Getting replies to Slack: 429s and 5xx retried by slack_sdk, and nothing dropped without a word."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models import PostedMessage
from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Attachment, Audience, PostRecord, Reply
from bot.scheduling.models import OutboxMessage
from bot.scheduling.worker import OutboxWorker
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import TEAM
from tests.slack.test_journey import button


def group(text: str = "Hello group", **kw: object) -> Reply:
    return Reply(audience=Audience.GROUP, channel_id=p.CHANNEL, body=Markup(text), **kw)  # type: ignore[arg-type]


async def test_a_429_is_retried_after_its_retry_after(slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", 429, retry_after=0)
    delivered = await slack.runtime.sender.send(TEAM, group())
    assert len(slack.api.to("chat.postMessage")) == 2
    assert delivered.channel_id == p.CHANNEL and delivered.message_id.startswith("1700000000.")


async def test_server_errors_are_retried_with_back_off(slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", 500, times=2)
    await slack.runtime.sender.send(TEAM, group())
    assert len(slack.api.to("chat.postMessage")) == 3


async def test_a_delivery_still_failing_says_it_may_be_retried(slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", 503, times=4)
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, group())
    assert not failed.value.permanent and failed.value.retry_after is None
    assert len(slack.api.to("chat.postMessage")) == 4  # the first try and slack_sdk's three retries


async def test_a_rate_limit_that_outlasts_the_retries_says_how_long_to_wait(slack: SlackHarness) -> None:
    slack.api.fail("chat.postMessage", 429, times=4, retry_after=0)
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, group())
    assert failed.value.retry_after == 0.0 and not failed.value.permanent


@pytest.mark.parametrize("error", ["channel_not_found", "is_archived", "not_in_channel"])
async def test_a_channel_that_cannot_take_the_post_is_a_permanent_failure(
    slack: SlackHarness, error: str
) -> None:
    slack.api.fail("chat.postMessage", 200, error=error)
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, group())
    assert failed.value.permanent and error in str(failed.value)
    assert len(slack.api.to("chat.postMessage")) == 1


async def test_a_direct_message_opens_the_conversation_first(slack: SlackHarness) -> None:
    reply = Reply(audience=Audience.DIRECT, recipient_user_id="U0BEN", body=Markup("Time to check in"))
    delivered = await slack.runtime.sender.send(TEAM, reply)
    [opened] = slack.api.to("conversations.open")
    assert opened.args["users"] == "U0BEN"
    [post] = slack.api.to("chat.postMessage")
    assert post.args["channel"] == "DU0BEN" == delivered.channel_id
    assert post.args["text"] == "Time to check in" and post.args["blocks"]
    assert opened.token == post.token == "xoxb-test-token"


async def test_closed_dms_are_a_permanent_failure(slack: SlackHarness) -> None:
    slack.api.fail("conversations.open", 200, error="user_not_found")
    reply = Reply(audience=Audience.DIRECT, recipient_user_id="U0GONE", body=Markup("Hi"))
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, reply)
    assert failed.value.permanent
    assert slack.api.to("chat.postMessage") == []


async def test_a_group_post_is_recorded_where_it_landed(slack: SlackHarness, db: AsyncEngine) -> None:
    delivered = await slack.runtime.sender.send(TEAM, group(record=PostRecord(kind="check_in_summary")))
    async with db.connect() as connection:
        row = (await connection.execute(select(PostedMessage))).one()
    assert (row.platform_channel_id, row.platform_message_id, row.kind) == (
        delivered.channel_id,
        delivered.message_id,
        "check_in_summary",
    )


async def test_an_image_goes_up_with_files_upload_v2(slack: SlackHarness) -> None:
    png = b"\x89PNG\r\n\x1a\nchart"
    reply = group(
        attachment=Attachment(filename="chart.png", data=png, media_type="image/png", alt_text="A chart")
    )
    await slack.runtime.sender.send(TEAM, reply)
    [url] = slack.api.to("files.getUploadURLExternal")
    assert url.args["filename"] == "chart.png" and int(url.args["length"]) == len(png)
    [complete] = slack.api.to("files.completeUploadExternal")
    assert complete.args["channel_id"] == p.CHANNEL
    assert list(slack.api.uploads.values()) == [png]


async def test_a_post_that_keeps_failing_is_kept_in_the_outbox_and_delivered_later(
    slack: SlackHarness, db: AsyncEngine, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.command("/rejected", "Acme")
    await slack.settle()
    share = button(slack.api.responses[0]["blocks"], "rejected.share")
    await slack.click(share["action_id"], share["value"])
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    slack.api.fail("chat.postMessage", 500, times=4)  # outlasts slack_sdk's own retries
    with caplog.at_level(logging.WARNING, logger="adapters.slack.retry"):
        await slack.submit(view, {"include": p.checked("company")})
        await slack.settle()
    assert "kept in the outbox" in caplog.text
    assert len(slack.api.to("chat.postMessage")) == 4
    async with db.connect() as connection:
        kept = (await connection.execute(select(OutboxMessage))).one()
    assert (kept.platform, kept.workspace_id, kept.status) == ("slack", TEAM, "pending")

    # The scheduling runtime's worker (it runs in `bounceback slack`) sends it once it is due.
    core = slack.runtime.core
    worker = OutboxWorker(
        core.sessions, clock, {"slack": slack.runtime.sender}, core.record_post, name="test"
    )
    assert await worker.drain() == 0  # not yet due
    clock.advance(timedelta(minutes=1))
    assert await worker.drain() == 1
    posts = slack.api.to("chat.postMessage")
    assert len(posts) == 5 and posts[-1].args["channel"] == p.CHANNEL
    assert "A rejection, shared" in json.dumps(posts[-1].args["blocks"])
    async with db.connect() as connection:
        assert (await connection.execute(select(OutboxMessage.status))).scalar_one() == "done"
        card = (await connection.execute(select(PostedMessage))).one()
    assert (card.platform_channel_id, card.kind) == (p.CHANNEL, "rejection_card")


async def test_a_post_no_retry_can_fix_is_logged_as_an_error(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.command("/rejected", "Acme")
    await slack.settle()
    share = button(slack.api.responses[0]["blocks"], "rejected.share")
    await slack.click(share["action_id"], share["value"])
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    slack.api.fail("chat.postMessage", 200, error="is_archived")
    with caplog.at_level(logging.ERROR, logger="adapters.slack.retry"):
        await slack.submit(view, {"include": p.checked("company")})
        await slack.settle()
    assert len(slack.api.to("chat.postMessage")) == 1
    assert "retrying can't help" in caplog.text and "is_archived" in caplog.text
    # The member, told "shared" a moment ago, hears that the post didn't make it, and what to do.
    told = [c.args["text"] for c in slack.api.to("chat.postEphemeral")]
    assert any("/invite @Bounceback" in text for text in told)


async def test_an_expired_response_url_falls_back_to_an_ephemeral_message(slack: SlackHarness) -> None:
    slack.api.fail("response_url", 404)
    await slack.command("/journey")
    await slack.settle()
    [ephemeral] = slack.api.to("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0ANA" and ephemeral.args["channel"] == p.CHANNEL


async def test_no_ephemeral_where_the_bot_is_not_falls_back_to_a_dm(slack: SlackHarness) -> None:
    slack.api.fail("response_url", 404)
    slack.api.fail("chat.postEphemeral", 200, error="channel_not_found")
    await slack.command("/journey")
    await slack.settle()
    [dm] = slack.api.to("chat.postMessage")
    assert dm.args["channel"] == "DU0ANA"


async def test_an_export_arrives_as_a_file_in_a_dm(slack: SlackHarness) -> None:
    await slack.command("/rejected", "Acme | analyst")
    await slack.settle()  # commands are worked on concurrently; this one must be saved first
    await slack.command("/bounceback", "export")
    await slack.settle()
    [post] = slack.api.to("chat.postMessage")
    assert post.args["channel"] == "DU0ANA"
    [complete] = slack.api.to("files.completeUploadExternal")
    assert complete.args["channel_id"] == "DU0ANA"
    [data] = slack.api.uploads.values()
    export = json.loads(data)
    assert export["member"]["user_id"] == "U0ANA" and export["rejections"][0]["company"] == "Acme"
