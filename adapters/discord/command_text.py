"""Typed slash-command options written back as the text the core's commands read.

The core takes a command as its name and one line of text, in the syntax its
help documents (``/kudos top month``, ``/kudos <@123> for the intro``,
``/checkin pause 2027-01-10``). Discord sends typed options instead. This is the
one place that turns the one into the other: the values in the order the core's
syntax puts them, members as mentions, an option left
out as nothing.
"""

from __future__ import annotations

import discord

Part = str | int | discord.abc.User | None


def command_text(*parts: Part) -> str:
    """``("top", None)`` → ``"top"``; ``(member, "for the intro")`` → ``"<@123> for the intro"``."""
    words: list[str] = []
    for part in parts:
        if part is None:
            continue
        if isinstance(part, discord.abc.User):
            words.append(f"<@{part.id}>")
        else:
            words.append(str(part).strip())
    return " ".join(w for w in words if w)
