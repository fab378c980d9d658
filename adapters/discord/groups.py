"""``/kudos``, ``/checkin`` and ``/bounceback`` as subcommand groups with typed options.

Each subcommand is one of the core's ``kudos …``, ``checkin …`` or ``bounceback …`` routes
(``/kudos top period:month`` is the core's ``/kudos top month``); what the
member picks is written back in the core's syntax by
:func:`adapters.discord.command_text.command_text`. Two have no word of their
own in the core: ``/kudos give`` is ``/kudos <@member> why`` and ``/checkin
open`` is ``/checkin``, because Discord runs no group without a subcommand. A
route the core gains that isn't typed here still appears, taking its text in
one ``details`` option.
"""

from __future__ import annotations

import contextlib
import zoneinfo
from collections.abc import Callable, Coroutine, Iterable
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.command_text import Part, command_text
from adapters.discord.markdown import clip
from bot.dates import DateNotUnderstood, parse_day
from bot.kudos.options import LARGEST_DAILY_CAP, LONGEST_REASON, PERIODS

if TYPE_CHECKING:
    from adapters.discord.bridge import DiscordBridge

Labeller = Callable[..., str]
Say = Callable[..., Coroutine[Any, Any, None]]
CHOICE_NAME_LIMIT = 100
CHOICES_LIMIT = 25
# Option types (discord.py reads these annotations by name from this module).
KudosReason = app_commands.Range[str, 1, LONGEST_REASON]
DateText = app_commands.Range[str, 1, 40]
DetailsText = app_commands.Range[str, 1, 200]
DailyCap = app_commands.Range[int, 1, LARGEST_DAILY_CAP]
# Discord subcommands without a word of their own in the core's syntax.
BARE = {"give": "kudos", "open": "checkin"}
# Core subcommands that take nothing after their word.
NO_OPTIONS = frozenset(
    {"kudos me", "kudos help", "checkin resume", "checkin stop", "checkin start", "checkin hired"}
    | {"checkin status", "checkin help", "bounceback help", "bounceback channel", "bounceback export"}
    | {"bounceback forget"}
)


def _subroutes(name: str, routes: Iterable[str]) -> list[str]:
    """The words of ``name``'s subcommands in the core's router (``kudos top`` → ``top``)."""
    return sorted(r.removeprefix(f"{name} ") for r in routes if r.startswith(f"{name} "))


def _sender(bridge: DiscordBridge, name: str) -> Say:
    """Sends ``/name`` to the core, with the typed values written as its text."""

    async def say(interaction: discord.Interaction[Any], *parts: Part) -> None:
        await bridge.on_command(interaction, name, command_text(*parts))

    return say


def _on_off(label: Labeller) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=label(f"discord.commands.{w}"), value=w) for w in ("on", "off")]


def kudos_group(bridge: DiscordBridge, label: Labeller, routes: Iterable[str]) -> app_commands.Group:
    def describe(key: str) -> str:
        return label(f"discord.commands.kudos.{key}")

    group = app_commands.Group(name="kudos", description=describe("description"), guild_only=True)
    say = _sender(bridge, "kudos")

    @group.command(name="give", description=describe("give"))
    @app_commands.describe(member=describe("member"), why=describe("why"))
    async def give(
        interaction: discord.Interaction[Any], member: discord.User, why: KudosReason | None = None
    ) -> None:
        await say(interaction, member, why)

    @group.command(name="top", description=describe("top"))
    @app_commands.describe(period=describe("period"))
    @app_commands.choices(
        period=[app_commands.Choice(name=label(f"kudos.periods.{p}"), value=p) for p in PERIODS]
    )
    async def top(interaction: discord.Interaction[Any], period: str | None = None) -> None:
        await say(interaction, "top", period)

    @group.command(name="leaderboard", description=describe("leaderboard"))
    @app_commands.describe(show=describe("show"))
    @app_commands.choices(show=_on_off(label))
    async def leaderboard(interaction: discord.Interaction[Any], show: str | None = None) -> None:
        await say(interaction, "leaderboard", show)

    @group.command(name="messages", description=describe("messages"))
    @app_commands.describe(show=describe("show"))
    @app_commands.choices(show=_on_off(label))
    async def messages(interaction: discord.Interaction[Any], show: str | None = None) -> None:
        await say(interaction, "messages", show)

    @group.command(name="emojis", description=describe("emojis"))
    @app_commands.describe(change=describe("change"), emojis=describe("emojis_given"))
    @app_commands.choices(
        change=[
            app_commands.Choice(name=describe(f"changes.{w}"), value=w) for w in ("add", "remove", "reset")
        ]
    )
    async def emojis(
        interaction: discord.Interaction[Any], change: str | None = None, emojis: DetailsText | None = None
    ) -> None:
        await say(interaction, "emojis", change, emojis)

    @group.command(name="cap", description=describe("cap"))
    @app_commands.describe(per_day=describe("per_day"))
    async def cap(interaction: discord.Interaction[Any], per_day: DailyCap | None = None) -> None:
        await say(interaction, "cap", per_day)

    return _completed(group, bridge, label, routes)


