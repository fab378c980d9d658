"""The reply to the hiring manager: brief, polite, grateful, still interested, wishing them well.

Drafted from the copy's phrasings with the member's details filled in, and
written to read naturally when a detail is missing.
"""

from __future__ import annotations

import re

from bot.copy import Voice
from bot.db.models import Rejection
from bot.markup import Markup

_TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "madam"})


def people_list(text: str | None) -> list[str]:
    """Names from "Bob, Sue and Ana" or "Bob; Sue & Ana"."""
    if not text:
        return []
    parts = re.split(r"\s*(?:,|;|&|\band\b|\+|/)\s*", text)
    return [p.strip() for p in parts if p.strip()]


def spoken_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def how_to_greet(manager: str) -> str:
    """'Jane Doe' → 'Jane'; 'Dr. Jane Doe' → 'Dr. Doe'; a single name stays as it is."""
    words = manager.split()
    if len(words) >= 2 and words[0].lower().rstrip(".") in _TITLES:
        return f"{words[0]} {words[-1]}"
    return words[0]


def draft_reply(voice: Voice, rejection: Rejection, sender: str) -> Markup:
    manager = rejection.hiring_manager
    people = [p for p in people_list(rejection.people_met) if not manager or p.lower() != manager.lower()]
    lines = [
        voice.say("reply_draft.greeting_named", name=how_to_greet(manager))
        if manager
        else voice.say("reply_draft.greeting"),
        voice.say("reply_draft.thanks_role", role=rejection.role, company=rejection.company)
        if rejection.role
        else voice.say("reply_draft.thanks", company=rejection.company),
        voice.say("reply_draft.people", people=spoken_list(people)) if people else Markup(""),
        voice.say("reply_draft.still_interested", company=rejection.company),
        voice.say("reply_draft.future"),
        voice.say("reply_draft.wish"),
        voice.say("reply_draft.sign_off", name=sender),
    ]
    return Markup("\n".join(line for line in lines if line))
