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


# One token at a time: an escaped character, a mention, a style marker, or a run of plain text.
_TOKEN = re.compile(r"\\(.)|<@([A-Za-z0-9_.\-]+)>|([*_])|([^\\<*_]+|[\\<])", re.DOTALL)
_ESCAPED, _MENTIONED, _MARKER, _PLAIN = 1, 2, 3, 4
_NEEDS_PARSING = re.compile(r"[\\<*_]")


def _parse_line(raw: str) -> Line:
    quote = raw.startswith("> ")
    if quote:
        raw = raw[2:]
    if not _NEEDS_PARSING.search(raw):
        return Line((Text(raw),) if raw else (), quote)
    tokens = list(_TOKEN.finditer(raw))
    # Where each marker last appears unescaped: a marker opens only if one closes it later on the line
    # (and not right after it). An underscore inside a mention counts as one, as it always has.
    last = {"*": -1, "_": -1}
    for token in tokens:
        if token.lastindex == _MARKER:
            last[token.group(_MARKER)] = token.start()
        elif token.lastindex == _MENTIONED and "_" in token.group(_MENTIONED):
            last["_"] = token.start(_MENTIONED) + token.group(_MENTIONED).rindex("_")
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []
    for token in tokens:
        kind = token.lastindex
        if kind in (_PLAIN, _ESCAPED):
            buf.append(token.group(kind))
            continue
        if kind == _MARKER:
            marker = token.group(_MARKER)
            at = token.start()
            on = bold if marker == "*" else italic
            if not on and not (last[marker] > at + 1 and raw[at + 1] != marker):
                buf.append(marker)
                continue
        if buf:
            spans.append(Text("".join(buf), bold, italic))
            buf.clear()
        if kind == _MENTIONED:
            spans.append(Mention(token.group(_MENTIONED)))
        elif marker == "*":
            bold = not bold
        else:
            italic = not italic
    if buf:
        spans.append(Text("".join(buf), bold, italic))
    return Line(tuple(spans), quote)


def plain_text(markup: str) -> str:
    """The markup as plain text (mentions as ``@id``): for fallbacks, logs and the console."""
    out = []
    for line in parse(markup):
        parts = [s.text if isinstance(s, Text) else f"@{s.user_id}" for s in line.spans]
        out.append(("> " if line.quote else "") + "".join(parts))
    return "\n".join(out)
