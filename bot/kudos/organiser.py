"""Organisers' ``/kudos emojis`` and ``/kudos cap``: anyone may look, only organisers change them."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.community_settings import require_organiser
from bot.context import Context
from bot.errors import UserError
from bot.events import CommandInvoked
from bot.kudos.emojis import Emoji, read_emoji, shown_emojis
from bot.kudos.settings import DEFAULT_KUDOS_EMOJIS, MAX_DAILY_CAP, MAX_KUDOS_EMOJIS, KudosSettings
from bot.numbers import number_field
from bot.replies import Reply, private

_SEPARATORS = re.compile(r"[\s,]+")


async def on_emojis(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    words = [w for w in _SEPARATORS.split(event.text.strip()) if w]
    if not words:
        return [private(v.say("kudos.emojis.current", emojis=shown_emojis(_kudos(ctx))))]
    await require_organiser(ctx)
    action, rest = words[0].lower(), words[1:]
    current = list(_kudos(ctx).emojis)
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
    kudos = replace(_kudos(ctx), emojis=tuple(chosen))
    ctx.community.settings = ctx.community.settings.with_section(kudos)
    return [private(v.say("kudos.emojis.set", emojis=shown_emojis(kudos)))]


def _kudos(ctx: Context) -> KudosSettings:
    return ctx.community.settings.section(KudosSettings)


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


async def on_cap(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    given = event.text.strip()
    if not given:
        return [private(v.say("kudos.cap.current", cap=_kudos(ctx).daily_cap))]
    await require_organiser(ctx)
    cap = number_field(given, field="daily cap", low=1, high=MAX_DAILY_CAP, error="kudos.errors.cap")
    ctx.community.settings = ctx.community.settings.with_section(replace(_kudos(ctx), daily_cap=cap))
    return [private(v.say("kudos.cap.set", cap=cap))]
