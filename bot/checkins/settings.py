"""``/bounceback checkins …`` (organisers: the schedule) and ``/bounceback timezone …`` (a member's zone)."""

from __future__ import annotations

import difflib
from functools import cache
from zoneinfo import available_timezones

from bot.checkins.config import WEEKDAYS, CheckinConfig, parse_time, parse_weekday
from bot.community_settings import require_organiser
from bot.context import Context
from bot.errors import UserError
from bot.events import CommandInvoked, FormSubmitted
from bot.replies import Choice, FieldKind, Form, FormField, Reply, open_form, private
from bot.router import Router
from bot.settings import zone_named

SETTINGS_FORM = "checkins.settings"
_SCHEDULE = ("ping", "close", "reminder")


@cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name, keyed by its lower-case form."""
    return {name.lower(): name for name in available_timezones()}


def parse_zone(text: str, field: str | None = None) -> str:
    """The IANA name ``text`` means (any capitalisation); a UserError suggests the closest on a typo.

    ``field``: the form field to show the error beside, when the zone came from a form.
    """
    given = text.strip().replace(" ", "_")
    found = _zone_names().get(given.lower())
    if found is not None and zone_named(found) is not None:
        return found
    close = difflib.get_close_matches(given.lower(), list(_zone_names()), n=1, cutoff=0.6)
    if close:
        raise UserError(
            "timezone.unknown",
            form_errors={field: "timezone.unknown"} if field else None,
            given=given[:60],
            suggestion=_zone_names()[close[0]],
        )
    raise UserError(
        "timezone.unknown_no_suggestion",
        form_errors={field: "timezone.unknown_no_suggestion"} if field else None,
        given=given[:60],
    )


async def on_timezone(ctx: Context, event: CommandInvoked) -> list[Reply]:
    if not event.text.strip():
        return [private(ctx.voice.say("timezone.current", zone=ctx.zone.key))]
    ctx.member.time_zone = parse_zone(event.text)
    local = ctx.now.astimezone(ctx.zone).strftime("%a %H:%M")
    return [private(ctx.voice.say("timezone.set", zone=ctx.member.time_zone, local=local))]


def _status(ctx: Context, config: CheckinConfig) -> str:
    v = ctx.voice
    channel = ctx.community.settings.group_channel(chosen=config.channel_id)
    return v.label(
        "checkins.settings.status",
        state=v.label("checkins.settings.state_on" if config.enabled else "checkins.settings.state_off"),
        ping_day=v.label(f"checkins.days.{config.ping_day}"),
        ping_time=config.ping_time,
        close_day=v.label(f"checkins.days.{config.close_day}"),
        close_time=config.close_time,
        reminder_day=v.label(f"checkins.days.{config.reminder_day}"),
        reminder_time=config.reminder_time,
        zone=ctx.community.settings.zone().key,
        channel=v.label("checkins.settings.channel", channel=channel)
        if channel
        else v.label("checkins.settings.no_channel"),
    )


def _save(ctx: Context, config: CheckinConfig) -> None:
    ctx.community.settings = ctx.community.settings.with_section(config)


def settings_form(ctx: Context) -> Form:
    v = ctx.voice
    config = ctx.community.settings.section(CheckinConfig)
    days = tuple(Choice(d, v.label(f"checkins.days.{d}")) for d in WEEKDAYS)

    def day(what: str) -> FormField:
        return FormField(
            key=f"{what}_day",
            label=v.label(f"checkins.settings.{what}_day"),
            kind=FieldKind.SELECT,
            required=True,
            choices=days,
            initial=getattr(config, f"{what}_day"),
        )

    def at(what: str) -> FormField:
        return FormField(
            key=f"{what}_time",
            label=v.label(f"checkins.settings.{what}_time"),
            required=True,
            initial=getattr(config, f"{what}_time"),
            max_length=5,
        )

    return Form(
        form_id=SETTINGS_FORM,
        title=v.label("checkins.settings.form_title"),
        submit_label=v.label("checkins.settings.form_submit"),
        fields=(
            *(f for what in _SCHEDULE for f in (day(what), at(what))),
            FormField(
                key="time_zone",
                label=v.label("checkins.settings.time_zone"),
                required=True,
                initial=ctx.community.settings.zone().key,
                max_length=64,
            ),
        ),
    )


async def on_settings(ctx: Context, event: CommandInvoked) -> list[Reply]:
    await require_organiser(ctx)
    word, _, rest = event.text.strip().partition(" ")
    word = word.lower()
    config = ctx.community.settings.section(CheckinConfig)
    if word == "":
        return [private(ctx.voice.say("checkins.settings.usage")), open_form(settings_form(ctx))]
    if word == "status":
        return [private(ctx.voice.say("checkins.settings.current", status=_status(ctx, config)))]
    if word in ("on", "off"):
        _save(ctx, config.with_changes(enabled=word == "on"))
        return [
            private(
                ctx.voice.say(
                    "checkins.settings.turned_on" if word == "on" else "checkins.settings.turned_off"
                )
            )
        ]
    if word == "here":
        if ctx.event.conversation.is_direct:
            raise UserError("checkins.settings.here_in_dm")
        _save(ctx, config.with_changes(channel_id=ctx.event.conversation.channel_id))
        return [private(ctx.voice.say("checkins.settings.here"))]
    if word in _SCHEDULE:
        day_text, _, time_text = rest.strip().partition(" ")
        day, at = _day_and_time(day_text, time_text.strip())
        config = config.with_changes(**{f"{word}_day": day, f"{word}_time": at})
        _save(ctx, config)
        return [private(ctx.voice.say("checkins.settings.saved", status=_status(ctx, config)))]
    if word == "zone":
        ctx.community.settings = ctx.community.settings.with_changes(time_zone=parse_zone(rest))
        return [private(ctx.voice.say("checkins.settings.saved", status=_status(ctx, config)))]
    raise UserError("checkins.settings.usage")


def _day_and_time(day_text: str, time_text: str, field_prefix: str | None = None) -> tuple[str, str]:
    """A weekday and an HH:MM, checked; ``field_prefix`` names the form fields to show errors beside."""
    day = parse_weekday(day_text)
    if day is None:
        key = f"{field_prefix}day" if field_prefix else None
        raise UserError(
            "checkins.settings.bad_day",
            form_errors={key: "checkins.settings.bad_day"} if key else None,
            given=day_text[:20] or "nothing",
        )
    at = parse_time(time_text)
    if at is None:
        key = f"{field_prefix}time" if field_prefix else None
        raise UserError(
            "checkins.settings.bad_time",
            form_errors={key: "checkins.settings.bad_time"} if key else None,
            given=time_text[:20] or "nothing",
        )
    return day, at.strftime("%H:%M")


async def on_settings_form(ctx: Context, event: FormSubmitted) -> list[Reply]:
    await require_organiser(ctx)
    changes: dict[str, str] = {}
    for what in _SCHEDULE:
        day, at = _day_and_time(
            event.values.get(f"{what}_day", ""), event.values.get(f"{what}_time", ""), f"{what}_"
        )
        changes[f"{what}_day"], changes[f"{what}_time"] = day, at
    zone = parse_zone(event.values.get("time_zone", "") or ctx.community.settings.zone().key, "time_zone")
    config = ctx.community.settings.section(CheckinConfig).with_changes(**changes)
    ctx.community.settings = ctx.community.settings.with_section(config).with_changes(time_zone=zone)
    return [private(ctx.voice.say("checkins.settings.saved", status=_status(ctx, config)))]


def register(router: Router) -> None:
    router.command("bounceback checkins", on_settings)
    router.command("bounceback timezone", on_timezone)
    router.form(SETTINGS_FORM, on_settings_form)
