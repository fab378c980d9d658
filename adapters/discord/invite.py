"""``bounceback discord invite-url``: the link that adds the bot to a server, asking only for what it uses."""

from __future__ import annotations

import discord

from adapters.discord.settings import DiscordSettings

SCOPES = ("bot", "applications.commands")


def bot_permissions() -> discord.Permissions:
    """What the bot needs in the group channel: see it, post cards (embeds, chart images), in threads too.

    Answers to commands, buttons and forms are interaction responses, which need no permission.
    """
    return discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        attach_files=True,
    )


def invite_url(settings: DiscordSettings) -> str:
    """The OAuth2 link with exactly the scopes and permissions the bot needs."""
    return discord.utils.oauth_url(
        settings.require_application_id(), permissions=bot_permissions(), scopes=SCOPES
    )
