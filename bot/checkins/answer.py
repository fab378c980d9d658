"""The private answer to a check-in: last week's goals against its results, warmly, never shaming."""

from __future__ import annotations

from bot.checkins.form import COUNTS
from bot.checkins.models import Checkin
from bot.copy import Voice
from bot.markup import Markup
from bot.replies import Button, Reply, private

# At least this share of a goal is "close".
CLOSE_SHARE = 0.7


def compare(voice: Voice, metric: str, done: int, goal: int) -> Markup:
    if done >= goal:
        key = "met"
    elif done >= goal * CLOSE_SHARE:
        key = "close"
    else:
        key = "missed"
    return voice.say(f"checkins.answer.{key}", metric=metric, done=done, goal=goal)


def metric_name(voice: Voice, metric: str) -> str:
    return voice.label(f"checkins.metrics.{metric}")


def checkin_answer(
    voice: Voice,
    checkin: Checkin,
    previous: Checkin | None,
    *,
    name: str,
    edited: bool,
    rejections_logged: int,
    streak: int,
) -> Reply:
    lines = [
        voice.say("checkins.answer.edited", week=checkin.week)
        if edited
        else voice.say("checkins.answer.thanks", name=name)
    ]
    goals = {m: getattr(previous, f"goal_{m}") for m in COUNTS} if previous is not None else {}
    if any(goals.values()):
        lines.append(voice.say("checkins.answer.against_goals"))
        lines += [
            compare(voice, metric_name(voice, m), getattr(checkin, m), goals[m]) for m in COUNTS if goals[m]
        ]
    else:
        lines.append(voice.say("checkins.answer.results", **{m: getattr(checkin, m) for m in COUNTS}))
        lines.append(voice.say("checkins.answer.no_goals"))
    if checkin.win:
        lines.append(voice.say("checkins.answer.win", win=checkin.win))
    if rejections_logged:
        lines.append(voice.say("checkins.answer.logged", count=rejections_logged))
    lines.append(voice.say("checkins.answer.goals", **{m: getattr(checkin, f"goal_{m}") for m in COUNTS}))
    if checkin.feeling is not None and checkin.feeling <= 2:
        lines.append(voice.say("checkins.answer.low"))
    if checkin.blockers:
        lines.append(voice.say("checkins.answer.blocked"))
    lines.append(voice.say("checkins.answer.streak", weeks=streak))
    share = Button(
        key="share",
        label=voice.label("checkins.answer.share_button"),
        action_id="checkins.share",
        value=str(checkin.id),
    )
    return private(voice.join(lines), buttons=(share,))
