"""The core's one small markup, and the only way user text gets into it.

Replies carry text in this neutral markup; each adapter parses it and writes
its platform's own formatting. The syntax is deliberately tiny:

- ``*bold*`` and ``_italic_``
- ``> `` at the start of a line quotes that line
- ``<@USER_ID>`` mentions one member (the only way a reply can mention anyone)
- a backslash makes the next character literal

User text is never trusted as markup: :func:`escape` backslash-escapes every
special character, so a member who types ``*``, ``<!channel>`` or ``<@U1>``
gets those characters shown literally on every platform. Adapters then apply
their platform's own escaping to the literal text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SPECIAL = frozenset("\\*_<>`~|")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_MENTION = re.compile(r"<@([A-Za-z0-9_.\-]+)>")


class Markup(str):
    """Text already in the neutral markup: trusted, never escaped again."""

    __slots__ = ()


def clean_text(text: str) -> str:
    """Drop control and bidi-override characters, keep newlines, normalise to NFC.

    Right-to-left scripts themselves are kept; only the invisible override
    characters that can reorder surrounding text are removed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def escape(text: object) -> Markup:
    """Turn untrusted text into markup that shows it literally."""
    if isinstance(text, Markup):
        return text
    cleaned = clean_text(str(text))
    return Markup("".join("\\" + ch if ch in SPECIAL else ch for ch in cleaned))


def mention(user_id: str) -> Markup:
    """A deliberate mention of one member."""
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", user_id):
        raise ValueError(f"not a user id: {user_id!r}")
    return Markup(f"<@{user_id}>")


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Mention:
    user_id: str


Span = Text | Mention


@dataclass(frozen=True)
class Line:
    spans: tuple[Span, ...]
    quote: bool = False


def parse(markup: str) -> list[Line]:
    """Split markup into lines of styled spans. Unclosed markers are literal."""
    return [_parse_line(raw) for raw in markup.split("\n")]


def _parse_line(raw: str) -> Line:
    quote = raw.startswith("> ")
    if quote:
        raw = raw[2:]
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Text("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            buf.append(raw[i + 1])
            i += 2
            continue
        if ch == "<":
            m = _MENTION.match(raw, i)
            if m:
                flush()
                spans.append(Mention(m.group(1)))
                i = m.end()
                continue
        if ch in "*_" and (
            (ch == "*" and (bold or _closes(raw, i, "*"))) or (ch == "_" and (italic or _closes(raw, i, "_")))
        ):
            flush()
            if ch == "*":
                bold = not bold
            else:
                italic = not italic
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    return Line(tuple(spans), quote)


def _closes(raw: str, start: int, marker: str) -> bool:
    """Whether an unescaped ``marker`` later on the line closes the one at ``start``."""
    i = start + 1
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == marker:
            return i > start + 1
        i += 1
    return False


def plain_text(markup: str) -> str:
    """The markup as plain text (mentions as ``@id``): for fallbacks, logs and the console."""
    out = []
    for line in parse(markup):
        parts = [s.text if isinstance(s, Text) else f"@{s.user_id}" for s in line.spans]
        out.append(("> " if line.quote else "") + "".join(parts))
    return "\n".join(out)
