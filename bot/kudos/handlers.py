"""Where ``/kudos`` and reactions meet the router."""

from __future__ import annotations

from bot.kudos import commands, organiser, preferences
from bot.kudos.reactions import on_reaction
from bot.kudos.shoutout import on_give
from bot.router import Router


def register(router: Router) -> None:
    router.command("kudos", on_give)
    router.command("kudos help", commands.on_help)
    router.command("kudos top", commands.on_top)
    router.command("kudos me", commands.on_me)
    router.command("kudos leaderboard", preferences.on_leaderboard)
    router.command("kudos messages", preferences.on_messages)
    router.command("kudos emojis", organiser.on_emojis)
    router.command("kudos cap", organiser.on_cap)
    router.reaction(on_reaction)
