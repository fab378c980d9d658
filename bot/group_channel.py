"""Where group posts go: the channel organisers chose, else the channel the member is in."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError


def group_channel(ctx: Context) -> str:
    chosen = ctx.community.settings.get("group_channel_id")
    if chosen:
        return str(chosen)
    if not ctx.event.conversation.is_direct:
        return ctx.event.conversation.channel_id
    raise UserError("errors.no_group_channel")
