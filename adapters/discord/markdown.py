"""The core's neutral markup as Discord markdown, with members' words shown literally.

Literal text goes through discord.py's own escapers: markdown characters,
block quotes, headings, lists and masked links are backslash-escaped, and
``@everyone``, ``@here``, role and user mentions get a zero-width space so they
neither ping nor render as mentions. A deliberate mention (a
:class:`~bot.markup.Mention` span) is the only ``<@id>`` that comes out.
"""

from __future__ import annotations

import re

from discord.utils import escape_markdown, escape_mentions

from bot.markup import Mention, Text, parse, plain_text

_SNOWFLAKE = re.compile(r"\d{15,20}")
_BRACKET = re.compile(r"([\[\]])")


def escape_text(text: str) -> str:
    # discord.py escapes a masked link ``[a](b)`` as a whole, with one backslash in front, which leaves
    # markdown inside it live (``[*a*](b)`` would still be italic); so brackets are escaped one by one
    # and the text between them goes through discord.py's escaper on its own.
    pieces = _BRACKET.split(text)
    escaped = "".join("\\" + p if p in ("[", "]") else escape_markdown(p) for p in pieces)
    return escape_mentions(escaped)


def _styled(span: Text) -> str:
    text = escape_text(span.text)
    core = text.strip()
    if not core or not (span.bold or span.italic):
        return text
    # Markers must touch the words (``** x**`` isn't bold), so keep surrounding spaces outside them.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if span.italic:
        core = f"_{core}_"
    if span.bold:
        core = f"**{core}**"
    return f"{lead}{core}{trail}"


def _mention(span: Mention) -> str:
    if _SNOWFLAKE.fullmatch(span.user_id):
        return f"<@{span.user_id}>"
    return escape_text(f"@{span.user_id}")


def to_discord(markup: str) -> str:
    """Discord markdown for ``markup``."""
    lines = []
    for line in parse(markup):
        text = "".join(_mention(s) if isinstance(s, Mention) else _styled(s) for s in line.spans)
        lines.append(f"> {text}" if line.quote else text)
    return "\n".join(lines)


def to_plain(markup: str) -> str:
    """Plain text with nothing Discord would format or ping (for labels and plain-text fallbacks)."""
    return escape_mentions(plain_text(markup))


def clip(text: str, limit: int) -> str:
    """``text`` cut to Discord's ``limit`` with an ellipsis, never mid-escape."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]
    return cut + "…"
