"""Every handled event is counted by route and outcome, timed, and logged in one line without its text."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import REGISTRY

from adapters.console.gateway import ConsoleGateway
from bot.app import Bounceback
from bot.events import Actor, CommandInvoked, Conversation

SECRET_STORY = "Zanzibar Quantum Widgets"


def handled(platform: str, kind: str, name: str, outcome: str) -> float:
    labels = {"platform": platform, "kind": kind, "name": name, "outcome": outcome}
    return REGISTRY.get_sample_value("bounceback_events_handled_total", labels) or 0.0


def timed(platform: str, kind: str) -> float:
    labels = {"platform": platform, "kind": kind}
    return REGISTRY.get_sample_value("bounceback_event_handling_seconds_count", labels) or 0.0


def command(text: str, name: str = "rejected", event_id: str | None = None, is_bot: bool = False):
    actor = Actor(
        platform="slack",
        workspace_id="T-OBSERVE",
        user_id="U-OBSERVE",
        display_name="Ana",
        is_bot=is_bot,
        time_zone="UTC",
    )
    return CommandInvoked(
        actor=actor,
        conversation=Conversation(channel_id="C1"),
        event_id=event_id,
        command=name,
        text=text,
    )


def event_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bounceback.events"]


async def test_a_command_is_counted_timed_and_logged_once(
    app: Bounceback, caplog: pytest.LogCaptureFixture
) -> None:
    before, before_timed = handled("slack", "command", "rejected", "ok"), timed("slack", "command")
    with caplog.at_level(logging.INFO, logger="bounceback.events"):
        await app.handle(command(f"{SECRET_STORY} | Analyst | notes: cried a bit", event_id="Ev-1"))
    assert handled("slack", "command", "rejected", "ok") == before + 1
    assert timed("slack", "command") == before_timed + 1
    [line] = event_lines(caplog)
    assert line.event_id == "Ev-1" and line.outcome == "ok" and line.route == "rejected"  # type: ignore[attr-defined]
    assert line.workspace_id == "T-OBSERVE" and line.duration_ms >= 0  # type: ignore[attr-defined]
    everything = caplog.text + repr([vars(r) for r in caplog.records])
    assert SECRET_STORY not in everything and "cried" not in everything and "U-OBSERVE" not in everything


async def test_each_outcome_has_its_own_count(app: Bounceback, caplog: pytest.LogCaptureFixture) -> None:
    first = command("Acme", event_id="Ev-dup")
    counts = {
        "duplicate": handled("slack", "command", "rejected", "duplicate"),
        "unknown": handled("slack", "command", "unknown", "unknown_command"),
        "ignored": handled("slack", "command", "-", "ignored"),
        "user_error": handled("slack", "command", "reflect", "user_error"),
    }
    with caplog.at_level(logging.INFO, logger="bounceback.events"):
        await app.handle(first)
        await app.handle(first)  # the platform delivered it twice
        await app.handle(command("anything", name="no-such-command"))
        await app.handle(command("Acme", is_bot=True))
        await app.handle(command("done notanumber", name="reflect"))
    assert handled("slack", "command", "rejected", "duplicate") == counts["duplicate"] + 1
    assert handled("slack", "command", "unknown", "unknown_command") == counts["unknown"] + 1
    assert handled("slack", "command", "-", "ignored") == counts["ignored"] + 1
    assert handled("slack", "command", "reflect", "user_error") == counts["user_error"] + 1
    outcomes = [r.outcome for r in event_lines(caplog)]  # type: ignore[attr-defined]
    assert outcomes == ["ok", "duplicate", "unknown_command", "ignored", "user_error"]


async def test_a_subcommand_is_named_with_its_word(app: Bounceback) -> None:
    before = handled("slack", "command", "bounceback help", "ok")
    await app.handle(command("help", name="bounceback"))
    assert handled("slack", "command", "bounceback help", "ok") == before + 1


async def test_a_failure_is_counted_as_an_error_and_still_answers(
    app: Bounceback, caplog: pytest.LogCaptureFixture
) -> None:
    """A handler that blows up: the member gets the friendly reply, the count says error."""

    async def broken(_ctx, _event):
        raise RuntimeError(f"boom while saving {SECRET_STORY}")

    app.router.command("explode", broken)
    before = handled("slack", "command", "explode", "error")
    with caplog.at_level(logging.INFO):
        replies = await app.handle(command("x", name="explode"))
    assert replies and "boom" not in str(replies[0].body)
    assert handled("slack", "command", "explode", "error") == before + 1
    [line] = event_lines(caplog)
    assert line.levelno == logging.WARNING and line.outcome == "error"  # type: ignore[attr-defined]


async def test_console_events_are_counted_as_console(console: ConsoleGateway) -> None:
    before = handled("console", "command", "journey", "ok")
    await console.send("/journey")
    assert handled("console", "command", "journey", "ok") == before + 1


def test_an_actor_is_never_a_label() -> None:
    """Labels come from code (routes, outcomes), never from who or what: the series count stays bounded."""
    families = {m.name: m for m in REGISTRY.collect() if m.name.startswith("bounceback_")}
    for family in families.values():
        for sample in family.samples:
            assert set(sample.labels) <= {"platform", "kind", "name", "outcome", "le", "version"}
