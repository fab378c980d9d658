"""Every application command the bot registers, declared in one place.

Commands translate to what the core already understands: typed options that
fill in one of the core's forms become that form's submission (``/rejected``
with options is exactly the guided form's ``rejected.log``), other options
become the command text the core parses (``/reflect done:3`` is
``/reflect done 3``), and a command given nothing sends empty text, which the
core answers with a form (a modal here). ``/bounceback`` gets one subcommand
per ``bounceback …`` route the core has, so new ones appear with the next
``bounceback discord sync``. Names, descriptions and choice labels come from
the copy catalogue.
"""

from __future__ import annotations

import contextlib
import random
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.markdown import clip
from bot.copy import Catalog, Voice
from bot.dates import DateNotUnderstood, parse_day
from bot.kudos.shoutout import REASON_LIMIT as KUDOS_REASON_LIMIT
from bot.reflect import FORM_ID as REFLECT_FORM
from bot.reflect import TEXT_LIMIT as REFLECT_TEXT_LIMIT
from bot.reflect import PlanKind
from bot.rejected.draft import LIMITS
from bot.rejected.forms import LOG_FORM
from bot.rejected.vocabulary import Reason, Stage

if TYPE_CHECKING:
    from adapters.discord.bridge import DiscordBridge

DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100

Labeller = Callable[..., str]
# Option types, with the lengths the core accepts (discord.py reads these annotations by name).
CompanyText = app_commands.Range[str, 1, LIMITS["company"]]
RoleText = app_commands.Range[str, 1, LIMITS["role"]]
ManagerText = app_commands.Range[str, 1, LIMITS["manager"]]
MetText = app_commands.Range[str, 1, LIMITS["met"]]
NotesText = app_commands.Range[str, 1, LIMITS["notes"]]
DateText = app_commands.Range[str, 1, 40]
ReflectText = app_commands.Range[str, 1, REFLECT_TEXT_LIMIT]
PlanItemNumber = app_commands.Range[int, 1]
KudosReason = app_commands.Range[str, 1, KUDOS_REASON_LIMIT]
DetailsText = app_commands.Range[str, 1, 200]


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
    tree.add_command(_rejected(bridge, label))
    tree.add_command(_reflect(bridge, label))
    tree.add_command(_plain("journey", bridge, label))
    if "kudos" in routes:
        tree.add_command(_kudos(bridge, label, routes))
    if "checkin" in routes:
        tree.add_command(_checkin(bridge, label, routes))
    tree.add_command(_bounceback(bridge, label, catalog, routes))


def _guild_command(name: str, description: str, callback: Any) -> app_commands.Command[Any, ..., None]:
    """A command usable in servers only: every community is a guild."""
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=name, description=description, callback=callback
    )
    command.guild_only = True
    return command


def _subroutes(name: str, routes: Iterable[str]) -> list[str]:
    """The words of ``name``'s subcommands in the core's router (``kudos top`` → ``top``)."""
    return sorted(r.removeprefix(f"{name} ") for r in routes if r.startswith(f"{name} "))


def _choices(pairs: Iterable[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=clip(name, CHOICE_NAME_LIMIT), value=value) for value, name in pairs]


def _rejected(bridge: DiscordBridge, label: Labeller) -> app_commands.Command[Any, ..., None]:
    form = "rejected.form"

    async def rejected(
        interaction: discord.Interaction[Any],
        company: CompanyText | None = None,
        role: RoleText | None = None,
        stage: app_commands.Choice[str] | None = None,
        date: DateText | None = None,
        manager: ManagerText | None = None,
        met: MetText | None = None,
        reason: app_commands.Choice[str] | None = None,
        feeling: app_commands.Choice[str] | None = None,
        notes: NotesText | None = None,
    ) -> None:
        given = {
            "company": company,
            "role": role,
            "stage": stage.value if stage else None,
            "date": date,
            "manager": manager,
            "met": met,
            "reason": reason.value if reason else None,
            "feeling": feeling.value if feeling else None,
            "notes": notes,
        }
        values = {key: value for key, value in given.items() if value is not None}
        if not values:
            await bridge.on_command(interaction, "rejected", "")
        else:
            await bridge.on_form_values(interaction, LOG_FORM, values)

    rejected = app_commands.describe(
        company=label(f"{form}.company_hint"),
        role=label(f"{form}.role"),
        stage=label(f"{form}.stage"),
        date=label("discord.commands.rejected.date"),
        manager=label(f"{form}.manager_hint"),
        met=label(f"{form}.met_hint"),
        reason=label(f"{form}.reason"),
        feeling=label(f"{form}.feeling"),
        notes=label(f"{form}.notes_hint"),
    )(rejected)
    rejected = app_commands.choices(
        stage=_choices((s.value, label(f"rejected.stages.{s.value}")) for s in Stage),
        reason=_choices((r.value, label(f"rejected.reason_names.{r.value}")) for r in Reason),
        feeling=_choices((str(n), f"{n} · {label(f'rejected.feelings.{n}')}") for n in range(1, 6)),
    )(rejected)
    command = _guild_command("rejected", label("discord.commands.rejected.description"), rejected)

    @command.autocomplete("date")
    async def _dates(interaction: discord.Interaction[Any], typed: str) -> list[app_commands.Choice[str]]:
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
            name = label(f"discord.commands.rejected.{key}", days=back)
            offered.append((value, f"{name} · {(today - timedelta(days=back)).isoformat()}"))
        return [
            app_commands.Choice(name=clip(name, CHOICE_NAME_LIMIT), value=value[:40])
            for value, name in offered
        ][:25]

    return command


