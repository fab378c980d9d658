"""Core replies as Block Kit: messages, with a text fallback on each, and the App Home view.

Blocks are slack_sdk's Block Kit models, which check Slack's limits as they become
JSON; text is clipped to the limits they declare first, so nothing a member wrote fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from adapters.slack.mrkdwn import escape_entities, to_mrkdwn
from bot.markup import escape
from bot.replies import Button, Reply

# Slack's limits that the models don't check.
FIELD_LIMIT = 2000  # each of a section's fields
FALLBACK_LIMIT = 3000  # ours: the notification text, not Slack's 40,000
MESSAGE_BLOCKS = 50
SHORT_FIELD = 60  # fields this short sit side by side, two to a row
_BUTTON_INDEX = re.compile(r"#\d+$")
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")

Block = dict[str, Any]  # a block as JSON


def clip(text: str, limit: int) -> str:
    """Shorten to ``limit`` characters with an ellipsis, never cutting an ``&amp;``-style entity in two."""
    if len(text) <= limit:
        return text
    return _PARTIAL_ENTITY.sub("", text[: limit - 1]) + "…"


def mrkdwn(text: str) -> MarkdownTextObject:
    # verbatim: no automatic linking or mention parsing; only explicit <@U…> markup is live.
    return MarkdownTextObject(text=text, verbatim=True)


def plain_text(text: str, limit: int) -> PlainTextObject:
    """A plain_text object. It has no formatting, but its ``&``, ``<``, ``>`` are escaped all the same."""
    return PlainTextObject(text=clip(escape_entities(text), limit), emoji=True)


def _sections(text: str) -> list[SectionBlock]:
    """mrkdwn text cut into sections at line ends, each within Slack's section limit."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= SectionBlock.text_max_length:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = clip(line, SectionBlock.text_max_length)
    if current.strip():
        chunks.append(current)
    return [SectionBlock(text=mrkdwn(chunk)) for chunk in chunks]


def _fields(rendered: list[tuple[str, str]]) -> list[SectionBlock]:
    """Labelled values: side by side when all are short, else one section each."""
    if all(len(value) <= SHORT_FIELD and "\n" not in value for _, value in rendered):
        texts = [mrkdwn(clip(f"*{_label(label)}*\n{value}", FIELD_LIMIT)) for label, value in rendered]
        row = SectionBlock.fields_max_length
        return [SectionBlock(fields=texts[i : i + row]) for i in range(0, len(texts), row)]
    blocks: list[SectionBlock] = []
    for label, value in rendered:
        blocks += _sections(f"*{_label(label)}*\n{value}")
    return blocks


def _label(label: str) -> str:
    """A plain-text label (copy, or a title) as literal mrkdwn."""
    return to_mrkdwn(escape(label))


def button_element(button: Button, index: int) -> ButtonElement:
    return ButtonElement(
        text=plain_text(button.label, ButtonElement.text_max_length),
        # Slack wants action ids unique within a block; the index keeps them so, and is read off again.
        action_id=f"{button.action_id}#{index}",
        value=button.value[: ButtonElement.value_max_length],
        style=button.style if button.style in ("primary", "danger") else None,
    )


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
    blocks: list[HeaderBlock | SectionBlock | ActionsBlock] = []
    if reply.title:
        blocks.append(HeaderBlock(text=plain_text(reply.title, HeaderBlock.text_max_length)))
    if body:
        blocks += _sections(body)
    blocks += _fields(fields)
    if reply.buttons:
        shown = reply.buttons[: ActionsBlock.elements_max_length]
        blocks = [
            *blocks[: limit - 1],
            ActionsBlock(elements=[button_element(b, i) for i, b in enumerate(shown)]),
        ]
    parts = [_label(reply.title)] if reply.title else []
    parts += [body] if body else []
    parts += [f"{_label(label)}: {value}" for label, value in fields]
    text = clip("\n".join(parts), FALLBACK_LIMIT) or " "
    return Message(text=text, blocks=[block.to_dict() for block in blocks[:limit]])


def home_view(replies: list[Reply]) -> dict[str, Any]:
    """The App Home tab: the core's home replies one after another."""
    blocks: list[Block] = []
    for reply in replies:
        if blocks:
            blocks.append(DividerBlock().to_dict())
        blocks += render_message(reply, View.blocks_max_length).blocks
    return {"type": "home", "blocks": blocks[: View.blocks_max_length]}
