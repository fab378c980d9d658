"""The core's ChannelDirectory on Discord: where group posts go by default, and who is in a channel."""

from __future__ import annotations

import discord


class DiscordChannels:
    """Answers from discord.py's cache of servers (the ``guilds`` intent keeps it current).

    The default channel is the server's system channel (where Discord itself
    welcomes new members), when the bot may post there. Who is in a channel
    needs the privileged Server Members intent, which the bot doesn't ask for,
    so :meth:`channel_members` says it can't tell and the core falls back to
    the members it has met.
    """

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def default_channel(self, workspace_id: str) -> str | None:
        guild = self._client.get_guild(int(workspace_id)) if workspace_id.isdigit() else None
        channel = guild.system_channel if guild is not None else None
        if guild is None or channel is None or guild.me is None:
            return None
        allowed = channel.permissions_for(guild.me)
        return str(channel.id) if allowed.view_channel and allowed.send_messages else None

    async def channel_members(self, workspace_id: str, channel_id: str) -> None:
        return None
