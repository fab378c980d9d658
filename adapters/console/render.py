"""Neutral replies as terminal text."""

from __future__ import annotations

from collections.abc import Callable

from bot.markup import Mention, Text, parse
from bot.replies import Reply


def render_markup(markup: str, name_of: Callable[[str], str]) -> str:
    lines = []
    for line in parse(markup):
        text = "".join(
            s.text if isinstance(s, Text) else f"@{name_of(s.user_id)}"
            for s in line.spans
            if isinstance(s, Text | Mention)
        )
        lines.append(("│ " if line.quote else "") + text)
    return "\n".join(lines)


def render_reply(reply: Reply, name_of: Callable[[str], str]) -> list[str]:
    """The reply's lines, indented under its header."""
    out: list[str] = []
    if reply.title:
        out.append(reply.title.upper())
    if reply.body:
        out.extend(render_markup(reply.body, name_of).split("\n"))
    for f in reply.fields:
        out.append(f"{f.label}: {render_markup(f.value, name_of)}")
    if reply.buttons:
        out.append("buttons: " + " · ".join(f"[{b.key}] {b.label}" for b in reply.buttons))
    return out
