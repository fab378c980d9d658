"""The messages check-ins send on their own: the ping, the reminder, buddy notes, the group summary."""

from __future__ import annotations

from collections.abc import Sequence

from bot.checkins.form import COUNTS
from bot.checkins.models import Checkin
from bot.checkins.weeks import Week
from bot.copy import Voice
from bot.db.models import Member
from bot.markup import Markup, mention
from bot.post_kinds import CHECKIN_SUMMARY
from bot.replies import Audience, Button, PostRecord, Reply


def closes_text(voice: Voice, week: Week) -> str:
    local = week.closes_at.astimezone(week.zone)
    day = voice.label(f"checkins.days.{local.strftime('%a').lower()}")
    return voice.label("checkins.closes_at", day=day, time=local.strftime("%H:%M"))


def _check_in_dm(voice: Voice, member: Member, week: Week, copy_key: str) -> Reply:
    """A direct message with the button that opens this week's check-in form."""
    return Reply(
        audience=Audience.DIRECT,
        recipient_user_id=member.platform_user_id,
        body=voice.say(copy_key, name=member.display_name, closes=closes_text(voice, week)),
        buttons=(
            Button(
                key="checkin",
                label=voice.label("checkins.ping_button"),
                action_id="checkins.open",
                value=week.label,
                style="primary",
            ),
        ),
    )


def ping(voice: Voice, member: Member, week: Week) -> Reply:
    return _check_in_dm(voice, member, week, "checkins.ping")


def reminder(voice: Voice, member: Member, week: Week) -> Reply:
    return _check_in_dm(voice, member, week, "checkins.reminder")


def mentions(members: Sequence[Member]) -> Markup:
    return Markup(", ".join(mention(m.platform_user_id) for m in members))


def buddy_intro(voice: Voice, member: Member, buddies: Sequence[Member]) -> Reply:
    return Reply(
        audience=Audience.DIRECT,
        recipient_user_id=member.platform_user_id,
        body=voice.say("checkins.buddies.intro", buddies=mentions(buddies)),
    )


def buddy_nudge(
    voice: Voice, member: Member, buddies: Sequence[Member], checkins: dict[int, Checkin]
) -> Reply:
    lines = [voice.say("checkins.buddies.nudge", buddies=mentions(buddies))]
    for buddy in buddies:
        found = checkins.get(buddy.id)
        if found is None:
            lines.append(voice.say("checkins.buddies.not_yet", name=buddy.display_name))
        else:
            goals = {m: getattr(found, f"goal_{m}") for m in COUNTS}
            lines.append(voice.say("checkins.buddies.goals_of", name=buddy.display_name, **goals))
    return Reply(audience=Audience.DIRECT, recipient_user_id=member.platform_user_id, body=voice.join(lines))


def checkin_post(voice: Voice, member: Member, checkin: Checkin, channel_id: str) -> Reply:
    """One member's check-in, shared to the group: peers' reactions on it count as kudos for them."""
    lines = [
        voice.say(
            "checkins.answer.post",
            mention=mention(member.platform_user_id),
            week=checkin.week,
            **{m: getattr(checkin, m) for m in COUNTS},
        )
    ]
    if checkin.win:
        lines.append(voice.say("checkins.answer.post_win", win=checkin.win))
    return Reply(
        audience=Audience.GROUP,
        channel_id=channel_id,
        body=voice.join(lines),
        record=PostRecord(kind="checkin_post", subject_user_id=member.platform_user_id),
    )


def group_summary(
    voice: Voice,
    week: str,
    channel_id: str,
    summary_id: int,
    checked_in: Sequence[tuple[Member, Checkin]],
    previous_goals: dict[int, Checkin],
) -> Reply:
    """The post that closes a week; reactions on it are kudos for everyone it names."""
    lines = [voice.say("checkins.summary.who", names=mentions([m for m, _ in checked_in]))]
    totals = {m: sum(getattr(c, m) for _, c in checked_in) for m in COUNTS}
    goals = {
        f"goal_{m}": sum(
            getattr(previous_goals[member.id], f"goal_{m}")
            for member, _ in checked_in
            if member.id in previous_goals
        )
        for m in COUNTS
    }
    lines.append(voice.say("checkins.summary.totals", **totals, **goals))
    aims = {m: sum(getattr(c, f"goal_{m}") for _, c in checked_in) for m in COUNTS}
    lines.append(voice.say("checkins.summary.aims", **aims))
    wins = [(m, c.win) for m, c in checked_in if c.win]
    if wins:
        lines.append(voice.say("checkins.summary.wins"))
        lines += [
            voice.say("checkins.summary.win_line", mention=mention(m.platform_user_id), win=win)
            for m, win in wins
        ]
    lines.append(voice.say("checkins.summary.cheer"))
    return Reply(
        audience=Audience.GROUP,
        channel_id=channel_id,
        title=voice.label("checkins.summary.title", week=week),
        body=voice.join(lines),
        record=PostRecord(kind=CHECKIN_SUMMARY, subject_id=summary_id),
    )
