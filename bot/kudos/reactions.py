"""Kudos by reaction: a kudos emoji on a message credits the member it is about; removing it takes it back.

Reactions by the member the message is about never count (the core drops
bots' events before they get here). A repeat of the same reaction counts
once: the kudos row is unique per giver, message and emoji.
"""

from __future__ import annotations

from bot.context import Context
from bot.events import ReactionAdded, ReactionRemoved
from bot.kudos.emojis import kudos_emoji, read_emoji
from bot.kudos.giving import REACTION, Outcome, claim_cap_notice, give, take_back
from bot.kudos.receivers import reacted_message
from bot.kudos.settings import KudosSettings
from bot.replies import Audience, Reply


async def on_reaction_added(ctx: Context, event: ReactionAdded) -> list[Reply]:
    emoji = kudos_emoji(ctx.community.settings.section(KudosSettings), event.emoji)
    if emoji is None:
        return []
    target = await reacted_message(ctx, event.message_id, event.message_author_id)
    receivers = tuple(m for m in target.receivers if m.id != ctx.member.id)
    if not receivers:
        return []
    gift = await give(
        ctx,
        receivers,
        source=REACTION,
        emoji=emoji.key,
        message_id=event.message_id,
        post_kind=target.post_kind,
    )
    if gift.outcome is Outcome.ALREADY_COUNTED or not gift.reached_cap:
        return []
    if not await claim_cap_notice(ctx):
        return []  # told once today already: further reactions stay quiet
    # A reaction has no interaction to answer privately on every platform, so the notice is a DM.
    key = "kudos.cap.reached" if gift.outcome is Outcome.GIVEN else "kudos.cap.over"
    return [
        Reply(
            audience=Audience.DIRECT,
            recipient_user_id=ctx.member.platform_user_id,
            body=ctx.voice.say(key, cap=gift.cap),
        )
    ]


async def on_reaction_removed(ctx: Context, event: ReactionRemoved) -> list[Reply]:
    # Read, not matched against today's set: a kudos given before organisers changed it still goes back.
    emoji = read_emoji(event.emoji)
    if emoji is not None:
        await take_back(ctx, emoji=emoji.key, message_id=event.message_id)
    return []


async def on_reaction(ctx: Context, event: ReactionAdded | ReactionRemoved) -> list[Reply]:
    if isinstance(event, ReactionAdded):
        return await on_reaction_added(ctx, event)
    return await on_reaction_removed(ctx, event)
