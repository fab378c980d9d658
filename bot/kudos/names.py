"""A few names in a line, for messages that say who cheered."""

from __future__ import annotations

from bot.copy import Voice
from bot.markup import Markup

NAMES_SHOWN = 3


def names_in_a_line(voice: Voice, names: tuple[str, ...]) -> Markup:
    """ "Ben", "Ben and Cara", "Ben, Cara and Dee", "Ben, Cara, Dee and 2 others" (names escaped)."""
    if len(names) == 1:
        return voice.say("kudos.names.one", a=names[0])
    if len(names) <= NAMES_SHOWN:
        return voice.say("kudos.names.some", first=", ".join(names[:-1]), last=names[-1])
    return voice.say(
        "kudos.names.many", first=", ".join(names[:NAMES_SHOWN]), others=len(names) - NAMES_SHOWN
    )
