"""The ChannelDirectory on Discord, from discord.py's cache of the server."""

from __future__ import annotations

from adapters.discord.channels import DiscordChannels
from adapters.discord.client import BouncebackClient
from tests.discord.fake_api import BOT_USER
from tests.discord.gateway import CHANNEL_ID, GUILD_ID, load


def server_with_system_channel(client: BouncebackClient, *, bot_may_send: bool) -> None:
    guild = load("guild_create")["d"]
    guild["system_channel_id"] = CHANNEL_ID
    guild["members"] = [
        {
            "user": BOT_USER,
            "roles": [],
            "joined_at": "2026-11-01T10:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
    ]
    if not bot_may_send:
        send_messages = 1 << 11
        guild["channels"][0]["permission_overwrites"] = [
            {"id": GUILD_ID, "type": 0, "allow": "0", "deny": str(send_messages)}
        ]
    client._connection.parsers["GUILD_CREATE"](guild)


async def test_the_system_channel_is_the_default_when_the_bot_may_post_there(
    client: BouncebackClient,
) -> None:
    server_with_system_channel(client, bot_may_send=True)
    channels = DiscordChannels(client)
    assert await channels.default_channel(GUILD_ID) == CHANNEL_ID
    assert await channels.channel_members(GUILD_ID, CHANNEL_ID) is None  # needs the privileged members intent


async def test_no_default_where_the_bot_may_not_post(client: BouncebackClient) -> None:
    server_with_system_channel(client, bot_may_send=False)
    assert await DiscordChannels(client).default_channel(GUILD_ID) is None
    assert await DiscordChannels(client).default_channel("1234") is None