def checkin_group(bridge: DiscordBridge, label: Labeller, routes: Iterable[str]) -> app_commands.Group:
    def describe(key: str) -> str:
        return label(f"discord.commands.checkin.{key}")

    group = app_commands.Group(name="checkin", description=describe("description"), guild_only=True)
    say = _sender(bridge, "checkin")

    @group.command(name="open", description=describe("open"))
    async def open_form(interaction: discord.Interaction[Any]) -> None:
        await say(interaction)

    @group.command(name="pause", description=describe("pause"))
    @app_commands.describe(until=describe("until"))
    async def pause(interaction: discord.Interaction[Any], until: DateText) -> None:
        await say(interaction, "pause", until)

    @pause.autocomplete("until")
    async def _coming_days(
        interaction: discord.Interaction[Any], typed: str
    ) -> list[app_commands.Choice[str]]:
        """What was typed (when the core can read it), then the weeks ahead.

        The dates are the server clock's; the core reads them in the member's own time zone.
        """
        today = bridge.app.clock.now().date()
        offered: list[app_commands.Choice[str]] = []
        if typed.strip():
            with contextlib.suppress(DateNotUnderstood):
                parse_day(typed, today)
                offered.append(
                    app_commands.Choice(name=clip(typed.strip(), CHOICE_NAME_LIMIT), value=typed.strip()[:40])
                )
        for weeks in range(1, 9):
            day = (today + timedelta(weeks=weeks)).isoformat()
            name = f"{label('discord.commands.checkin.in_weeks', weeks=weeks)} · {day}"
            offered.append(app_commands.Choice(name=clip(name, CHOICE_NAME_LIMIT), value=day))
        return offered[:CHOICES_LIMIT]

    @group.command(name="buddies", description=describe("buddies"))
    @app_commands.describe(pairing=describe("pairing"))
    @app_commands.choices(pairing=_on_off(label))
    async def buddies(interaction: discord.Interaction[Any], pairing: str) -> None:
        await say(interaction, "buddies", pairing)

    return _completed(group, bridge, label, routes)


def bounceback_group(bridge: DiscordBridge, label: Labeller, routes: Iterable[str]) -> app_commands.Group:
    group = app_commands.Group(
        name="bounceback", description=label("discord.commands.bounceback.description"), guild_only=True
    )
    say = _sender(bridge, "bounceback")

    @group.command(name="timezone", description=label("discord.commands.bounceback.timezone"))
    @app_commands.describe(zone=label("discord.commands.bounceback.zone"))
    async def timezone(interaction: discord.Interaction[Any], zone: DetailsText | None = None) -> None:
        await say(interaction, "timezone", zone)

    @timezone.autocomplete("zone")
    async def _time_zones(
        _interaction: discord.Interaction[Any], typed: str
    ) -> list[app_commands.Choice[str]]:
        """IANA zone names containing what was typed (``berl`` → ``Europe/Berlin``), best matches first."""
        wanted = typed.strip().casefold().replace(" ", "_")
        names = sorted(
            (z for z in _zone_names() if wanted in z.casefold()),
            key=lambda z: (not z.casefold().split("/")[-1].startswith(wanted), len(z), z),
        )
        return [app_commands.Choice(name=z, value=z) for z in names[:CHOICES_LIMIT]]

    return _completed(group, bridge, label, routes)


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )


def _completed(
    group: app_commands.Group, bridge: DiscordBridge, label: Labeller, routes: Iterable[str]
) -> app_commands.Group:
    """``group`` with exactly the core's subcommands: typed ones it has no route for removed,
    the others added (with no options, or one ``details`` text option)."""
    words = set(_subroutes(group.name, routes))
    for command in list(group.commands):
        bare = BARE.get(command.name) == group.name
        if not bare and command.name not in words:
            group.remove_command(command.name)
    typed = {c.name for c in group.commands}
    for word in sorted(words - typed):
        group.add_command(_untyped(group.name, word, bridge, label))
    return group


def _untyped(
    name: str, word: str, bridge: DiscordBridge, label: Labeller
) -> app_commands.Command[Any, ..., None]:
    """``/name word details:…``, sent as the core's ``/name word …`` (no ``details`` where it takes none)."""
    key = f"discord.commands.{name}.{word}"
    known = bridge.app.catalog.known_keys()
    description = label(key) if key in known else label("discord.commands.other", name=f"{name} {word}")
    say = _sender(bridge, name)
    if f"{name} {word}" in NO_OPTIONS:

        @app_commands.command(name=word, description=description)
        async def plain(interaction: discord.Interaction[Any]) -> None:
            await say(interaction, word)

        return plain

    @app_commands.command(name=word, description=description)
    @app_commands.describe(details=label("discord.commands.details"))
    async def run(interaction: discord.Interaction[Any], details: DetailsText | None = None) -> None:
        await say(interaction, word, details)

    return run
