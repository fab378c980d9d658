"""``/kudos top``, ``/kudos me`` and ``/kudos help``."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError
from bot.events import CommandInvoked
from bot.kudos.emojis import display_of_key, shown_emojis
from bot.kudos.history import RecentKudos, recently_given, recently_received
from bot.kudos.leaderboard import Period, Standing, most_cheered, top_encouragers, totals_of
from bot.kudos.opt_outs import Scope, is_opted_out
from bot.kudos.settings import KudosSettings
from bot.markup import Markup
from bot.replies import Reply, private


async def on_help(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    return [
        private(
            ctx.voice.say("kudos.help", emojis=shown_emojis(ctx.community.settings.section(KudosSettings)))
        )
    ]


async def on_top(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    word = event.text.strip().lower() or Period.WEEK.value
    try:
        period = Period(word)
    except ValueError:
        raise UserError("kudos.errors.period", given=word[:20]) from None
    since = period.since(ctx.now)
    givers = await top_encouragers(ctx.session, ctx.community.id, since)
    cheered = await most_cheered(ctx.session, ctx.community.id, since)
    mine = await totals_of(ctx.session, ctx.community.id, ctx.member.id, since)
    span = v.label(f"kudos.periods.{period.value}")
    if not givers and not cheered:
        return [private(v.say("kudos.top.empty", period=span))]
    lines = [
        v.say("kudos.top.heading", period=span),
        v.say("kudos.top.encouragers"),
        *_standings(ctx, givers),
        v.say("kudos.top.cheered"),
        *_standings(ctx, cheered),
        v.say("kudos.top.you", given=mine.given, received=mine.received),
    ]
    if await is_opted_out(ctx.session, ctx.community.id, ctx.member.id, Scope.LEADERBOARDS):
        lines.append(v.say("kudos.top.you_hidden"))
    return [private(v.join(lines))]


def _standings(ctx: Context, standings: list[Standing]) -> list[Markup]:
    if not standings:
        return [ctx.voice.say("kudos.top.nobody")]
    return [ctx.voice.say("kudos.top.line", rank=s.rank, name=s.name, count=s.count) for s in standings]


async def on_me(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    community_id, member_id = ctx.community.id, ctx.member.id
    ever = await totals_of(ctx.session, community_id, member_id)
    week = await totals_of(ctx.session, community_id, member_id, Period.WEEK.since(ctx.now))
    if not ever.given and not ever.received:
        return [private(v.say("kudos.me.empty"))]
    lines = [
        v.say(
            "kudos.me.totals",
            given=ever.given,
            received=ever.received,
            week_given=week.given,
            week_received=week.received,
        )
    ]
    received = await recently_received(ctx.session, community_id, member_id)
    if received:
        lines.append(v.say("kudos.me.received_heading"))
        lines += [_recent_line(ctx, "kudos.me.received_line", r) for r in received]
    given = await recently_given(ctx.session, community_id, member_id)
    if given:
        lines.append(v.say("kudos.me.given_heading"))
        lines += [_recent_line(ctx, "kudos.me.given_line", g) for g in given]
    if await is_opted_out(ctx.session, community_id, member_id, Scope.LEADERBOARDS):
        lines.append(v.say("kudos.top.you_hidden"))
    return [private(v.join(lines))]


def _recent_line(ctx: Context, key: str, recent: RecentKudos) -> Markup:
    v = ctx.voice
    if recent.reason:
        how = v.say("kudos.me.reason", reason=recent.reason)
    elif recent.emoji:
        how = v.say("kudos.me.emoji", emoji=display_of_key(recent.emoji))
    else:
        how = v.say("kudos.me.shoutout")
    return v.say(key, names=", ".join(recent.names), how=how)
