"""Organiser commands that change how the community works: ``/bounceback channel``."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError
from bot.events import CommandInvoked
from bot.replies import Reply, private
from bot.router import Router


async def require_organiser(ctx: Context) -> None:
    if not await ctx.is_organiser():
        raise UserError("errors.organisers_only")


async def on_channel(ctx: Context, event: CommandInvoked) -> list[Reply]:
    await require_organiser(ctx)
    if event.conversation.is_direct:
        raise UserError("settings.errors.channel_in_dm")
    ctx.community.settings = ctx.community.settings.with_changes(
        group_channel_id=event.conversation.channel_id
    )
    return [private(ctx.voice.say("settings.channel_set"))]


def register(router: Router) -> None:
    router.command("bounceback channel", on_channel)
