"""Where a handler's group post goes, or the member is told there is nowhere to post."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UserError


def group_channel(ctx: Context, chosen: str | None = None) -> str:
    """``chosen`` (a feature's own channel), else as :meth:`CommunitySettings.group_channel` decides."""
    channel = ctx.community.settings.group_channel(ctx.event.conversation, chosen=chosen)
    if channel is None:
        raise UserError("errors.no_group_channel")
    return channel
