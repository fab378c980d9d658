"""Which emojis count as kudos, whatever platform they come from.

The same emoji reaches us in several spellings: Slack sends names (``clap``,
``clap::skin-tone-2``, a workspace's own ``partyparrot``), Discord sends the
unicode character (``👏``, ``👏🏽``) or a server emoji (``<:party:1234>``), and
organisers type any of these. Each spelling is read into an :class:`Emoji`
whose ``keys`` name it independently of skin tone and spelling: a unicode
character is also known by its names, so ``clap`` on Slack and ``👏🏽`` on
Discord are the same kudos emoji. The name tables come from the ``emoji``
package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import emoji as emoji_data

from bot.kudos.settings import KudosSettings

_DISCORD_CUSTOM = re.compile(r"<a?:([A-Za-z0-9_~\-]{1,64}):(\d{5,25})>")
_SLACK_NAME = re.compile(r":?([a-z0-9_+\-']{1,64})(?:::skin-tone-[1-6])?:?")
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]")
_VARIATION_SELECTOR = "\ufe0f"


@dataclass(frozen=True)
class Emoji:
    """One emoji: ``keys`` to match it by, ``key`` to store it under, ``display`` to show it."""

    keys: frozenset[str]
    key: str
    display: str

    def matches(self, other: Emoji) -> bool:
        return bool(self.keys & other.keys)


def _unicode_key(character: str) -> str:
    return "u:" + _SKIN_TONES.sub("", character).replace(_VARIATION_SELECTOR, "")


def _from_unicode(text: str) -> Emoji | None:
    base = _SKIN_TONES.sub("", text)
    if not (emoji_data.is_emoji(base) or emoji_data.is_emoji(base + _VARIATION_SELECTOR)):
        return None
    key = _unicode_key(base)
    return Emoji(keys=frozenset({key}), key=key, display=text)


def _from_name(name: str) -> Emoji:
    """A Slack-style name: a standard emoji when the name is known, else a workspace's own emoji."""
    for language in ("alias", "en"):
        character = emoji_data.emojize(f":{name}:", language=language)
        if character != f":{name}:":
            key = _unicode_key(character)
            return Emoji(keys=frozenset({key, f"name:{name}"}), key=key, display=character)
    key = f"name:{name}"
    return Emoji(keys=frozenset({key}), key=key, display=f":{name}:")


@lru_cache(maxsize=4096)
def read_emoji(text: str) -> Emoji | None:
    """The emoji ``text`` spells, or ``None`` if it spells none."""
    text = text.strip()
    if not text:
        return None
    if custom := _DISCORD_CUSTOM.fullmatch(text):
        name, emoji_id = custom.group(1), custom.group(2)
        key = f"discord:{emoji_id}"
        return Emoji(keys=frozenset({key, f"name:{name.lower()}"}), key=key, display=f":{name}:")
    if named := _SLACK_NAME.fullmatch(text.lower()):
        return _from_name(named.group(1))
    return _from_unicode(text)


def configured_emojis(kudos: KudosSettings) -> tuple[Emoji, ...]:
    """The community's kudos emojis: what organisers chose, else the defaults."""
    return tuple(e for e in (read_emoji(s) for s in kudos.emojis) if e is not None)


def shown_emojis(kudos: KudosSettings) -> str:
    """The community's kudos emojis as members see them, in one line."""
    return " ".join(e.display for e in configured_emojis(kudos))


def kudos_emoji(kudos: KudosSettings, reacted: str) -> Emoji | None:
    """The reacted emoji if it counts as kudos in this community."""
    found = read_emoji(reacted)
    if found is None:
        return None
    return found if any(found.matches(e) for e in configured_emojis(kudos)) else None


def display_of_key(key: str) -> str:
    """How to show an emoji known only by its stored key (a server emoji's name isn't kept: ``:emoji:``)."""
    kind, _, value = key.partition(":")
    if kind == "u":
        return value
    if kind == "name":
        return f":{value}:"
    return ":emoji:"