def _reflect(bridge: DiscordBridge, label: Labeller) -> app_commands.Command[Any, ..., None]:
    async def reflect(
        interaction: discord.Interaction[Any],
        lesson: ReflectText | None = None,
        plan: ReflectText | None = None,
        kind: app_commands.Choice[str] | None = None,
        done: PlanItemNumber | None = None,
        show: bool | None = None,
    ) -> None:
        if lesson or plan:
            values = {"lesson": lesson or "", "action": plan or "", "kind": kind.value if kind else ""}
            await bridge.on_form_values(interaction, REFLECT_FORM, values)
        elif done is not None:
            await bridge.on_command(interaction, "reflect", f"done {done}")
        elif show:
            await bridge.on_command(interaction, "reflect", "list")
        else:
            await bridge.on_command(interaction, "reflect", "")

    reflect = app_commands.describe(
        lesson=label("reflect.form.lesson"),
        plan=label("reflect.form.action"),
        kind=label("reflect.form.kind"),
        done=label("discord.commands.reflect.done"),
        show=label("discord.commands.reflect.show"),
    )(reflect)
    reflect = app_commands.choices(
        kind=_choices((k.value, label(f"reflect.kinds.{k.value}")) for k in PlanKind)
    )(reflect)
    return _guild_command("reflect", label("discord.commands.reflect.description"), reflect)


def _kudos(
    bridge: DiscordBridge, label: Labeller, routes: Iterable[str]
) -> app_commands.Command[Any, ..., None]:
    """``/kudos member:@Sam reason:…`` is ``/kudos <@id> …``;
    ``/kudos action:top details:month`` is ``/kudos top month``."""

    async def kudos(
        interaction: discord.Interaction[Any],
        member: discord.User | None = None,
        reason: KudosReason | None = None,
        action: app_commands.Choice[str] | None = None,
        details: DetailsText | None = None,
    ) -> None:
        if member is not None:
            text = f"<@{member.id}> {reason or ''}"
        elif action is not None:
            text = f"{action.value} {details or ''}"
        else:
            text = reason or ""
        await bridge.on_command(interaction, "kudos", text.strip())

    kudos = app_commands.describe(
        member=label("discord.commands.kudos.member"),
        reason=label("discord.commands.kudos.reason"),
        action=label("discord.commands.kudos.action"),
        details=label("discord.commands.kudos.details"),
    )(kudos)
    words = _subroutes("kudos", routes)[:CHOICES_LIMIT]
    kudos = app_commands.choices(action=_choices((w, w) for w in words))(kudos)
    return _guild_command("kudos", label("discord.commands.kudos.description"), kudos)


def _checkin(
    bridge: DiscordBridge, label: Labeller, routes: Iterable[str]
) -> app_commands.Command[Any, ..., None]:
    """``/checkin`` opens this week's check-in;
    ``/checkin action:pause details:2027-01-10`` is ``/checkin pause 2027-01-10``."""

    async def checkin(
        interaction: discord.Interaction[Any],
        action: app_commands.Choice[str] | None = None,
        details: DetailsText | None = None,
    ) -> None:
        text = f"{action.value} {details or ''}" if action is not None else ""
        await bridge.on_command(interaction, "checkin", text.strip())

    checkin = app_commands.describe(
        action=label("discord.commands.checkin.action"), details=label("discord.commands.checkin.details")
    )(checkin)
    words = _subroutes("checkin", routes)[:CHOICES_LIMIT]
    checkin = app_commands.choices(action=_choices((w, w) for w in words))(checkin)
    return _guild_command("checkin", label("discord.commands.checkin.description"), checkin)


def _plain(name: str, bridge: DiscordBridge, label: Labeller) -> app_commands.Command[Any, ..., None]:
    async def plain(interaction: discord.Interaction[Any]) -> None:
        await bridge.on_command(interaction, name, "")

    return _guild_command(name, label(f"discord.commands.{name}.description"), plain)


def _bounceback(
    bridge: DiscordBridge, label: Labeller, catalog: Catalog, routes: Iterable[str]
) -> app_commands.Group:
    group = app_commands.Group(
        name="bounceback", description=label("discord.commands.bounceback.description"), guild_only=True
    )
    known = catalog.known_keys()
    for sub in _subroutes("bounceback", routes):
        key = f"discord.commands.bounceback.{sub}"
        description = label(key) if key in known else label("discord.commands.bounceback.other", name=sub)
        group.add_command(_subcommand(sub, description, bridge, label))
    return group


def _subcommand(
    sub: str, description: str, bridge: DiscordBridge, label: Labeller
) -> app_commands.Command[Any, ..., None]:
    async def run(interaction: discord.Interaction[Any], details: str | None = None) -> None:
        await bridge.on_command(interaction, "bounceback", f"{sub} {details or ''}".strip())

    run = app_commands.describe(details=label("discord.commands.bounceback.details"))(run)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=sub, description=description, callback=run
    )
    if sub == "timezone":
        command.autocomplete("details")(_time_zones)
    return command


async def _time_zones(_interaction: discord.Interaction[Any], typed: str) -> list[app_commands.Choice[str]]:
    """IANA zone names containing what was typed (``berl`` → ``Europe/Berlin``), best matches first."""
    wanted = typed.strip().casefold().replace(" ", "_")
    names = sorted(
        (z for z in _zone_names() if wanted in z.casefold()),
        key=lambda z: (not z.casefold().split("/")[-1].startswith(wanted), len(z), z),
    )
    return [app_commands.Choice(name=z, value=z) for z in names[:CHOICES_LIMIT]]


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))
    )
