"""Every application command the bot registers, declared in one place.

Commands translate to what the core already understands. ``/rejected`` and
``/reflect`` take their options from the core's own forms (see
:mod:`adapters.discord.form_options`): options given are that form's
submission, and a command given nothing sends empty text, which the core
answers with the form (a modal here). ``/kudos``, ``/checkin`` and
``/bounceback`` are groups with one subcommand per ``kudos …``, ``checkin …``
and ``bounceback …`` route the core has (see :mod:`adapters.discord.groups`),
so new ones appear with the next ``bounceback discord sync``. Names,
descriptions and choice labels come from the copy catalogue.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.form_options import Autocomplete, FormOptions
from adapters.discord.groups import Labeller, bounceback_group, checkin_group, kudos_group
from adapters.discord.markdown import clip
from bot import reflect
from bot.copy import Catalog, Voice
from bot.dates import DateNotUnderstood, parse_day
from bot.rejected import forms as rejected_forms

if TYPE_CHECKING:
    from adapters.discord.bridge import DiscordBridge

DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100
PlanItemNumber = app_commands.Range[int, 1]


def declare_commands(
    tree: app_commands.CommandTree[Any],
    bridge: DiscordBridge,
    catalog: Catalog,
    routes: Iterable[str],
) -> None:
    """Add every command to ``tree``. ``routes`` are the core router's command names."""
    voice = Voice(catalog, random.Random(0))

    def label(key: str, **params: Any) -> str:
        return clip(voice.label(key, **params), DESCRIPTION_LIMIT)

    routes = frozenset(routes)
    dates = _past_dates(bridge, label)
    hint = label("discord.form.date_hint")
    # The forms are the features' own definitions, read as the commands are declared.
    rejected = FormOptions(rejected_forms.log_form(voice), date_hint=hint, dates=dates)
    tree.add_command(_rejected(bridge, label, rejected))
    reflecting = FormOptions(reflect.reflect_form(voice), date_hint=hint, dates=dates)
    tree.add_command(_reflect(bridge, label, reflecting))
    tree.add_command(_plain("journey", bridge, label))
    if "kudos" in routes:
        tree.add_command(kudos_group(bridge, label, routes))
    if "checkin" in routes:
        tree.add_command(checkin_group(bridge, label, routes))
    tree.add_command(bounceback_group(bridge, label, routes))


def _rejected(
    bridge: DiscordBridge, label: Labeller, options: FormOptions
) -> app_commands.Command[Any, ..., None]:
    @app_commands.command(name="rejected", description=label("discord.commands.rejected.description"))
    @app_commands.guild_only()
    @options.add_to
    async def rejected(interaction: discord.Interaction[Any], **given: Any) -> None:
        values = options.values(given)
        if values:
            await bridge.on_form_values(interaction, options.form.form_id, values)
        else:
            await bridge.on_command(interaction, "rejected", "")

    return rejected


def _reflect(
    bridge: DiscordBridge, label: Labeller, options: FormOptions
) -> app_commands.Command[Any, ..., None]:
    @app_commands.command(name="reflect", description=label("discord.commands.reflect.description"))
    @app_commands.guild_only()
    @app_commands.describe(
        done=label("discord.commands.reflect.done"), show=label("discord.commands.reflect.show")
    )
    @options.add_to
    async def reflect(
        interaction: discord.Interaction[Any],
        done: PlanItemNumber | None = None,
        show: bool | None = None,
        **given: Any,
    ) -> None:
        values = options.values(given)
        if values:
            await bridge.on_form_values(interaction, options.form.form_id, values)
        elif done is not None:
            await bridge.on_command(interaction, "reflect", f"done {done}")
        elif show:
            await bridge.on_command(interaction, "reflect", "list")
        else:
            await bridge.on_command(interaction, "reflect", "")

    return reflect


def _past_dates(bridge: DiscordBridge, label: Labeller) -> Autocomplete:
    """Suggestions for a form's date fields: a day is mostly today or one just gone."""

    async def dates(interaction: discord.Interaction[Any], typed: str) -> list[app_commands.Choice[str]]:
        """What was typed (when the core can read it), then today and the days before.

        Values are words the core reads in the member's own time zone (``3 days ago``);
        the dates shown beside them are the server clock's, a guide only.
        """
        today = bridge.app.clock.now().date()
        offered: list[tuple[str, str]] = []
        if typed.strip():
            with contextlib.suppress(DateNotUnderstood):
                day = parse_day(typed, today)
                offered.append((typed.strip(), f"{typed.strip()} · {day.isoformat()}"))
        for back in range(8):
            value = ("today", "yesterday")[back] if back < 2 else f"{back} days ago"
            key = ("today", "yesterday")[back] if back < 2 else "days_ago"
            name = label(f"discord.commands.dates.{key}", days=back)
            offered.append((value, f"{name} · {(today - timedelta(days=back)).isoformat()}"))
        return [
            app_commands.Choice(name=clip(name, CHOICE_NAME_LIMIT), value=value[:40])
            for value, name in offered
        ][:CHOICES_LIMIT]

    return dates


def _plain(name: str, bridge: DiscordBridge, label: Labeller) -> app_commands.Command[Any, ..., None]:
    @app_commands.command(name=name, description=label(f"discord.commands.{name}.description"))
    @app_commands.guild_only()
    async def plain(interaction: discord.Interaction[Any]) -> None:
        await bridge.on_command(interaction, name, "")

    return plain
