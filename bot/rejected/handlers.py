"""Handlers of /rejected, its buttons and its forms."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.context import Context
from bot.db.models import ReconnectReminder, Rejection
from bot.db.upsert import insert_ignore
from bot.events import ActionClicked, CommandInvoked, FormSubmitted
from bot.fields import text_field
from bot.group_channel import group_channel
from bot.numbers import number_field
from bot.rejected.answer import answer
from bot.rejected.card import rejection_card
from bot.rejected.draft import RejectionDraft, draft_from_values
from bot.rejected.forms import (
    LOG_FORM,
    REMIND_FORM,
    REMIND_WEEKS,
    SHARE_FORM,
    SHAREABLE,
    log_form,
    remind_form,
    share_form,
)
from bot.rejected.history import record_count
from bot.rejected.ownership import own_rejection
from bot.rejected.quick_form import parse_quick_form
from bot.rejected.vocabulary import Stage
from bot.replies import Reply, open_form, private
from bot.router import Router


async def on_command(ctx: Context, event: CommandInvoked) -> list[Reply]:
    if not event.text.strip():
        return [open_form(log_form(ctx.voice))]
    return await _log(ctx, draft_from_values(parse_quick_form(event.text), ctx.today))


async def on_log_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    return await _log(ctx, draft_from_values(event.values, ctx.today))


async def _log(ctx: Context, draft: RejectionDraft) -> list[Reply]:
    rejection = Rejection(
        community_id=ctx.community.id,
        member_id=ctx.member.id,
        company=draft.company,
        role=draft.role,
        stage=draft.stage.value if draft.stage else None,
        rejected_on=draft.rejected_on or ctx.today,
        hiring_manager=draft.hiring_manager,
        people_met=draft.people_met,
        reason=draft.reason.value,
        feeling=draft.feeling,
        notes=draft.notes,
        shared=False,
        created_at=ctx.now,
    )
    ctx.session.add(rejection)
    await ctx.session.flush()  # so the record below counts it
    stage = Stage(rejection.stage) if rejection.stage else None
    count = await record_count(ctx.session, ctx.community.id, ctx.member.id, stage)
    return [answer(ctx.voice, rejection, count, ctx.member.display_name)]


async def on_share_button(ctx: Context, event: ActionClicked) -> list[Reply]:
    rejection = await own_rejection(ctx, event.value)
    if rejection.shared:
        return [private(ctx.voice.say("rejected.already_shared", company=rejection.company))]
    group_channel(ctx)  # fail early, before the form, if there is nowhere to share to
    return [open_form(share_form(ctx.voice, rejection.id))]


async def on_share_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    rejection = await own_rejection(ctx, event.context)
    if rejection.shared:
        return [private(ctx.voice.say("rejected.already_shared", company=rejection.company))]
    include = {part.strip() for part in (event.values.get("include") or "").split(",")} & set(SHAREABLE)
    note = text_field(event.values.get("note"), key="note", label="note", limit=500, multiline=True)
    channel = group_channel(ctx)
    rejection.shared = True
    rejection.shared_at = ctx.now
    card = rejection_card(
        ctx.voice, rejection, ctx.member.display_name, ctx.member.platform_user_id, include, note, channel
    )
    return [private(ctx.voice.say("rejected.shared")), card]


async def on_remind_button(ctx: Context, event: ActionClicked) -> list[Reply]:
    rejection = await own_rejection(ctx, event.value)
    return [open_form(remind_form(ctx.voice, rejection.id))]


async def on_remind_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    rejection = await own_rejection(ctx, event.context)
    weeks = number_field(
        event.values.get("weeks"),
        field="weeks",
        low=1,
        high=max(REMIND_WEEKS) * 2,
        form_key="weeks",
        error="rejected.errors.weeks",
    )
    due_on = ctx.today + timedelta(weeks=weeks)
    inserted = await insert_ignore(
        ctx.session,
        ReconnectReminder,
        {
            "community_id": ctx.community.id,
            "member_id": ctx.member.id,
            "rejection_id": rejection.id,
            "due_on": due_on,
            "created_at": ctx.now,
        },
        ("rejection_id",),
    )
    if not inserted:
        reminder = await ctx.session.scalar(
            select(ReconnectReminder).where(ReconnectReminder.rejection_id == rejection.id)
        )
        assert reminder is not None
        reminder.due_on = due_on
        reminder.delivered_at = None
    return [
        private(ctx.voice.say("rejected.reminder_set", company=rejection.company, date=due_on.isoformat()))
    ]


def register(router: Router) -> None:
    router.command("rejected", on_command)
    router.form(LOG_FORM, on_log_form)
    router.action("rejected.share", on_share_button)
    router.form(SHARE_FORM, on_share_form)
    router.action("rejected.remind", on_remind_button)
    router.form(REMIND_FORM, on_remind_form)
