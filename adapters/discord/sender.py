"""Posting outside an interaction: group-channel posts and DMs, for the core's ReplySender port."""

from __future__ import annotations

import logging

import aiohttp
import discord

from adapters.discord.render import render_reply, wants_embed
from bot.ports import Delivered, DeliveryFailed
from bot.replies import Audience, Reply

log = logging.getLogger(__name__)

MISSING_PERMISSIONS = 50013  # e.g. no Embed Links in that channel: fall back to plain text
CANNOT_DM = 50007


class DiscordReplySender:
    """Delivers replies with the bot's REST client; raises DeliveryFailed as the port describes.

    discord.py already waits out short rate limits (and retries server errors);
    a wait longer than the client's ``max_ratelimit_timeout`` comes back as
    ``DeliveryFailed(retry_after=…)`` for the caller to schedule. Closed DMs,
    unknown users and channels, and missing access are permanent. Recording
    where a post landed (``Reply.record``) is the caller's part, as the outbox
    worker does it for scheduled deliveries.
    """

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        try:
            channel = await self._destination(workspace_id, reply)
            message = await self._post(channel, workspace_id, reply)
        except discord.RateLimited as exc:
            raise DeliveryFailed("Discord asked us to slow down", retry_after=exc.retry_after) from exc
        except discord.Forbidden as exc:
            reason = "the member's DMs are closed" if exc.code == CANNOT_DM else f"not allowed: {exc.text}"
            raise DeliveryFailed(reason, permanent=True) from exc
        except discord.NotFound as exc:
            raise DeliveryFailed(f"not found: {exc.text}", permanent=True) from exc
        except discord.HTTPException as exc:
            if exc.status == 429:
                retry_after = _retry_after(exc.response)
                raise DeliveryFailed("Discord asked us to slow down", retry_after=retry_after) from exc
            raise DeliveryFailed(
                f"Discord said {exc.status}: {exc.text}", permanent=exc.status < 500
            ) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise DeliveryFailed(f"could not reach Discord: {exc!r}") from exc
        return Delivered(channel_id=str(message.channel.id), message_id=str(message.id))

    async def _destination(self, workspace_id: str, reply: Reply) -> discord.abc.Messageable:
        if reply.audience is Audience.DIRECT:
            user_id = reply.recipient_user_id or ""
            if not user_id.isdigit():
                raise DeliveryFailed(f"no Discord user to DM: {reply.recipient_user_id!r}", permanent=True)
            return await self._client.create_dm(discord.Object(int(user_id)))
        if reply.audience is Audience.GROUP:
            channel_id = reply.channel_id or ""
            if not channel_id.isdigit():
                raise DeliveryFailed(f"no Discord channel to post to: {reply.channel_id!r}", permanent=True)
            guild_id = int(workspace_id) if workspace_id.isdigit() else None
            return self._client.get_partial_messageable(int(channel_id), guild_id=guild_id)
        raise DeliveryFailed(
            "a private reply needs the member's interaction; it can't be sent later", permanent=True
        )

    async def _post(
        self, channel: discord.abc.Messageable, workspace_id: str, reply: Reply
    ) -> discord.Message:
        try:
            return await channel.send(**render_reply(reply, workspace_id).kwargs())
        except discord.Forbidden as exc:
            if exc.code != MISSING_PERMISSIONS or not wants_embed(reply):
                raise
            log.warning(
                "no permission for embeds in channel %s; posting plain text", getattr(channel, "id", "?")
            )
            return await channel.send(**render_reply(reply, workspace_id, plain=True).kwargs())


def _retry_after(response: aiohttp.ClientResponse | None) -> float | None:
    if response is None:
        return None
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
