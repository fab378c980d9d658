"""``/kudos leaderboard on|off`` and ``/kudos messages on|off``: what a member takes part in."""

from __future__ import annotations

from bot.context import Context
from bot.events import CommandInvoked
from bot.kudos.opt_outs import Scope, is_opted_out, set_opted_out
from bot.replies import Reply, private


async def _switch(ctx: Context, event: CommandInvoked, scope: Scope) -> list[Reply]:
    choice = event.text.strip().lower()
    key = f"kudos.opt_out.{scope.value}"
    if choice in ("on", "off"):
        await set_opted_out(ctx.session, ctx.community.id, ctx.member.id, scope, choice == "off", ctx.now)
        return [private(ctx.voice.say(f"{key}.{choice}"))]
    out = await is_opted_out(ctx.session, ctx.community.id, ctx.member.id, scope)
    return [private(ctx.voice.say(f"{key}.status_{'off' if out else 'on'}"))]


async def on_leaderboard(ctx: Context, event: CommandInvoked) -> list[Reply]:
    return await _switch(ctx, event, Scope.LEADERBOARDS)


async def on_messages(ctx: Context, event: CommandInvoked) -> list[Reply]:
    return await _switch(ctx, event, Scope.MESSAGES)
