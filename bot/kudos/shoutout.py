"""``/kudos @member why``: a public shout-out that mentions only the receiver, confirmed privately."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from bot.context import Context
from bot.db.models import Member
from bot.errors import UserError
from bot.events import CommandInvoked
from bot.fields import text_field
from bot.group_channel import group_channel
from bot.kudos.giving import COMMAND, Outcome, give
from bot.markup import mention
from bot.members import member_by_user_id
from bot.mentions import MemberReference, split_member_reference
from bot.replies import Audience, PostRecord, Reply, private

SHOUTOUT_KIND = "kudos_shoutout"
REASON_LIMIT = 300


async def on_give(ctx: Context, event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    if not event.text.strip():
        return [private(v.say("kudos.usage"))]
    reference, rest = split_member_reference(event.text, ctx.community.platform)
    receiver = await _member_named(ctx, reference)
    if receiver.id == ctx.member.id:
        raise UserError("kudos.errors.self")
    reason = text_field(rest, key="reason", label="reason", limit=REASON_LIMIT)
    channel = group_channel(ctx) if event.conversation.is_direct else event.conversation.channel_id
    gift = await give(ctx, [receiver], source=COMMAND, reason=reason)
    if gift.outcome is Outcome.CAPPED:
        raise UserError("kudos.errors.capped", cap=gift.cap)
    shout_key = "kudos.shoutout.with_reason" if reason else "kudos.shoutout.plain"
    shout = Reply(
        audience=Audience.GROUP,
        channel_id=channel,
        body=v.say(
            shout_key,
            giver=ctx.member.display_name,
            receiver=mention(receiver.platform_user_id),
            reason=reason or "",
        ),
        record=PostRecord(
            kind=SHOUTOUT_KIND, subject_id=gift.kudos_id, subject_user_id=receiver.platform_user_id
        ),
    )
    left = gift.cap - gift.given_today
    confirm_key = "kudos.given.last" if left == 0 else "kudos.given.more"
    confirm = private(v.say(confirm_key, name=receiver.display_name, left=left))
    return [confirm, shout]


async def _member_named(ctx: Context, reference: MemberReference) -> Member:
    """The member a reference names: by platform id (created on first sight), else by a unique name."""
    if reference.user_id is not None:
        found = await ctx.session.scalar(
            select(Member).where(
                Member.community_id == ctx.community.id, Member.platform_user_id == reference.user_id
            )
        )
        if found is not None:
            return found
        return await member_by_user_id(
            ctx.session, ctx.community, reference.user_id, ctx.now, display_name=reference.name or ""
        )
    name = (reference.name or "").lower()
    matches = (
        await ctx.session.scalars(
            select(Member)
            .where(
                Member.community_id == ctx.community.id,
                or_(func.lower(Member.display_name) == name, func.lower(Member.platform_user_id) == name),
            )
            .limit(2)
        )
    ).all()
    if len(matches) == 1:
        return matches[0]
    raise UserError("mentions.unknown_name" if not matches else "mentions.ambiguous", name=reference.name)
