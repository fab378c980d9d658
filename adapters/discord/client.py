"""The discord.py client, built configured but not connected (start-up and tests both use it)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from adapters.discord.bridge import DiscordBridge
from adapters.discord.commands import declare_commands
from adapters.discord.components import ActionButton, FormButton
from adapters.discord.inbox import DiscordInboxProcessor
from adapters.discord.settings import DiscordSettings
from adapters.discord.translate import PLATFORM
from bot.app import Bounceback
from bot.inbox.runtime import Inbox, InboxLimits
from bot.scheduling.runtime import process_name

log = logging.getLogger(__name__)
STALE_COMMAND = (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)
# discord.py sleeps through shorter rate limits itself; a longer one comes back as RateLimited,
# which the reply sender turns into DeliveryFailed(retry_after=…). 30 s is the library's minimum.
MAX_RATELIMIT_WAIT = 30.0


def gateway_intents() -> discord.Intents:
    """Only what the bot uses, none of them privileged.

    ``guilds``: servers, channels and roles in the cache (organiser roles by name);
    ``guild_reactions``: reactions on the group's cards. Interactions need no intent,
    and the bot never reads message content or member lists.
    """
    return discord.Intents(guilds=True, guild_reactions=True)


class BouncebackTree(app_commands.CommandTree["BouncebackClient"]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        """A command Discord still has registered differently from the bot gets "out of date, run sync".

        Commands, subcommands or options an upgrade changed stay registered with
        Discord until ``bounceback discord sync`` runs: the member is told so
        privately, and operators get one warning line. Anything else is logged
        as discord.py does, and the member gets the core's apology. (Errors
        inside the core never get here: it answers them itself.)
        """
        if isinstance(error, STALE_COMMAND):
            log.warning(
                "Discord sent /%s, which this version registers differently (%s); "
                "run `bounceback discord sync` to update Discord's copy",
                _stale_name(error),
                type(error).__name__,
            )
            await self.client.bridge.out_of_date(interaction)
            return
        await super().on_error(interaction, error)
        await self.client.bridge.apologise(interaction)


def _stale_name(error: app_commands.AppCommandError) -> str:
    if isinstance(error, app_commands.CommandNotFound):
        return " ".join([*error.parents, error.name])
    if isinstance(error, app_commands.CommandSignatureMismatch):
        return error.command.qualified_name
    return "?"


class BouncebackClient(discord.AutoShardedClient):
    """Routes interactions and raw reactions to the :class:`DiscordBridge`.

    ``inbox`` holds every interaction until it is answered; its worker answers through this
    client (``bounceback discord`` runs it with :func:`bot.inbox.runtime.running`).
    """

    def __init__(
        self, app: Bounceback, settings: DiscordSettings, limits: InboxLimits | None = None, **options: Any
    ) -> None:
        if settings.shard_ids is not None:  # else discord.py runs every shard
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            intents=gateway_intents(),
            shard_count=settings.shard_count,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.inbox = Inbox(app, name=process_name(), limits=limits or InboxLimits())
        self.bridge = DiscordBridge(self, app, self.inbox)
        self.inbox.worker.serve(
            PLATFORM, DiscordInboxProcessor(self, app, self.bridge.answerer, self.bridge.live)
        )
        self.tree = BouncebackTree(self)
        declare_commands(self.tree, self.bridge, app.catalog, app.router.commands)

    async def setup_hook(self) -> None:
        # Buttons on any message, sent before or after a restart, are matched by these templates.
        self.add_dynamic_items(ActionButton, FormButton)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is discord.InteractionType.modal_submit:
            await self.bridge.on_modal_submit(interaction)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self.bridge.on_raw_reaction(payload)

    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        await self.bridge.on_raw_reaction(payload)


def build_client(
    settings: DiscordSettings, app: Bounceback, limits: InboxLimits | None = None, **options: Any
) -> BouncebackClient:
    """The bot's client: commands declared, buttons and events routed to ``app``; not logged in or connected.

    It talks to the API the process is aimed at (:mod:`adapters.discord.api_base`).
    ``options`` go to :class:`discord.AutoShardedClient` as they are.
    """
    return BouncebackClient(app, settings, limits, **options)
