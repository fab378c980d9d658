"""The check-in jobs: ping, midweek (reminder and buddy nudge), buddy pairing, the group summary.

Pings and midweek messages run once per week *per time zone* (period
``2026-W48/Europe/Berlin``), at the configured local time in that zone, for
the participants who live there. Pairing runs once a week at the ping time in
the community's zone; the summary once a week, when the window has closed in
every zone the members live in. Every message has a key naming its week and
member, so nobody gets the same one twice, even after changing time zone.
"""

from __future__ import annotations

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.checkins import messages
from bot.checkins.config import WEEKDAYS, CheckinConfig
from bot.checkins.models import BuddyGroup, Checkin, CheckinWeek
from bot.checkins.pairing import pair_up
from bot.checkins.participants import ACTIVE, Participant, group_channel_of, known_zones, participants
from bot.checkins.summary_members import CHECKED_IN, outcome
from bot.checkins.weeks import WEEK, label_of, previous_label, trigger, week_at, week_opened_at
from bot.db.models import Community, Member
from bot.db.upsert import insert_ignore
from bot.scheduling.jobs import (
    Due,
    JobRegistry,
    PeriodicJob,
    RunContext,
    Schedule,
    fire_times,
)
from bot.scheduling.models import OutboxMessage
from bot.scheduling.quiet_hours import waking_time
from bot.settings import zone_named

PAIRING_MEMORY = 20  # weeks of buddy history that pairing weighs


def _config(community: Community) -> CheckinConfig:
    return community.settings.section(CheckinConfig)


def per_zone(what: str) -> Schedule:
    """A schedule: the ``what`` cron (ping or reminder) in every zone the members live in."""

    async def due(session: AsyncSession, community: Community, since: datetime, until: datetime) -> list[Due]:
        config = _config(community)
        if not config.enabled:
            return []
        found = []
        for zone in await known_zones(session, community):
            for fire in fire_times(trigger(config, zone, what), since, until):
                label = (
                    week_at(fire, config, zone).label
                    if what != "ping"
                    else label_of(fire.astimezone(zone).date())
                )
                found.append(Due(f"{label}/{zone.key}", fire, (("zone", zone.key),)))
        return found

    return due


async def summary_due(
    session: AsyncSession, community: Community, since: datetime, until: datetime
) -> list[Due]:
    """A week's summary is due when its window has closed in every zone the members live in."""
    config = _config(community)
    if not config.enabled:
        return []
    zones = await known_zones(session, community)
    closes: dict[str, list[datetime]] = {}
    for zone in zones:
        for ping in fire_times(trigger(config, zone, "ping"), since - 2 * WEEK, until + WEEK):
            week = week_opened_at(ping, config, zone)
            closes.setdefault(week.label, []).append(week.closes_at)
    return [
        Due(label, max(times))
        for label, times in closes.items()
        if len(times) == len(zones) and since < max(times) <= until
    ]


async def pairing_due(
    session: AsyncSession, community: Community, since: datetime, until: datetime
) -> list[Due]:
    config = _config(community)
    if not config.enabled:
        return []
    zone = community.settings.zone()
    return [
        Due(label_of(fire.astimezone(zone).date()), fire)
        for fire in fire_times(trigger(config, zone, "ping"), since, until)
    ]


def _zone_of(run: RunContext) -> ZoneInfo:
    zone = zone_named(run.due.get("zone"))
    assert zone is not None
    return zone


async def _checkins_for(
    session: AsyncSession, community: Community, week: str, member_ids: list[int]
) -> dict[int, Checkin]:
    rows = await session.scalars(
        select(Checkin).where(
            Checkin.community_id == community.id, Checkin.week == week, Checkin.member_id.in_(member_ids)
        )
    )
    return {c.member_id: c for c in rows}


def _first_day(config: CheckinConfig, label: str) -> date:
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), WEEKDAYS.index(config.ping_day) + 1)


async def _active_in_zone(run: RunContext, zone: ZoneInfo, first_day: date) -> list[Participant]:
    everyone = await participants(run.session, run.community, run.directory, run.now)
    return [p for p in everyone if p.zone.key == zone.key and p.status_on(first_day) == ACTIVE]


async def send_pings(run: RunContext) -> None:
    config, zone = _config(run.community), _zone_of(run)
    week = week_opened_at(run.due.due_at, config, zone)
    active = await _active_in_zone(run, zone, week.first_day)
    answered = await _checkins_for(run.session, run.community, week.label, [p.member.id for p in active])
    for p in active:
        if p.member.id not in answered:
            run.deliver(
                f"checkins.ping:{week.label}:{p.member.id}",
                messages.ping(run.voice, p.member, week),
                waking_time(run.now, zone),
            )


async def send_midweek(run: RunContext) -> None:
    """The one reminder to those who haven't answered, and the buddy nudge with the buddies' goals."""
    config, zone = _config(run.community), _zone_of(run)
    week = week_at(run.due.due_at, config, zone)
    active = await _active_in_zone(run, zone, week.first_day)
    answered = await _checkins_for(run.session, run.community, week.label, [p.member.id for p in active])
    groups = await _buddy_groups(run.session, run.community, week.label)
    members_by_id = {
        m.id: m
        for m in await run.session.scalars(
            select(Member).where(Member.community_id == run.community.id, Member.id.in_(list(groups)))
        )
    }
    buddy_checkins = await _checkins_for(run.session, run.community, week.label, list(groups))
    not_before = waking_time(run.now, zone)
    pinged = await _pinged(run, week.label, [p.member.id for p in active])
    for p in active:
        if p.member.id not in answered and p.member.id in pinged:
            run.deliver(
                f"checkins.reminder:{week.label}:{p.member.id}",
                messages.reminder(run.voice, p.member, week),
                not_before,
            )
        buddies = [members_by_id[b] for b in groups.get(p.member.id, ()) if b in members_by_id]
        if buddies:
            run.deliver(
                f"checkins.buddy_nudge:{week.label}:{p.member.id}",
                messages.buddy_nudge(run.voice, p.member, buddies, buddy_checkins),
                not_before,
            )


