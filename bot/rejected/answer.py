"""The private answer to a logged rejection, in the order the guidance gives:
feel it, see it isn't personal, reply graciously, ask for feedback, learn, share."""

from __future__ import annotations

from bot.copy import Voice
from bot.db.models import Rejection
from bot.markup import Markup
from bot.rejected.gracious_reply import draft_reply
from bot.rejected.vocabulary import LATE_STAGES, Reason, Stage
from bot.replies import Audience, Button, Reply

# Reasons that have nothing to do with the candidate, in the order they are offered.
NON_PERSONAL = (Reason.NO_CONSENSUS, Reason.INTERNAL_CANDIDATE, Reason.HIRING_FREEZE, Reason.POSITION_FILLED)


def quote(markup: Markup) -> Markup:
    return Markup("\n".join("> " + line for line in markup.split("\n")))


def sting(voice: Voice, rejection: Rejection) -> Markup:
    tone = "hard" if rejection.feeling in (1, 2) else "light" if rejection.feeling in (4, 5) else "default"
    return voice.say(f"rejected.sting.{tone}", company=rejection.company)


def context_line(voice: Voice, rejection: Rejection, count: int) -> Markup:
    """``count``: the member's rejections that ``counted_stages`` (bot/rejected/history.py) counts here."""
    stage = Stage(rejection.stage) if rejection.stage else None
    if stage in LATE_STAGES:
        if count >= 2:
            return voice.say("rejected.context.finals_again", count=count)
        return voice.say("rejected.context.final_first")
    if stage in (Stage.INTERVIEW, Stage.ASSESSMENT):
        if count >= 2:
            return voice.say("rejected.context.interviews_again", count=count)
        return voice.say("rejected.context.interview")
    if count == 1:
        return voice.say("rejected.context.first")
    if count >= 5:
        return voice.say("rejected.context.persistence", count=count)
    return voice.say("rejected.context.in_the_game", count=count)


def reasons(voice: Voice, rejection: Rejection) -> Markup:
    given = Reason(rejection.reason)
    lines = [voice.say("rejected.why.heading")]
    if given in NON_PERSONAL:
        lines.append(voice.say(f"rejected.why.given.{given.value}"))
    elif given is Reason.OTHER:
        lines.append(voice.say("rejected.why.given.other"))
    lines += [voice.say(f"rejected.why.common.{r.value}") for r in NON_PERSONAL if r is not given]
    lines.append(voice.say("rejected.why.common.unknown"))
    return Markup("\n".join(lines))


def answer(voice: Voice, rejection: Rejection, count: int, sender: str) -> Reply:
    body = [
        sting(voice, rejection),
        context_line(voice, rejection, count),
        reasons(voice, rejection),
        voice.say("rejected.reply_heading"),
        quote(draft_reply(voice, rejection, sender)),
        voice.say("rejected.feedback_heading"),
        quote(voice.say("reply_draft.feedback_request")),
        voice.say("rejected.learn_prompt"),
    ]
    rid = str(rejection.id)
    return Reply(
        audience=Audience.PRIVATE,
        title=voice.label("rejected.title", company=rejection.company),
        body=Markup("\n\n".join(body)),
        buttons=(
            Button(
                key="share",
                label=voice.label("rejected.buttons.share"),
                action_id="rejected.share",
                value=rid,
                style="primary",
            ),
            Button(
                key="reflect",
                label=voice.label("rejected.buttons.reflect"),
                action_id="rejected.reflect",
                value=rid,
            ),
            Button(
                key="remind",
                label=voice.label("rejected.buttons.remind"),
                action_id="rejected.remind",
                value=rid,
            ),
        ),
    )
