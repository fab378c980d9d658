"""Who a reaction on a message credits.

A member's own message credits its author. A message the bot posted is
authored by the bot, so it credits the member it is about (a shared
rejection card, a check-in post, a shout-out) or, for a group summary,
every member in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.checkins.summary_members import members_in_summary
from bot.context import Context
from bot.db.models import Member, PostedMessage
from bot.members import member_by_user_id
from bot.post_kinds import CHECKIN_SUMMARY


@dataclass(frozen=True)
class ReactedMessage:
    """The members a reaction on this message credits, and what kind of bot post it was (None: a member's)."""

    receivers: tuple[Member, ...]
    post_kind: str | None = None


async def reacted_message(ctx: Context, message_id: str, author_user_id: str | None) -> ReactedMessage:
    posted = await ctx.session.scalar(
        select(PostedMessage).where(
            PostedMessage.community_id == ctx.community.id, PostedMessage.platform_message_id == message_id
        )
    )
    if posted is not None:
        return ReactedMessage(await _members_of_post(ctx, posted), posted.kind)
    if not author_user_id or ctx.event.conversation.is_direct:
        # In a direct conversation the only other author a bot can see is the bot itself (its DMs).
        return ReactedMessage(())
    return ReactedMessage((await member_by_user_id(ctx.session, ctx.community, author_user_id, ctx.now),))


async def _members_of_post(ctx: Context, posted: PostedMessage) -> tuple[Member, ...]:
    if posted.kind == CHECKIN_SUMMARY and posted.subject_id is not None:
        ids = await members_in_summary(ctx.session, ctx.community.id, posted.subject_id)
    elif posted.subject_member_id is not None:
        ids = [posted.subject_member_id]
    else:
        return ()
    members = await ctx.session.scalars(
        select(Member).where(Member.community_id == ctx.community.id, Member.id.in_(ids)).order_by(Member.id)
    )
    return tuple(members)