async def _pinged(run: RunContext, week: str, member_ids: list[int]) -> set[int]:
    """Who was pinged for ``week``: only they get its reminder."""
    keys = {f"checkins.ping:{week}:{m}": m for m in member_ids}
    sent = await run.session.scalars(
        select(OutboxMessage.key).where(
            OutboxMessage.community_id == run.community.id, OutboxMessage.key.in_(list(keys))
        )
    )
    return {keys[k] for k in sent}


async def _buddy_groups(session: AsyncSession, community: Community, week: str) -> dict[int, list[int]]:
    """Each member's buddies in ``week``."""
    rows = (
        await session.execute(
            select(BuddyGroup.group_number, BuddyGroup.member_id).where(
                BuddyGroup.community_id == community.id, BuddyGroup.week == week
            )
        )
    ).all()
    groups: dict[int, list[int]] = {}
    for number, member_id in rows:
        groups.setdefault(number, []).append(member_id)
    return {m: [b for b in group if b != m] for group in groups.values() for m in group}


async def pair_buddies(run: RunContext) -> None:
    config = _config(run.community)
    week = run.period
    first_day = _first_day(config, week)
    everyone = await participants(run.session, run.community, run.directory, run.now)
    wanting = {
        p.member.id: p
        for p in everyone
        if p.prefs is not None and p.prefs.buddies and p.status_on(first_day) == ACTIVE
    }
    labels = [week]
    for _ in range(PAIRING_MEMORY):
        labels.append(previous_label(labels[-1]))
    past = (
        await run.session.execute(
            select(BuddyGroup.week, BuddyGroup.group_number, BuddyGroup.member_id).where(
                BuddyGroup.community_id == run.community.id, BuddyGroup.week.in_(labels[1:])
            )
        )
    ).all()
    by_week: dict[str, dict[int, set[int]]] = {}
    for label, number, member_id in past:
        by_week.setdefault(label, {}).setdefault(number, set()).add(member_id)
    history = [[frozenset(g) for g in by_week.get(label, {}).values()] for label in labels[1:]]
    rng = random.Random(f"{run.community.id}:{week}")
    for number, group in enumerate(pair_up(list(wanting), history, rng), start=1):
        for member_id in group:
            await insert_ignore(
                run.session,
                BuddyGroup,
                {
                    "community_id": run.community.id,
                    "member_id": member_id,
                    "week": week,
                    "group_number": number,
                    "created_at": run.now,
                },
                ("community_id", "week", "member_id"),
            )
        for member_id in group:
            me = wanting[member_id]
            buddies = [wanting[b].member for b in group if b != member_id]
            run.deliver(
                f"checkins.buddy_intro:{week}:{member_id}",
                messages.buddy_intro(run.voice, me.member, buddies),
                waking_time(run.now, me.zone),
            )


async def post_summary(run: RunContext) -> None:
    """Record how each member's week ended (for streaks), then post the group summary."""
    config = _config(run.community)
    week = run.period
    first_day = _first_day(config, week)
    everyone = {
        p.member.id: p for p in await participants(run.session, run.community, run.directory, run.now)
    }
    answered = await _checkins_for(run.session, run.community, week, list(everyone))
    extra = await run.session.scalars(
        select(Checkin).where(
            Checkin.community_id == run.community.id,
            Checkin.week == week,
            Checkin.member_id.not_in(list(everyone)),
        )
    )
    answered.update({c.member_id: c for c in extra})
    members = {
        m.id: m
        for m in await run.session.scalars(
            select(Member).where(
                Member.community_id == run.community.id, Member.id.in_(list({*everyone, *answered}))
            )
        )
    }
    for member_id in sorted(members):
        status = everyone[member_id].status_on(first_day) if member_id in everyone else ACTIVE
        result = outcome(status, member_id in answered)
        await insert_ignore(
            run.session,
            CheckinWeek,
            {
                "community_id": run.community.id,
                "member_id": member_id,
                "week": week,
                "status": result,
                "summary_run_id": run.run_id if result == CHECKED_IN else None,
                "created_at": run.now,
            },
            ("member_id", "week"),
        )
    channel = await group_channel_of(run.community, run.directory)
    if channel is None or not answered:
        return  # no post about a week nobody answered: it would only point at who didn't
    previous = await _checkins_for(run.session, run.community, previous_label(week), list(answered))
    checked_in = [
        (members[m], answered[m]) for m in sorted(answered, key=lambda m: members[m].display_name.lower())
    ]
    run.deliver(
        f"checkins.summary:{week}",
        messages.group_summary(run.voice, week, channel, run.run_id, checked_in, previous),
    )


def schedule(jobs: JobRegistry) -> None:
    # A summary's run names who that summary covered (reactions on it cheer them): keep it while cited.
    jobs.keep_runs_cited_by(CheckinWeek.summary_run_id)
    jobs.add(PeriodicJob("checkins.pairing", pairing_due, pair_buddies))
    jobs.add(PeriodicJob("checkins.ping", per_zone("ping"), send_pings))
    jobs.add(PeriodicJob("checkins.midweek", per_zone("reminder"), send_midweek))
    jobs.add(PeriodicJob("checkins.summary", summary_due, post_summary))
