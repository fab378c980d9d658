"""``/reflect``: lessons learned and a personal development plan.

``/reflect`` opens a form; ``/reflect lesson TEXT``, ``/reflect plan [KIND:] TEXT``,
``/reflect list`` and ``/reflect done ID`` work in one line.
"""

from __future__ import annotations

import re
from enum import StrEnum

from sqlalchemy import select

from bot.context import Context
from bot.copy import Voice
from bot.db.models import Lesson, PlanItem
from bot.errors import UserError
from bot.events import ActionClicked, CommandInvoked, FormSubmitted
from bot.fields import text_field
from bot.markup import Markup
from bot.numbers import row_id
from bot.rejected.ownership import find_own_rejection
from bot.replies import Choice, FieldKind, Form, FormField, Reply, open_form, private
from bot.router import Router

FORM_ID = "reflect.add"
TEXT_LIMIT = 1000
LIST_LIMIT = 10


class PlanKind(StrEnum):
    TRAINING = "training"
    CERTIFICATION = "certification"
    INTERVIEW_PRACTICE = "interview_practice"
    NETWORKING = "networking"
    PORTFOLIO = "portfolio"
    OTHER = "other"


KIND_ALIASES: dict[str, PlanKind] = {
    **dict.fromkeys(["training", "course", "learn", "study", "skill"], PlanKind.TRAINING),
    **dict.fromkeys(["certification", "cert", "certificate", "exam"], PlanKind.CERTIFICATION),
    **dict.fromkeys(
        ["interview practice", "interview", "practice", "mock", "mock interview", "interview_practice"],
        PlanKind.INTERVIEW_PRACTICE,
    ),
    **dict.fromkeys(["networking", "network", "coffee", "informational"], PlanKind.NETWORKING),
    **dict.fromkeys(["portfolio", "project", "side project", "github"], PlanKind.PORTFOLIO),
    **dict.fromkeys(["other"], PlanKind.OTHER),
}


def reflect_form(voice: Voice, rejection_id: int | None = None) -> Form:
    return Form(
        form_id=FORM_ID,
        title=voice.label("reflect.form.title"),
        submit_label=voice.label("reflect.form.submit"),
        context=str(rejection_id or ""),
        fields=(
            FormField(
                key="lesson",
                label=voice.label("reflect.form.lesson"),
                placeholder=voice.label("reflect.form.lesson_hint"),
                kind=FieldKind.LONG_TEXT,
                max_length=TEXT_LIMIT,
            ),
            FormField(
                key="action",
                label=voice.label("reflect.form.action"),
                placeholder=voice.label("reflect.form.action_hint"),
                max_length=TEXT_LIMIT,
            ),
            FormField(
                key="kind",
                label=voice.label("reflect.form.kind"),
                kind=FieldKind.SELECT,
                choices=tuple(Choice(k.value, voice.label(f"reflect.kinds.{k.value}")) for k in PlanKind),
                initial=PlanKind.TRAINING.value,
            ),
        ),
    )


async def on_command(ctx: Context, event: CommandInvoked) -> list[Reply]:
    verb, _, rest = event.text.strip().partition(" ")
    match verb.lower():
        case "":
            return [open_form(reflect_form(ctx.voice))]
        case "lesson" | "learned" | "learnt":
            return [await add_lesson(ctx, rest, None)]
        case "plan" | "action" | "todo":
            kind, text = split_kind(rest)
            return [await add_plan_item(ctx, text, kind, None)]
        case "list" | "ls" | "show":
            return [await list_items(ctx)]
        case "done" | "did" | "complete":
            return [await mark_done(ctx, rest)]
        case _:
            raise UserError("reflect.errors.usage", given=verb[:40])


def split_kind(text: str) -> tuple[PlanKind, str]:
    """ "cert: AWS associate" → (CERTIFICATION, "AWS associate"); no known kind → TRAINING."""
    m = re.match(r"^\s*([\w\s-]{2,30}?)\s*:\s*(.*)$", text, re.DOTALL)
    if m and m.group(1).strip().lower() in KIND_ALIASES:
        return KIND_ALIASES[m.group(1).strip().lower()], m.group(2)
    return PlanKind.TRAINING, text


