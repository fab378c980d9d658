"""The front door's promises: duplicates ignored, failures friendly and harmless, bots ignored."""

from __future__ import annotations

import logging

from bot.db.models import Rejection
from bot.events import Actor, CommandInvoked, Conversation
from bot.replies import Audience
from tests.core.helpers import count

ANA = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")
HERE = Conversation(channel_id="C1")


async def test_the_same_event_twice_changes_nothing_the_second_time(app, db) -> None:
    event = CommandInvoked(actor=ANA, conversation=HERE, command="rejected", text="Acme", event_id="Ev1")
    first = await app.handle(event)
    second = await app.handle(event)
    third = await app.handle(event)
    assert len(first) == 1 and second == [] and third == []
    assert await count(db, Rejection) == 1


async def test_a_failing_handler_answers_kindly_and_saves_nothing(app, db) -> None:
    async def explode(ctx, event):
        ctx.session.add(
            Rejection(
                community_id=ctx.community.id,
                member_id=ctx.member.id,
                company="half-written",
                reason="unknown",
                shared=False,
                created_at=ctx.now,
            )
        )
        await ctx.session.flush()
        raise RuntimeError("database on fire: secret details")

    app.router.command("explode", explode)
    [reply] = await app.handle(CommandInvoked(actor=ANA, conversation=HERE, command="explode"))
    assert reply.audience is Audience.PRIVATE
    assert "secret" not in reply.body and "Traceback" not in reply.body and "RuntimeError" not in reply.body
    assert "Nothing you saved was lost" in reply.body or "Everything saved is still there" in reply.body
    assert await count(db, Rejection) == 0


async def test_unknown_commands_get_pointed_to_help(app) -> None:
    [reply] = await app.handle(CommandInvoked(actor=ANA, conversation=HERE, command="rejectd"))
    assert "/bounceback help" in reply.body


async def test_bots_are_ignored(app, db) -> None:
    bot = Actor(platform="slack", workspace_id="T1", user_id="B1", display_name="Other bot", is_bot=True)
    assert (
        await app.handle(CommandInvoked(actor=bot, conversation=HERE, command="rejected", text="Acme")) == []
    )
    assert await count(db, Rejection) == 0


async def test_each_event_is_routed_once_and_logged_under_its_route(app, caplog) -> None:
    asked: list[object] = []
    resolve = app.router.resolve

    def counted(event):
        asked.append(event)
        return resolve(event)

    app.router.resolve = counted
    with caplog.at_level(logging.INFO, logger="bounceback.events"):
        await app.handle(CommandInvoked(actor=ANA, conversation=HERE, command="/bounceback", text="help"))
    assert len(asked) == 1
    [line] = [r for r in caplog.records if r.name == "bounceback.events"]
    assert (line.route, line.outcome) == ("bounceback help", "ok")
