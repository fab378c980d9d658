"""``/checkin`` and its subcommands, the check-in form, and its buttons."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bot.checkins.answer import checkin_answer
from bot.checkins.config import CheckinConfig
from bot.checkins.form import CHECKIN_FORM, answers_from, checkin_form
from bot.checkins.messages import checkin_post
from bot.checkins.models import Checkin
from bot.checkins.participants import HIRED, OPTED_OUT, PAUSED, Participant, own_prefs
from bot.checkins.streaks import streak_of
from bot.checkins.weeks import Week, previous_label, week_at
from bot.context import Context
from bot.dates import DateNotUnderstood, parse_day
from bot.db.models import PostedMessage, Rejection
from bot.errors import UserError
from bot.events import ActionClicked, CommandInvoked, FormSubmitted
from bot.group_channel import group_channel
from bot.markup import mention
from bot.numbers import row_id
from bot.replies import Audience, PostRecord, Reply, open_form, private
from bot.router import Router

_WEEK_LABEL = re.compile(r"^\d{4}-W\d{2}$")


def current_week(ctx: Context) -> Week:
    return week_at(ctx.now, ctx.community.settings.section(CheckinConfig), ctx.zone)


async def _own_checkin(ctx: Context, week: str) -> Checkin | None:
    return await ctx.session.scalar(
        select(Checkin).where(
            Checkin.community_id == ctx.community.id, Checkin.member_id == ctx.member.id, Checkin.week == week
        )
    )


async def _open(ctx: Context, week: str | None = None) -> list[Reply]:
    if not ctx.community.settings.section(CheckinConfig).enabled:
        raise UserError("checkins.errors.disabled")
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    if prefs.hired_at is not None:
        raise UserError("checkins.errors.hired")
    label = week if week and _WEEK_LABEL.match(week) else current_week(ctx).label
    return [open_form(checkin_form(ctx.voice, label, await _own_checkin(ctx, label)))]


async def on_checkin(ctx: Context, event: CommandInvoked) -> list[Reply]:
    word = event.text.strip().split(" ", 1)[0].lower()
    if word:
        raise UserError("checkins.errors.unknown", word=word[:30])
    return await _open(ctx)


async def on_open_button(ctx: Context, event: ActionClicked) -> list[Reply]:
    """The ping's button: the week it was for, unless that window has closed (then this week)."""
    week = current_week(ctx)
    return await _open(ctx, event.value if event.value == week.label else None)


async def on_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    label = event.context if _WEEK_LABEL.match(event.context) else current_week(ctx).label
    answers = answers_from(dict(event.values), ctx.voice)
    checkin = await _own_checkin(ctx, label)
    edited = checkin is not None
    if checkin is None:
        checkin = Checkin(
            community_id=ctx.community.id, member_id=ctx.member.id, week=label, created_at=ctx.now, edits=0
        )
        ctx.session.add(checkin)
    else:
        checkin.edits += 1
    for name, value in vars(answers).items():
        setattr(checkin, name, value)
    checkin.updated_at = ctx.now
    await ctx.session.flush()
    previous = await _own_checkin(ctx, previous_label(label))
    rejections = await ctx.session.scalar(
        select(func.count())
        .select_from(Rejection)
        .where(
            Rejection.community_id == ctx.community.id,
            Rejection.member_id == ctx.member.id,
            Rejection.created_at > ctx.now - timedelta(days=7),
        )
    )
    streak = await streak_of(ctx.session, ctx.community.id, ctx.member.id, label)
    return [
        checkin_answer(
            ctx.voice,
            checkin,
            previous,
            name=ctx.member.display_name,
            edited=edited,
            rejections_logged=rejections or 0,
            streak=streak,
        )
    ]


async def on_share(ctx: Context, event: ActionClicked) -> list[Reply]:
    checkin = None
    wanted = row_id(event.value)
    if wanted is not None:
        checkin = await ctx.session.scalar(
            select(Checkin).where(
                Checkin.id == wanted,
                Checkin.community_id == ctx.community.id,
                Checkin.member_id == ctx.member.id,
            )
        )
    if checkin is None:
        raise UserError("checkins.errors.not_yours")
    already = await ctx.session.scalar(
        select(PostedMessage.id).where(
            PostedMessage.community_id == ctx.community.id,
            PostedMessage.kind == "checkin_post",
            PostedMessage.subject_member_id == ctx.member.id,
            PostedMessage.created_at >= checkin.created_at,
        )
    )
    if already is not None:
        return [private(ctx.voice.say("checkins.answer.already_shared"))]
    channel = group_channel(ctx, chosen=ctx.community.settings.section(CheckinConfig).channel_id)
    return [
        private(ctx.voice.say("checkins.answer.shared")),
        checkin_post(ctx.voice, ctx.member, checkin, channel),
    ]


