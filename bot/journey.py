"""``/journey``: a member's own record in a few lines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from bot.context import Context
from bot.db.models import Lesson, PlanItem, Rejection
from bot.events import CommandInvoked
from bot.kudos.summary import kudos_line
from bot.markup import Markup
from bot.rejected.vocabulary import Reason, Stage
from bot.replies import Reply, private
from bot.router import Router


async def on_command(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    record = await _record(ctx)
    lessons, plan_open, plan_done = await _lessons_and_plan(ctx)
    if record is None:
        return [
            private(
                v.join(
                    [
                        v.say("journey.empty"),
                        _plan_line(ctx, lessons, plan_open, plan_done),
                        await kudos_line(ctx),
                    ]
                )
            )
        ]

    stages, reasons = record.stages, record.reasons
    lines = [
        v.say("journey.heading", name=ctx.member.display_name),
        v.say("journey.totals", total=record.total, month=record.this_month),
        v.say("journey.since_last", days=(ctx.today - record.last_day).days),
    ]
    if stages:
        parts = ", ".join(
            f"{v.label(f'rejected.stages.{s.value}')}: {stages[s.value]}" for s in Stage if stages[s.value]
        )
        lines.append(v.say("journey.by_stage", parts=parts))
    parts = ", ".join(
        f"{v.label(f'rejected.reason_names.{r.value}')}: {reasons[r.value]}"
        for r in Reason
        if reasons[r.value]
    )
    lines.append(v.say("journey.by_reason", parts=parts))
    lines.append(_plan_line(ctx, lessons, plan_open, plan_done))
    lines.append(await kudos_line(ctx))
    lines.append(v.say("journey.encourage"))
    return [private(Markup("\n".join(lines)))]


@dataclass(frozen=True)
class Record:
    total: int
    this_month: int
    last_day: date
    stages: Counter[str]
    reasons: Counter[str]


async def _record(ctx: Context) -> Record | None:
    """Totals, this month, the latest day and counts by stage and reason, counted by the database.

    A rejection's day is the date it was given, else the day it was logged where the member is."""
    today = ctx.today
    month = today.replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    local = [datetime.combine(day, time(), ctx.zone) for day in (month, next_month)]
    undated = Rejection.rejected_on.is_(None)
    in_month = or_(
        and_(Rejection.rejected_on >= month, Rejection.rejected_on < next_month),
        and_(undated, Rejection.created_at >= local[0], Rejection.created_at < local[1]),
    )
    groups = (
        await ctx.session.execute(
            select(
                Rejection.stage,
                Rejection.reason,
                func.count(),
                func.count().filter(in_month),
                func.max(Rejection.rejected_on),
                func.max(Rejection.created_at).filter(undated),
            )
            .where(Rejection.community_id == ctx.community.id, Rejection.member_id == ctx.member.id)
            .group_by(Rejection.stage, Rejection.reason)
        )
    ).all()
    if not groups:
        return None
    stages: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    days = []
    for stage, reason, count, _, given, logged in groups:
        if stage:
            stages[stage] += count
        reasons[reason] += count
        days += [given] if given else []
        days += [logged.astimezone(ctx.zone).date()] if logged else []
    total = sum(group[2] for group in groups)
    this_month = sum(group[3] for group in groups)
    return Record(total, this_month, max(days), stages, reasons)


async def _lessons_and_plan(ctx: Context) -> tuple[int, int, int]:
    """Lessons, open plan actions and done ones: three counts in one round trip."""
    lesson_scope = (Lesson.community_id == ctx.community.id, Lesson.member_id == ctx.member.id)
    plan_scope = (PlanItem.community_id == ctx.community.id, PlanItem.member_id == ctx.member.id)
    lessons = select(func.count()).select_from(Lesson).where(*lesson_scope).scalar_subquery()
    plan = select(func.count()).select_from(PlanItem).where(*plan_scope)
    row = (
        await ctx.session.execute(
            select(
                lessons,
                plan.where(PlanItem.done_at.is_(None)).scalar_subquery(),
                plan.where(PlanItem.done_at.is_not(None)).scalar_subquery(),
            )
        )
    ).one()
    return row[0] or 0, row[1] or 0, row[2] or 0


def _plan_line(ctx: Context, lessons: int, plan_open: int, plan_done: int) -> Markup:
    return ctx.voice.say("journey.plan", lessons=lessons, open=plan_open, done=plan_done)


def register(router: Router) -> None:
    router.command("journey", on_command)
