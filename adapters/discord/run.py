"""``bounceback discord``: start the bot; ``bounceback discord sync``: register its commands."""

from __future__ import annotations

import logging

import discord
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.discord.channels import DiscordChannels
from adapters.discord.client import build_client
from adapters.discord.roles import DiscordRoles
from adapters.discord.settings import DiscordSettings, TokenRefused
from adapters.discord.translate import PLATFORM
from bot.app import Bounceback
from bot.clock import SystemClock
from bot.config import Settings
from bot.db.engine import create_engine, session_factory
from bot.db.migrate import upgrade_async
from bot.inbox.runtime import InboxLimits, running
from bot.ops.http_trace import rate_limit_trace
from bot.ops.memory import freeze_startup_heap
from bot.ops.runtime import operations
from bot.scheduling.runtime import scheduling
from bot.wiring import build_app, build_jobs

log = logging.getLogger(__name__)


def _app(settings: Settings, discord_settings: DiscordSettings, engine: AsyncEngine) -> Bounceback:
    return build_app(
        session_factory(engine),
        SystemClock(),
        DiscordRoles(discord_settings.organiser_roles),
        settings.language,
        settings.db_timeout,
    )


def _how_discord_answered(failure: discord.LoginFailure) -> str:
    """``HTTP 401 Unauthorized``, from the answer to the log-in that discord.py turned into ``failure``."""
    answer = failure.__cause__
    if isinstance(answer, discord.HTTPException):
        return f"HTTP {answer.status} {answer.response.reason}"
    return str(failure)


async def run_discord(settings: Settings, discord_settings: DiscordSettings) -> int:
    """Start-up, in one place: migrate, build the app and the client, then run until stopped.

    Around the gateway connection: the operations server (health, readiness while
    the client is ready, metrics; SIGTERM stops cleanly), the background
    scheduler and outbox, which deliver through the client's reply sender, and
    the inbox worker, which answers every saved interaction (after a restart
    too, and the rows of a process that died, shared through the database).
    On the way out the worker finishes or hands back its rows while the client
    can still answer them.
    """
    token = discord_settings.require_token()
    await upgrade_async(settings.async_database_url)
    engine = create_engine(settings.async_database_url, timeout=settings.db_timeout)
    limits = InboxLimits(settings.inbox_slots, settings.inbox_lease_time, settings.inbox_max_age_time)
    try:
        app = _app(settings, discord_settings, engine)
        client = build_client(discord_settings, app, limits, http_trace=rate_limit_trace(PLATFORM))
        async with operations(settings, engine) as ops, client:
            ops.ready_when(PLATFORM, client.is_ready)
            senders = {PLATFORM: client.bridge.sender}
            async with (
                # Left in reverse: the scheduler stops claiming runs first, then the inbox winds down.
                running(client.inbox, stop_within=settings.shutdown_timeout / 2),
                scheduling(
                    app,
                    senders,
                    directory=DiscordChannels(client),
                    jobs=build_jobs(keep_processed_events=settings.processed_events_retention),
                    grace=settings.scheduler_grace,
                ),
            ):
                freeze_startup_heap()
                await ops.run_until_stopped(client.start(token))
                # The gateway brings nothing new now; answers under way still have the client to reply.
                await client.bridge.finish()
    except discord.LoginFailure as exc:
        raise TokenRefused(_how_discord_answered(exc)) from exc
    finally:
        await engine.dispose()
    return 0


async def sync_commands(settings: Settings, discord_settings: DiscordSettings, guild_id: int | None) -> int:
    """Register the application commands, globally or in one server (instant; for development).

    Discord limits how often commands may be created, so this is a deliberate
    step (after an upgrade that changes commands), never part of start-up.
    """
    token = discord_settings.require_token()
    engine = create_engine(settings.async_database_url)  # the app needs one; sync never queries it
    try:
        client = build_client(discord_settings, _app(settings, discord_settings, engine))
        async with client:
            await client.login(token)
            guild = discord.Object(guild_id) if guild_id is not None else None
            if guild is not None:
                client.tree.copy_global_to(guild=guild)
            synced = await client.tree.sync(guild=guild)
    except discord.LoginFailure as exc:
        raise TokenRefused(_how_discord_answered(exc)) from exc
    finally:
        await engine.dispose()
    names = ", ".join(f"/{c.name}" for c in synced)
    where = f"in server {guild_id}" if guild_id is not None else "globally"
    print(f"Registered {len(synced)} commands {where}: {names}")
    return 0
