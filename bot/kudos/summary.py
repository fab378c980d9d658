"""A member's kudos in a line, for ``/journey`` and the home view."""

from __future__ import annotations

from bot.context import Context
from bot.kudos.leaderboard import totals_of
from bot.markup import Markup
from bot.replies import ReplyField


async def kudos_line(ctx: Context) -> Markup:
    totals = await totals_of(ctx.session, ctx.community.id, ctx.member.id)
    if not totals.given and not totals.received:
        return ctx.voice.say("kudos.summary.none")
    return ctx.voice.say("kudos.summary.totals", given=totals.given, received=totals.received)


async def kudos_section(ctx: Context) -> ReplyField:
    """The home view's kudos part."""
    return ReplyField(ctx.voice.label("kudos.summary.label"), await kudos_line(ctx))