async def add_lesson(ctx: Context, text: str, rejection_id: int | None) -> Reply:
    lesson = text_field(text, key="lesson", label="lesson", limit=TEXT_LIMIT, required=True, multiline=True)
    ctx.session.add(
        Lesson(
            community_id=ctx.community.id,
            member_id=ctx.member.id,
            rejection_id=rejection_id,
            text=lesson,
            created_at=ctx.now,
        )
    )
    return private(ctx.voice.say("reflect.lesson_saved", lesson=lesson))


async def add_plan_item(ctx: Context, text: str, kind: PlanKind, rejection_id: int | None) -> Reply:
    action = text_field(text, key="action", label="plan action", limit=TEXT_LIMIT, required=True)
    item = PlanItem(
        community_id=ctx.community.id,
        member_id=ctx.member.id,
        rejection_id=rejection_id,
        kind=kind.value,
        text=action,
        created_at=ctx.now,
    )
    ctx.session.add(item)
    await ctx.session.flush()
    return private(
        ctx.voice.say(
            "reflect.plan_saved",
            action=action,
            id=item.id,
            kind=ctx.voice.label(f"reflect.kinds.{kind.value}"),
        )
    )


async def open_plan_items(ctx: Context) -> list[PlanItem]:
    """The member's plan steps not done yet, oldest first."""
    query = (
        select(PlanItem)
        .where(
            PlanItem.community_id == ctx.community.id,
            PlanItem.member_id == ctx.member.id,
            PlanItem.done_at.is_(None),
        )
        .order_by(PlanItem.id)
    )
    return list((await ctx.session.scalars(query)).all())


async def list_items(ctx: Context) -> Reply:
    scope = (Lesson.community_id == ctx.community.id, Lesson.member_id == ctx.member.id)
    lessons = (
        await ctx.session.scalars(select(Lesson).where(*scope).order_by(Lesson.id.desc()).limit(LIST_LIMIT))
    ).all()
    open_items = await open_plan_items(ctx)
    if not lessons and not open_items:
        return private(ctx.voice.say("reflect.list_empty"))
    v = ctx.voice
    lines = [v.say("reflect.list_plan_heading") if open_items else v.say("reflect.list_plan_empty")]
    lines += [
        v.say("reflect.list_plan_item", id=i.id, action=i.text, kind=v.label(f"reflect.kinds.{i.kind}"))
        for i in open_items
    ]
    if lessons:
        lines.append(v.say("reflect.list_lessons_heading"))
        lines += [v.say("reflect.list_lesson", lesson=lesson.text) for lesson in lessons]
    return private(Markup("\n".join(lines)))


async def mark_done(ctx: Context, text: str) -> Reply:
    key = text.strip().lstrip("#")
    wanted = row_id(key)
    if wanted is None:  # not a plain number, or one no plan step could have
        raise UserError("reflect.errors.done_usage")
    item = await ctx.session.scalar(
        select(PlanItem).where(
            PlanItem.id == wanted,
            PlanItem.community_id == ctx.community.id,
            PlanItem.member_id == ctx.member.id,
        )
    )
    if item is None:
        raise UserError("reflect.errors.no_such_item", id=key)
    if item.done_at is not None:
        return private(ctx.voice.say("reflect.already_done", action=item.text))
    item.done_at = ctx.now
    return private(ctx.voice.say("reflect.marked_done", action=item.text))


async def own_rejection_id(ctx: Context, raw: str) -> int | None:
    rejection = await find_own_rejection(ctx, raw)
    return rejection.id if rejection else None


async def on_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    rejection_id = await own_rejection_id(ctx, event.context)
    lesson = (event.values.get("lesson") or "").strip()
    action = (event.values.get("action") or "").strip()
    if not lesson and not action:
        raise UserError("reflect.errors.empty", form_errors={"lesson": "reflect.errors.empty"})
    replies = []
    if lesson:
        replies.append(await add_lesson(ctx, lesson, rejection_id))
    if action:
        kind = KIND_ALIASES.get((event.values.get("kind") or "").strip().lower(), PlanKind.TRAINING)
        replies.append(await add_plan_item(ctx, action, kind, rejection_id))
    return replies


async def on_reflect_button(ctx: Context, event: ActionClicked) -> list[Reply]:
    return [open_form(reflect_form(ctx.voice, await own_rejection_id(ctx, event.value)))]


def register(router: Router) -> None:
    router.command("reflect", on_command)
    router.form(FORM_ID, on_form)
    router.action("rejected.reflect", on_reflect_button)
