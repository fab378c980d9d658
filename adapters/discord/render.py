"""A core :class:`~bot.replies.Reply` as the parts of a Discord message.

Cards and summaries (a reply with a title or fields) become embeds; short
notes stay plain content; an image is attached and shown in the embed. Every
message allows no mentions except the members the reply deliberately
mentions; since mentions inside embeds never ping, those members are also
named in the content.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import discord

from adapters.discord.components import STYLES, ActionButton
from adapters.discord.markdown import clip, escape_text, to_discord
from bot.replies import Reply

EMBED_COLOUR = discord.Colour(0x4F8A8B)
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000
BUTTONS_LIMIT = 25
EMPTY_FIELD = "\u200b"


@dataclass
class MessageParts:
    """Keyword arguments for ``send`` / ``send_message`` / ``followup.send``; build fresh for each send."""

    content: str | None
    embed: discord.Embed | None
    view: discord.ui.View | None
    file: discord.File | None
    allowed_mentions: discord.AllowedMentions

    def kwargs(self) -> dict[str, Any]:
        given = {"content": self.content, "embed": self.embed, "view": self.view, "file": self.file}
        return {"allowed_mentions": self.allowed_mentions} | {k: v for k, v in given.items() if v is not None}


def allowed_mentions_for(reply: Reply) -> discord.AllowedMentions:
    """None at all, except the members this reply means to mention."""
    users = sorted(u for u in reply.mentions if u.isdigit())
    if not users:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(
        everyone=False, roles=False, users=[discord.Object(int(u)) for u in users], replied_user=False
    )


def wants_embed(reply: Reply) -> bool:
    image = reply.attachment is not None and reply.attachment.media_type.startswith("image/")
    return bool(reply.title or reply.fields or image)


def render_reply(reply: Reply, workspace_id: str, *, plain: bool = False) -> MessageParts:
    """The message for ``reply``; ``plain`` leaves embeds out (for channels where they are not allowed)."""
    mentions = allowed_mentions_for(reply)
    file = _file(reply)
    view = _view(reply, workspace_id)
    if plain or not wants_embed(reply):
        return MessageParts(_plain_content(reply), None, view, file, mentions)
    embed = _embed(reply)
    named = " ".join(f"<@{u}>" for u in sorted(reply.mentions) if u.isdigit())
    return MessageParts(named or None, embed, view, file, mentions)


def _plain_content(reply: Reply) -> str | None:
    parts = []
    if reply.title:
        parts.append(f"**{escape_text(reply.title)}**")
    if reply.body:
        parts.append(to_discord(reply.body))
    parts += [f"**{escape_text(f.label)}:** {to_discord(f.value)}" for f in reply.fields]
    return clip("\n".join(parts), CONTENT_LIMIT) or None


def _embed(reply: Reply) -> discord.Embed:
    title = clip(escape_text(reply.title), TITLE_LIMIT) if reply.title else None
    fields = [
        (
            clip(escape_text(f.label), FIELD_NAME_LIMIT) or EMPTY_FIELD,
            clip(to_discord(f.value), FIELD_VALUE_LIMIT) or EMPTY_FIELD,
        )
        for f in reply.fields[:FIELDS_LIMIT]
    ]
    used = len(title or "") + sum(len(n) + len(v) for n, v in fields)
    room = max(0, min(DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT - used))
    description = clip(to_discord(reply.body), room) if reply.body else None
    embed = discord.Embed(title=title, description=description or None, colour=EMBED_COLOUR)
    for name, value in fields:
        embed.add_field(name=name, value=value, inline=len(value) <= 40)
    if reply.attachment is not None and reply.attachment.media_type.startswith("image/"):
        embed.set_image(url=f"attachment://{reply.attachment.filename}")
    return embed


def _file(reply: Reply) -> discord.File | None:
    if reply.attachment is None:
        return None
    attachment = reply.attachment
    return discord.File(
        io.BytesIO(attachment.data), filename=attachment.filename, description=attachment.alt_text or None
    )


def _view(reply: Reply, workspace_id: str) -> discord.ui.View | None:
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in reply.buttons[:BUTTONS_LIMIT]:
        view.add_item(
            ActionButton(
                workspace_id,
                button.action_id,
                button.value,
                label=button.label,
                style=STYLES.get(button.style, discord.ButtonStyle.secondary),
            )
        )
    # Clicks are matched by the registered ActionButton template, not by this view: finished now,
    # discord.py won't keep a copy of it per message sent.
    view.stop()
    return view
