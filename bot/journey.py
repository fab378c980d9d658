"""``/journey``: a member's own record in a few lines."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

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
    scope = (Rejection.community_id == ctx.community.id, Rejection.member_id == ctx.member.id)
    rows = (
        await ctx.session.execute(
            select(Rejection.stage, Rejection.reason, Rejection.rejected_on, Rejection.created_at).where(
                *scope
            )
        )
    ).all()
    lessons = await ctx.session.scalar(
        select(func.count())
        .select_from(Lesson)
        .where(Lesson.community_id == ctx.community.id, Lesson.member_id == ctx.member.id)
    )
    plan = (
        await ctx.session.execute(
            select(PlanItem.done_at.is_not(None), func.count())
            .where(PlanItem.community_id == ctx.community.id, PlanItem.member_id == ctx.member.id)
            .group_by(PlanItem.done_at.is_not(None))
        )
    ).all()
    plan_done = sum(n for done, n in plan if done)
    plan_open = sum(n for done, n in plan if not done)
    if not rows:
        return [
            private(
                v.join(
                    [
                        v.say("journey.empty"),
                        _plan_line(ctx, lessons or 0, plan_open, plan_done),
                        await kudos_line(ctx),
                    ]
                )
            )
        ]

    today = ctx.today
    days = [r.rejected_on or r.created_at.astimezone(ctx.zone).date() for r in rows]
    this_month = sum(1 for d in days if (d.year, d.month) == (today.year, today.month))
    stages = Counter(r.stage for r in rows if r.stage)
    reasons = Counter(r.reason for r in rows)
    lines = [
        v.say("journey.heading", name=ctx.member.display_name),
        v.say("journey.totals", total=len(rows), month=this_month),
        v.say("journey.since_last", days=(today - max(days)).days),
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
    lines.append(_plan_line(ctx, lessons or 0, plan_open, plan_done))
    lines.append(await kudos_line(ctx))
    lines.append(v.say("journey.encourage"))
    return [private(Markup("\n".join(lines)))]


def _plan_line(ctx: Context, lessons: int, plan_open: int, plan_done: int) -> Markup:
    return ctx.voice.say("journey.plan", lessons=lessons, open=plan_open, done=plan_done)


def register(router: Router) -> None:
    router.command("journey", on_command)
