"""``/bounceback export`` and ``/bounceback forget``: a member's own data, theirs to take or remove.

Everything is scoped to the community the command came from: a member of
two communities exports or forgets one at a time.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import DateTime, delete, select, type_coerce

from bot.checkins.models import BuddyGroup, Checkin, CheckinMember, CheckinWeek
from bot.context import Context
from bot.db.base import Base, UTCDateTime
from bot.db.models import Lesson, Member, PlanItem, PostedMessage, ReconnectReminder, Rejection
from bot.events import ActionClicked, CommandInvoked
from bot.inbox.store import forget_member
from bot.kudos.models import Kudos, KudosCredit, KudosNotice, KudosOptOut
from bot.replies import Attachment, Audience, Button, Reply, private
from bot.router import Router
from bot.scheduling.models import OutboxMessage

# Tables holding a member's rows, exported under these names. Later features add theirs here.
MEMBER_TABLES: dict[str, type[Base]] = {
    "rejections": Rejection,
    "lessons": Lesson,
    "plan_items": PlanItem,
    "reconnect_reminders": ReconnectReminder,
    "kudos_given": Kudos,
    "kudos_received": KudosCredit,
    "kudos_opt_outs": KudosOptOut,
    "kudos_notices": KudosNotice,
    "checkins": Checkin,
    "checkin_weeks": CheckinWeek,
    "checkin_preferences": CheckinMember,
    "checkin_buddy_weeks": BuddyGroup,
}


def _exported(model: type[Base]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """A table's column names and columns, as exported (the community and member are implied)."""
    columns = [c for c in model.__table__.c if c.key not in ("community_id", "member_id")]
    return tuple(c.key for c in columns), tuple(_raw(c) for c in columns)


def _raw(column: Any) -> Any:
    """Timestamps as the driver gives them: :func:`_iso` marks the ones SQLite gives without a zone as
    UTC, which is cheaper than UTCDateTime's conversion of every value (thousands per export)."""
    return type_coerce(column, DateTime(timezone=True)) if isinstance(column.type, UTCDateTime) else column


EXPORTED = {name: _exported(model) for name, model in MEMBER_TABLES.items()}


def _iso(value: object) -> str:
    """Dates and times as ISO 8601 (times in UTC), the only values the C encoder needs help with."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"can't export a {type(value).__name__}")


async def on_export(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    data: dict[str, Any] = {
        "community": {"platform": ctx.community.platform, "id": ctx.community.external_id},
        "member": {
            "user_id": ctx.member.platform_user_id,
            "display_name": ctx.member.display_name,
            "time_zone": ctx.member.time_zone,
            "joined": ctx.member.created_at.isoformat(),
        },
        "exported_at": ctx.now.isoformat(),
    }
    # Plain rows on the session's connection: the ORM would only add work to each of thousands of rows.
    connection = await ctx.session.connection()
    for name, model in MEMBER_TABLES.items():
        keys, columns = EXPORTED[name]
        table = model.__table__.c
        rows = (
            await connection.execute(
                select(*columns)
                .where(table.community_id == ctx.community.id, table.member_id == ctx.member.id)
                .order_by(table.id)
            )
        ).all()
        data[name] = [dict(zip(keys, row, strict=True)) for row in rows]
    # No indent: indenting makes json use its pure-Python encoder, several times slower.
    payload = json.dumps(data, ensure_ascii=False, default=_iso).encode()
    return [
        Reply(
            audience=Audience.PRIVATE,
            body=ctx.voice.say("privacy.export_ready"),
            attachment=Attachment(
                filename="bounceback-export.json", data=payload, media_type="application/json"
            ),
        )
    ]


async def on_forget(ctx: Context, _event: CommandInvoked) -> list[Reply]:
    v = ctx.voice
    return [
        private(
            v.say("privacy.forget_confirm"),
            buttons=(
                Button(
                    key="forget",
                    label=v.label("privacy.buttons.forget"),
                    action_id="privacy.forget",
                    style="danger",
                ),
                Button(key="keep", label=v.label("privacy.buttons.keep"), action_id="privacy.keep"),
            ),
        )
    ]


async def on_forget_confirmed(ctx: Context, _event: ActionClicked) -> list[Reply]:
    await ctx.session.execute(
        delete(PostedMessage).where(
            PostedMessage.community_id == ctx.community.id, PostedMessage.subject_member_id == ctx.member.id
        )
    )
    # Direct messages queued or kept for them go too: the outbox holds their text.
    await ctx.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.community_id == ctx.community.id,
            OutboxMessage.recipient_user_id == ctx.member.platform_user_id,
        )
    )
    # What they sent that is still waiting in the inbox (or finished there) goes too.
    await forget_member(
        ctx.session, ctx.community.platform, ctx.community.external_id, ctx.member.platform_user_id
    )
    # Every member table cascades from members, so this one delete removes them all.
    await ctx.session.execute(
        delete(Member).where(Member.id == ctx.member.id, Member.community_id == ctx.community.id)
    )
    return [private(ctx.voice.say("privacy.forgotten"))]


async def on_keep(ctx: Context, _event: ActionClicked) -> list[Reply]:
    return [private(ctx.voice.say("privacy.kept"))]


def register(router: Router) -> None:
    router.command("bounceback export", on_export)
    router.command("bounceback forget", on_forget)
    router.action("privacy.forget", on_forget_confirmed)
    router.action("privacy.keep", on_keep)
