"""The six slash commands: acknowledged at once, the work after; each reaches the core as typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.context import Context
from bot.db.models import Rejection
from bot.events import CommandInvoked
from bot.markup import escape
from bot.replies import Reply, private
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness

COMMANDS = ("/rejected", "/reflect", "/journey", "/kudos", "/checkin", "/bounceback")


async def test_the_acknowledgement_does_not_wait_for_the_work(slack: SlackHarness) -> None:
    gate = slack.api.hold("users.info")  # the first thing the work does is ask who the member is
    status, body = await slack.command("/rejected", "Acme")
    assert (status, body) == (200, "")
    assert slack.api.responses == []  # acknowledged while the work is still waiting on Slack
    gate.set()
    await slack.settle()
    assert len(slack.api.responses) == 1


@pytest.mark.parametrize("command", COMMANDS)
async def test_every_command_reaches_the_core_as_typed(slack: SlackHarness, command: str) -> None:
    seen: list[CommandInvoked] = []
    name = command.lstrip("/")
    router = slack.runtime.core.router

    async def record(_ctx: Context, event: CommandInvoked) -> list[Reply]:
        seen.append(event)
        return [private(escape("seen"))]

    # A subcommand word no feature uses, so the real router sends the event here whoever owns the command.
    router.command(f"{name} probe", record)
    status, body = await slack.command(command, "probe AT&amp;T <https://acme.example|acme.example> a  b")
    assert (status, body) == (200, "")
    await slack.settle()
    [event] = seen
    assert event.command == name and event.text == "AT&T acme.example a  b"
    assert event.actor.platform == "slack" and event.actor.workspace_id == "T0BOUNCE"
    assert event.actor.user_id == "U0ANA" and event.conversation.channel_id == p.CHANNEL
    assert event.event_id == "slack:command:1.4242.trigger"
    assert slack.api.responses[0]["text"] == "seen"


async def test_a_command_in_a_direct_message_knows_it_is_direct(slack: SlackHarness) -> None:
    seen: list[CommandInvoked] = []

    async def record(_ctx: Context, event: CommandInvoked) -> list[Reply]:
        seen.append(event)
        return []

    slack.runtime.core.router.command("journey probe", record)
    await slack.command("/journey", "probe", channel="D0ANA")
    await slack.settle()
    assert seen[0].conversation.is_direct


async def test_the_same_command_request_twice_is_handled_once(slack: SlackHarness, db: AsyncEngine) -> None:
    for _ in range(2):  # a proxy or a replay re-sending the very same signed request
        await slack.command("/rejected", "Acme", trigger_id="7.7.same")
    await slack.settle()
    async with db.connect() as connection:
        assert len((await connection.execute(select(Rejection))).all()) == 1


async def test_an_unknown_subcommand_gets_help_not_silence(slack: SlackHarness) -> None:
    await slack.command("/bounceback", "")
    await slack.settle()
    assert "/rejected" in slack.api.responses[0]["text"]


async def test_a_failure_inside_the_core_reaches_the_member_as_a_friendly_word(slack: SlackHarness) -> None:
    async def broken(_ctx: Context, _event: CommandInvoked) -> list[Reply]:
        raise RuntimeError("database on fire")

    slack.runtime.core.router.command("journey probe", broken)
    await slack.command("/journey", "probe")
    await slack.settle()
    [answer] = slack.api.responses
    assert "Traceback" not in answer["text"] and "fire" not in answer["text"]
    # The command is kept and tried again; the member hears so once, not once per attempt.
    assert "kept what you sent" in answer["text"] or "safe with me" in answer["text"]
