"""The ReplySender port on Discord: DMs and group posts outside interactions, and how they fail."""

from __future__ import annotations

import pytest

from adapters.discord.client import BouncebackClient
from bot.markup import escape, mention
from bot.ports import DeliveryFailed
from bot.replies import Attachment, Audience, Button, Reply, ReplyField
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import CHANNEL_ID, GUILD_ID
from tests.discord.helpers import ANA_ID, BEN_ID

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def summary(**changes: object) -> Reply:
    base = {
        "audience": Audience.GROUP,
        "channel_id": CHANNEL_ID,
        "title": "This week",
        "body": escape("Three check-ins @everyone"),
        "fields": (ReplyField("Streak", escape("4 weeks")),),
    }
    return Reply(**(base | changes))  # type: ignore[arg-type]


async def test_a_group_post_is_an_embed_that_pings_no_one(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    delivered = await client.bridge.sender.send(GUILD_ID, summary())
    [post] = fake_api.channel_posts(CHANNEL_ID)
    assert delivered.channel_id == CHANNEL_ID and delivered.message_id
    assert post.allowed_mentions == {"parse": []}
    assert post.message["embeds"][0]["title"] == "This week"
    assert "@\u200beveryone" in post.text


async def test_a_mentioned_member_is_named_in_the_content_so_the_ping_reaches_them(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    reply = summary(body=escape("Well done ") + mention(BEN_ID))
    await client.bridge.sender.send(GUILD_ID, reply)
    [post] = fake_api.channel_posts(CHANNEL_ID)
    assert post.message["content"] == f"<@{BEN_ID}>"  # mentions inside embeds never ping
    assert post.allowed_mentions == {"parse": [], "users": [int(BEN_ID)]}


async def test_a_chart_is_attached_and_shown_in_the_embed(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    chart = Attachment(filename="week.png", data=PNG, media_type="image/png", alt_text="Check-ins per day")
    await client.bridge.sender.send(GUILD_ID, summary(attachment=chart))
    [post] = fake_api.channel_posts(CHANNEL_ID)
    assert post.files == ["week.png"]
    assert post.message["embeds"][0]["image"]["url"] == "attachment://week.png"


async def test_a_dm_opens_the_channel_then_posts_with_buttons_that_find_their_server(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    reply = Reply(
        audience=Audience.DIRECT,
        recipient_user_id=ANA_ID,
        body=escape("Time for your check-in"),
        buttons=(Button(key="open", label="Check in", action_id="checkins.open", value="2026-W48"),),
    )
    delivered = await client.bridge.sender.send(GUILD_ID, reply)
    [opened] = fake_api.sent("POST", "/users/@me/channels")
    assert str(opened.json["recipient_id"]) == ANA_ID
    [post] = fake_api.channel_posts(delivered.channel_id)
    assert post.custom_ids() == [f"bb:{GUILD_ID}:checkins.open:2026-W48"]
    assert post.allowed_mentions == {"parse": []}


async def test_closed_dms_fail_for_good(client: BouncebackClient, fake_api: FakeDiscordAPI) -> None:
    fake_api.answer_once(
        "POST",
        r"/channels/\d+/messages",
        403,
        {"message": "Cannot send messages to this user", "code": 50007},
    )
    reply = Reply(audience=Audience.DIRECT, recipient_user_id=ANA_ID, body=escape("Hello"))
    with pytest.raises(DeliveryFailed) as failed:
        await client.bridge.sender.send(GUILD_ID, reply)
    assert failed.value.permanent and failed.value.retry_after is None


async def test_a_deleted_channel_fails_for_good(client: BouncebackClient, fake_api: FakeDiscordAPI) -> None:
    fake_api.answer_once(
        "POST", r"/channels/\d+/messages", 404, {"message": "Unknown Channel", "code": 10003}
    )
    with pytest.raises(DeliveryFailed) as failed:
        await client.bridge.sender.send(GUILD_ID, summary())
    assert failed.value.permanent


async def test_a_long_rate_limit_comes_back_as_retry_after(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    fake_api.rate_limit_once("POST", rf"/channels/{CHANNEL_ID}/messages", retry_after=64.57)
    with pytest.raises(DeliveryFailed) as failed:
        await client.bridge.sender.send(GUILD_ID, summary())
    assert failed.value.retry_after == pytest.approx(64.57)
    assert not failed.value.permanent


async def test_a_short_rate_limit_is_waited_out_by_discord_py(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    fake_api.rate_limit_once("POST", rf"/channels/{CHANNEL_ID}/messages", retry_after=0.05)
    delivered = await client.bridge.sender.send(GUILD_ID, summary())
    assert len(fake_api.channel_posts(CHANNEL_ID)) == 2  # the 429, then the post that went through
    assert delivered.message_id


async def test_without_embed_permission_the_post_falls_back_to_plain_text(
    client: BouncebackClient, fake_api: FakeDiscordAPI
) -> None:
    fake_api.answer_once(
        "POST", r"/channels/\d+/messages", 403, {"message": "Missing Permissions", "code": 50013}
    )
    await client.bridge.sender.send(GUILD_ID, summary())
    refused, plain = fake_api.channel_posts(CHANNEL_ID)
    assert refused.message["embeds"] and not plain.message.get("embeds")
    assert plain.message["content"].startswith("**This week**")
    assert "**Streak:** 4 weeks" in plain.message["content"]
    assert plain.allowed_mentions == {"parse": []}


async def test_a_private_reply_cannot_be_sent_later(client: BouncebackClient) -> None:
    with pytest.raises(DeliveryFailed) as failed:
        await client.bridge.sender.send(GUILD_ID, Reply(audience=Audience.PRIVATE, body=escape("hi")))
    assert failed.value.permanent
