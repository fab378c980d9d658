"""``/bounceback help``: what the bot does and how to type each command."""

from __future__ import annotations

from bot.context import Context
from bot.events import CommandInvoked
from bot.replies import Reply, private
from bot.router import Router


async def on_help(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    return [private(ctx.voice.say("help.text"))]


def register(router: Router) -> None:
    router.command("bounceback", on_help)
    router.command("bounceback help", on_help)