async def on_pause(ctx: Context, event: CommandInvoked) -> list[Reply]:
    given = event.text.strip()
    try:
        until = parse_day(given, ctx.today)
    except DateNotUnderstood:
        raise UserError("checkins.errors.pause_date", given=given[:40] or "nothing") from None
    if until <= ctx.today and not re.search(r"\d{4}", given):
        until = until.replace(year=until.year + 1)  # "10 Jan" in December means next January
    if until <= ctx.today:
        raise UserError("checkins.errors.pause_past", given=given[:40])
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    prefs.paused_until, prefs.updated_at = until, ctx.now
    return [private(ctx.voice.say("checkins.member.paused", date=until.isoformat()))]


async def on_resume(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    prefs.paused_until, prefs.opted_out, prefs.updated_at = None, False, ctx.now
    return [private(ctx.voice.say("checkins.member.resumed"))]


async def on_stop(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    prefs.opted_out, prefs.updated_at = True, ctx.now
    return [private(ctx.voice.say("checkins.member.stopped"))]


async def on_start(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    prefs.opted_out, prefs.paused_until, prefs.updated_at = False, None, ctx.now
    return [private(ctx.voice.say("checkins.member.started"))]


async def on_buddies(ctx: Context, event: CommandInvoked) -> list[Reply]:
    choice = event.text.strip().lower()
    if choice not in ("on", "off", "yes", "no"):
        raise UserError("checkins.errors.buddies_usage")
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    prefs.buddies, prefs.updated_at = choice in ("on", "yes"), ctx.now
    return [
        private(
            ctx.voice.say("checkins.member.buddies_on" if prefs.buddies else "checkins.member.buddies_off")
        )
    ]


async def on_hired(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    if prefs.hired_at is not None:
        return [private(ctx.voice.say("checkins.hired.already"))]
    prefs.hired_at, prefs.updated_at = ctx.now, ctx.now
    replies = [private(ctx.voice.say("checkins.hired.private", name=ctx.member.display_name))]
    settings = ctx.community.settings
    channel = settings.group_channel(
        ctx.event.conversation, chosen=settings.section(CheckinConfig).channel_id
    )
    if channel:
        replies.append(
            Reply(
                audience=Audience.GROUP,
                channel_id=str(channel),
                body=ctx.voice.say("checkins.hired.group", mention=mention(ctx.member.platform_user_id)),
                record=PostRecord(kind="checkin_hired", subject_user_id=ctx.member.platform_user_id),
            )
        )
    return replies


async def on_status(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    config = ctx.community.settings.section(CheckinConfig)
    prefs = await own_prefs(ctx.session, ctx.community, ctx.member, ctx.now)
    week = current_week(ctx)

    state = Participant(ctx.member, prefs, ctx.zone).status_on(week.first_day)
    if not config.enabled:
        state_text = v.label("checkins.member.state_disabled")
    elif state == PAUSED and prefs.paused_until is not None:
        state_text = v.label("checkins.member.state_paused", date=prefs.paused_until.isoformat())
    else:
        state_text = v.label(
            {OPTED_OUT: "checkins.member.state_opted_out", HIRED: "checkins.member.state_hired"}.get(
                state, "checkins.member.state_active"
            )
        )
    answered = await _own_checkin(ctx, week.label) is not None
    return [
        private(
            v.say(
                "checkins.member.status",
                state=state_text,
                weeks=await streak_of(ctx.session, ctx.community.id, ctx.member.id, week.label),
                week=week.label,
                answered=v.label(
                    "checkins.member.answered_yes" if answered else "checkins.member.answered_no"
                ),
                day=v.label(f"checkins.days.{config.ping_day}"),
                time=config.ping_time,
                zone=ctx.zone.key,
                buddies=v.label(
                    "checkins.member.buddies_yes" if prefs.buddies else "checkins.member.buddies_no"
                ),
            )
        )
    ]


async def on_help(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    return [private(ctx.voice.say("checkins.member.help"))]


def register(router: Router) -> None:
    router.command("checkin", on_checkin)
    router.command("checkin pause", on_pause)
    router.command("checkin resume", on_resume)
    router.command("checkin stop", on_stop)
    router.command("checkin start", on_start)
    router.command("checkin buddies", on_buddies)
    router.command("checkin hired", on_hired)
    router.command("checkin status", on_status)
    router.command("checkin help", on_help)
    router.action("checkins.open", on_open_button)
    router.action("checkins.share", on_share)
    router.form(CHECKIN_FORM, on_form)
