"""The core's neutral markup written as Slack ``mrkdwn``, with every piece of literal text made inert.

Slack parses ``&``, ``<`` and ``>`` as control characters, so literal text has
them turned into ``&amp;``, ``&lt;`` and ``&gt;`` (Slack's documented escaping):
a member who types ``<!channel>`` or ``<@U123>`` gets it shown, never a ping.
mrkdwn has no escape for ``*``, ``_``, ``~`` and backticks, so a zero-width
space on each side of one in literal text stops it opening or closing
formatting; a literal line starting with ``>`` gets one in front so it isn't a
quote. Only the core's own mentions become ``<@U123>``.
"""

from __future__ import annotations

import re

from bot.markup import Mention, Text, parse

ZERO_WIDTH_SPACE = "\u200b"
_FORMATTING = re.compile(r"([*_~`])")
_SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape_entities(text: str) -> str:
    """Slack's control characters as the entities Slack documents (``&`` first)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(text: str) -> str:
    """Literal text as inert mrkdwn: control characters as entities, formatting characters neutralised."""
    return _FORMATTING.sub(ZERO_WIDTH_SPACE + r"\1" + ZERO_WIDTH_SPACE, escape_entities(text))


def _span(span: Text | Mention) -> str:
    if isinstance(span, Mention):
        if _SLACK_USER_ID.fullmatch(span.user_id):
            return f"<@{span.user_id}>"
        return escape_text("@" + span.user_id)
    text = escape_text(span.text)
    if not text.strip():
        return text
    # Slack styles only when the markers hug the words: keep surrounding spaces outside them.
    lead, core, trail = _split_spaces(text)
    if span.italic:
        core = f"_{core}_"
    if span.bold:
        core = f"*{core}*"
    return lead + core + trail


def _split_spaces(text: str) -> tuple[str, str, str]:
    stripped = text.strip(" ")
    start = text.index(stripped)
    return text[:start], stripped, text[start + len(stripped) :]


def to_mrkdwn(markup: str) -> str:
    """The markup as mrkdwn."""
    lines = []
    for line in parse(markup):
        body = "".join(_span(s) for s in line.spans)
        if line.quote:
            lines.append("> " + body)
        elif body.startswith("&gt;"):
            lines.append(ZERO_WIDTH_SPACE + body)
        else:
            lines.append(body)
    return "\n".join(lines)
