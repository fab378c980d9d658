"""Discord interactions and raw gateway events as the core's events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from bot.events import Actor, Conversation, ReactionAdded, ReactionRemoved

PLATFORM = "discord"


@dataclass(frozen=True, kw_only=True)
class DiscordActor(Actor):
    """An actor as Discord describes them in an interaction: what the organiser check needs rides along.

    ``manages_server`` is the Manage Server permission (Administrator implies it);
    ``roles`` holds each of the member's role ids and names.
    """

    manages_server: bool = field(default=False, compare=False)
    roles: frozenset[str] = field(default=frozenset(), compare=False)


def actor_from_interaction(interaction: discord.Interaction[Any], workspace_id: str) -> DiscordActor:
    user = interaction.user
    roles: set[str] = set()
    manages = False
    if isinstance(user, discord.Member):
        manages = interaction.permissions.manage_guild
        for role in user.roles:
            if not role.is_default():
                roles |= {str(role.id), role.name.casefold()}
    return DiscordActor(
        platform=PLATFORM,
        workspace_id=workspace_id,
        user_id=str(user.id),
        display_name=user.display_name,
        is_bot=user.bot,
        manages_server=manages,
        roles=frozenset(roles),
    )


def conversation_from_interaction(interaction: discord.Interaction[Any]) -> Conversation:
    channel = interaction.channel
    is_thread = isinstance(channel, discord.Thread)
    return Conversation(
        channel_id=str(interaction.channel_id or ""),
        thread_id=str(channel.id) if is_thread and channel is not None else None,
        is_direct=interaction.guild_id is None,
    )


def emoji_name(emoji: discord.PartialEmoji) -> str:
    """A unicode emoji as itself (``🔥``); a server's own as Discord writes it (``<:partyblob:1234>``)."""
    return str(emoji) if emoji.id else (emoji.name or "")


def emoji_key(emoji: discord.PartialEmoji) -> str:
    return str(emoji.id) if emoji.id else (emoji.name or "")


def reaction_event(
    raw: discord.RawReactionActionEvent, event_id: str, display_name: str = ""
) -> ReactionAdded | ReactionRemoved:
    """The core event for a raw reaction (the message need not be in discord.py's cache)."""
    member = raw.member
    actor = Actor(
        platform=PLATFORM,
        workspace_id=str(raw.guild_id),
        user_id=str(raw.user_id),
        display_name=member.display_name if member else display_name,
        is_bot=bool(member and member.bot),
    )
    kind = ReactionAdded if raw.event_type == "REACTION_ADD" else ReactionRemoved
    author = raw.message_author_id
    return kind(
        actor=actor,
        conversation=Conversation(channel_id=str(raw.channel_id)),
        event_id=event_id,
        emoji=emoji_name(raw.emoji),
        message_id=str(raw.message_id),
        message_author_id=str(author) if author else None,
        raw={
            "t": raw.event_type,
            "guild_id": raw.guild_id,
            "channel_id": raw.channel_id,
            "message_id": raw.message_id,
            "user_id": raw.user_id,
            "emoji": raw.emoji.to_dict(),
        },
    )
