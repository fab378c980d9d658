"""Core replies as Block Kit: messages, with a text fallback on each, and the App Home view."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import PlainTextObject

from adapters.slack.mrkdwn import escape_entities, to_mrkdwn
from bot.markup import escape
from bot.replies import Button, Reply

HEADER_LIMIT = 150
SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
SHORT_FIELD = 60  # fields this short sit side by side, two to a row
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
FALLBACK_LIMIT = 3000
MESSAGE_BLOCKS = 50
HOME_BLOCKS = 100
_BUTTON_INDEX = re.compile(r"#\d+$")
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")

Block = dict[str, Any]


def clip(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with an ellipsis, never cutting an ``&amp;``-style entity in two."""
    if len(text) <= limit:
        return text
    return _PARTIAL_ENTITY.sub("", text[: limit - 1]) + "…"


def mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: no automatic linking or mention parsing; only explicit <@U…> markup is live.
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def plain_text(text: str, limit: int) -> PlainTextObject:
    """A plain_text object. It has no formatting, but its ``&``, ``<``, ``>`` are escaped all the same."""
    return PlainTextObject(text=clip(escape_entities(text), limit), emoji=True)


def plain(text: str, limit: int) -> dict[str, Any]:
    """:func:`plain_text` as JSON."""
    return plain_text(text, limit).to_dict()


def _sections(text: str) -> list[Block]:
    """mrkdwn text cut into sections at line ends, each within Slack's section limit."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= SECTION_LIMIT:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = clip(line, SECTION_LIMIT)
    if current.strip():
        chunks.append(current)
    return [{"type": "section", "text": mrkdwn(chunk)} for chunk in chunks]


def _fields(rendered: list[tuple[str, str]]) -> list[Block]:
    """Labelled values: side by side when all are short, else one section each."""
    if all(len(value) <= SHORT_FIELD and "\n" not in value for _, value in rendered):
        texts = [mrkdwn(clip(f"*{_label(label)}*\n{value}", FIELD_LIMIT)) for label, value in rendered]
        return [{"type": "section", "fields": texts[i : i + 10]} for i in range(0, len(texts), 10)]
    blocks: list[Block] = []
    for label, value in rendered:
        blocks += _sections(f"*{_label(label)}*\n{value}")
    return blocks


def _label(label: str) -> str:
    """A plain-text label (copy, or a title) as literal mrkdwn."""
    return to_mrkdwn(escape(label))


def button_element(button: Button, index: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(button.label, BUTTON_TEXT_LIMIT),
        # Slack wants action ids unique within a block; the index keeps them so, and is read off again.
        "action_id": f"{button.action_id}#{index}",
        "value": button.value[:BUTTON_VALUE_LIMIT],
    }
    if button.style in ("primary", "danger"):
        element["style"] = button.style
    return element


def action_id_of(slack_action_id: str) -> str:
    """The core's action id from a button's Slack action id."""
    return _BUTTON_INDEX.sub("", slack_action_id)


@dataclass(frozen=True)
class Message:
    """A reply as Slack takes it: blocks, and the mrkdwn text fallback every message carries."""

    text: str
    blocks: list[Block]


def render_message(reply: Reply, limit: int = MESSAGE_BLOCKS) -> Message:
    """Each piece of markup is rendered once and used for both the blocks and the fallback."""
    body = to_mrkdwn(reply.body) if reply.body else ""
    fields = [(f.label, to_mrkdwn(f.value)) for f in reply.fields]
    blocks: list[Block] = []
    if reply.title:
        blocks.append({"type": "header", "text": plain(reply.title, HEADER_LIMIT)})
    if body:
        blocks += _sections(body)
    blocks += _fields(fields)
    if reply.buttons:
        elements = [button_element(b, i) for i, b in enumerate(reply.buttons[:25])]
        blocks = [*blocks[: limit - 1], {"type": "actions", "elements": elements}]
    parts = [_label(reply.title)] if reply.title else []
    parts += [body] if body else []
    parts += [f"{_label(label)}: {value}" for label, value in fields]
    return Message(text=clip("\n".join(parts), FALLBACK_LIMIT) or " ", blocks=blocks[:limit])


def home_view(replies: list[Reply]) -> dict[str, Any]:
    """The App Home tab: the core's home replies one after another."""
    blocks: list[Block] = []
    for reply in replies:
        if blocks:
            blocks.append({"type": "divider"})
        blocks += render_message(reply, HOME_BLOCKS).blocks
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}
