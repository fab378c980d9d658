"""``/kudos``: give, see the boards and your own kudos, and (organisers) choose the emojis and the cap."""

from __future__ import annotations

import re

from sqlalchemy import delete

from bot.community_settings import require_organiser, update_settings
from bot.context import Context
from bot.db.upsert import insert_ignore
from bot.errors import UserError
from bot.events import CommandInvoked
from bot.kudos.emojis import Emoji, configured_emojis, display_of_key, read_emoji
from bot.kudos.history import RecentKudos, recently_given, recently_received
from bot.kudos.leaderboard import Period, Standing, is_hidden, most_cheered, top_encouragers, totals_of
from bot.kudos.models import LeaderboardOptOut
from bot.kudos.settings import (
    CAP_KEY,
    DEFAULT_KUDOS_EMOJIS,
    EMOJIS_KEY,
    MAX_DAILY_CAP,
    MAX_KUDOS_EMOJIS,
    daily_cap,
    emoji_spellings,
)
from bot.markup import Markup
from bot.replies import Reply, private

_SEPARATORS = re.compile(r"[\s,]+")


async def on_help(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    return [
        private(ctx.voice.say("kudos.help", emojis=_emoji_list(configured_emojis(ctx.community.settings))))
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
    if await is_hidden(ctx.session, ctx.community.id, ctx.member.id):
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
    if await is_hidden(ctx.session, community_id, member_id):
        lines.append(v.say("kudos.top.you_hidden"))
    return [private(v.join(lines))]


def _recent_line(ctx: Context, key: str, recent: RecentKudos) -> Markup:
    v = ctx.voice
    how = (
        v.say("kudos.me.reason", reason=recent.reason)
        if recent.reason
        else v.say("kudos.me.emoji", emoji=display_of_key(recent.emoji) if recent.emoji else "👏")
    )
    return v.say(key, names=", ".join(recent.names), how=how)


async def on_leaderboard(ctx: Context, event: CommandInvoked) -> list[Reply]:
    choice = event.text.strip().lower()
    if choice == "off":
        await insert_ignore(
            ctx.session,
            LeaderboardOptOut,
            {"community_id": ctx.community.id, "member_id": ctx.member.id, "created_at": ctx.now},
            ("community_id", "member_id"),
        )
        return [private(ctx.voice.say("kudos.leaderboard.hidden"))]
    if choice == "on":
        await ctx.session.execute(
            delete(LeaderboardOptOut).where(
                LeaderboardOptOut.community_id == ctx.community.id,
                LeaderboardOptOut.member_id == ctx.member.id,
            )
        )
        return [private(ctx.voice.say("kudos.leaderboard.shown"))]
    hidden = await is_hidden(ctx.session, ctx.community.id, ctx.member.id)
    return [
        private(
            ctx.voice.say("kudos.leaderboard.status_hidden" if hidden else "kudos.leaderboard.status_shown")
        )
    ]


async def on_emojis(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    words = [w for w in _SEPARATORS.split(event.text.strip()) if w]
    if not words:
        return [
            private(
                v.say("kudos.emojis.current", emojis=_emoji_list(configured_emojis(ctx.community.settings)))
            )
        ]
    await require_organiser(ctx)
    action, rest = words[0].lower(), words[1:]
    current = emoji_spellings(ctx.community.settings)
    if action == "reset":
        chosen = list(DEFAULT_KUDOS_EMOJIS)
    elif action == "add":
        chosen = current + _read_all(rest)
    elif action == "remove":
        chosen = _without(current, [read_emoji(w) for w in _read_all(rest)])
    else:
        chosen = _read_all(words)
    chosen = _unique(chosen)
    if not chosen:
        raise UserError("kudos.errors.no_emojis")
    if len(chosen) > MAX_KUDOS_EMOJIS:
        raise UserError("kudos.errors.too_many_emojis", limit=MAX_KUDOS_EMOJIS, given=len(chosen))
    update_settings(ctx, **{EMOJIS_KEY: chosen})
    return [private(v.say("kudos.emojis.set", emojis=_emoji_list(configured_emojis(ctx.community.settings))))]


def _read_all(words: list[str]) -> list[str]:
    """Each word as the spelling to store; the first that is not an emoji is named in the error."""
    if not words:
        raise UserError("kudos.errors.no_emojis")
    for word in words:
        if read_emoji(word) is None:
            raise UserError("kudos.errors.not_an_emoji", given=word[:40])
    return [w.strip(":") if not w.startswith("<") else w for w in words]


def _without(spellings: list[str], gone: list[Emoji | None]) -> list[str]:
    def is_gone(spelling: str) -> bool:
        found = read_emoji(spelling)
        return found is not None and any(g is not None and found.matches(g) for g in gone)

    return [s for s in spellings if not is_gone(s)]


def _unique(spellings: list[str]) -> list[str]:
    kept: list[str] = []
    seen: list[Emoji] = []
    for spelling in spellings:
        found = read_emoji(spelling)
        if found is not None and not any(found.matches(s) for s in seen):
            kept.append(spelling)
            seen.append(found)
    return kept


def _emoji_list(emojis: tuple[Emoji, ...]) -> str:
    return " ".join(e.display for e in emojis)


async def on_cap(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    given = event.text.strip()
    if not given:
        return [private(v.say("kudos.cap.current", cap=daily_cap(ctx.community.settings)))]
    await require_organiser(ctx)
    if not given.isdigit() or not 1 <= int(given) <= MAX_DAILY_CAP:
        raise UserError("kudos.errors.cap", given=given[:20], limit=MAX_DAILY_CAP)
    update_settings(ctx, **{CAP_KEY: int(given)})
    return [private(v.say("kudos.cap.set", cap=int(given)))]
