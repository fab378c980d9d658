"""A member's own rejection by id. Ids arrive from buttons and forms, so they are checked, never trusted."""

from __future__ import annotations

from sqlalchemy import select

from bot.context import Context
from bot.db.models import Rejection
from bot.errors import UserError
from bot.numbers import row_id


async def find_own_rejection(ctx: Context, raw_id: str) -> Rejection | None:
    wanted = row_id(raw_id)
    if wanted is None:
        return None
    return await ctx.session.scalar(
        select(Rejection).where(
            Rejection.id == wanted,
            Rejection.community_id == ctx.community.id,
            Rejection.member_id == ctx.member.id,
        )
    )


async def own_rejection(ctx: Context, raw_id: str) -> Rejection:
    rejection = await find_own_rejection(ctx, raw_id)
    if rejection is None:
        raise UserError("rejected.errors.not_found")
    return rejection
