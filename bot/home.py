"""The member's home view (Slack's App Home tab): where they stand, and a way to act.

The home is built from sections, each a labelled part of the page; a feature
adds its part by appending a section function to ``SECTIONS``. Its buttons run
a command as if the member had typed it alone (``/rejected`` opens its form).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from functools import partial

from sqlalchemy import func, select

from bot.context import Context
from bot.db.models import Lesson, Rejection
from bot.events import ActionClicked, CommandInvoked, HomeOpened
from bot.kudos.summary import kudos_section
from bot.markup import Markup
from bot.reflect import open_plan_items
from bot.replies import Audience, Button, Reply, ReplyField, private
from bot.router import Router

RUN_COMMAND_ACTION = "home.command"
# The commands the home's buttons may run: (command, button key, label copy key).
HOME_COMMANDS = (
    ("rejected", "rejected", "home.buttons.log_rejection"),
    ("checkin", "checkin", "home.buttons.check_in"),
)
PLAN_ITEMS_SHOWN = 5

Section = Callable[[Context], Awaitable[ReplyField | None]]


async def journey_section(ctx: Context) -> ReplyField:
    v = ctx.voice
    scope = (Rejection.community_id == ctx.community.id, Rejection.member_id == ctx.member.id)
    days = [
        on or created.astimezone(ctx.zone).date()
        for on, created in (
            await ctx.session.execute(select(Rejection.rejected_on, Rejection.created_at).where(*scope))
        ).all()
    ]
    label = v.label("home.journey_label")
    if not days:
        return ReplyField(label, v.say("home.journey_empty"))
    today = ctx.today
    lessons = await ctx.session.scalar(
        select(func.count())
        .select_from(Lesson)
        .where(Lesson.community_id == ctx.community.id, Lesson.member_id == ctx.member.id)
    )
    return ReplyField(
        label,
        v.say(
            "home.journey",
            total=len(days),
            month=sum(1 for d in days if (d.year, d.month) == (today.year, today.month)),
            days=(today - max(days)).days,
            lessons=lessons or 0,
        ),
    )


async def plan_section(ctx: Context) -> ReplyField:
    v = ctx.voice
    open_items = await open_plan_items(ctx)
    label = v.label("home.plan_label")
    if not open_items:
        return ReplyField(label, v.say("home.plan_empty"))
    lines = [
        v.say("home.plan_item", id=i.id, action=i.text, kind=v.label(f"reflect.kinds.{i.kind}"))
        for i in open_items[:PLAN_ITEMS_SHOWN]
    ]
    if len(open_items) > PLAN_ITEMS_SHOWN:
        lines.append(v.say("home.plan_more", count=len(open_items) - PLAN_ITEMS_SHOWN))
    return ReplyField(label, Markup("\n".join(lines)))


SECTIONS: list[Section] = [journey_section, plan_section, kudos_section]


async def on_home_opened(ctx: Context, _event: HomeOpened) -> list[Reply]:
    v = ctx.voice
    fields = [field for section in SECTIONS if (field := await section(ctx)) is not None]
    buttons = tuple(
        Button(key=key, label=v.label(label), action_id=RUN_COMMAND_ACTION, value=command)
        for command, key, label in HOME_COMMANDS
    )
    return [
        Reply(
            audience=Audience.PRIVATE,
            title=v.label("home.title"),
            body=v.say("home.greeting", name=ctx.member.display_name),
            fields=tuple(fields),
            buttons=buttons,
        )
    ]


async def on_run_command(router: Router, ctx: Context, event: ActionClicked) -> list[Reply]:
    """A home button: run its command as if typed with nothing after it."""
    allowed = {command for command, _, _ in HOME_COMMANDS}
    command = event.value if event.value in allowed else ""
    typed = CommandInvoked(
        actor=event.actor, conversation=event.conversation, event_id=event.event_id, command=command
    )
    route = router.resolve(typed)
    if not command or not route.handlers:
        return [private(ctx.voice.say("errors.unknown_command", command=command or event.value[:40]))]
    inner = replace(ctx, event=route.event)
    replies: list[Reply] = []
    for handler in route.handlers:
        replies.extend(await handler(inner, route.event))
    return replies


def register(router: Router) -> None:
    router.home(on_home_opened)
    router.action(RUN_COMMAND_ACTION, partial(on_run_command, router))
