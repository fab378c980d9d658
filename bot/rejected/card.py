"""The card posted to the group when a member shares a rejection: only what they chose to share."""

from __future__ import annotations

from collections.abc import Collection

from bot.copy import Voice
from bot.db.models import Rejection
from bot.markup import Markup
from bot.post_kinds import REJECTION_CARD
from bot.rejected.vocabulary import Stage
from bot.replies import Audience, PostRecord, Reply, ReplyField


def rejection_card(
    voice: Voice,
    rejection: Rejection,
    member_name: str,
    member_user_id: str,
    include: Collection[str],
    note: str | None,
    channel_id: str,
) -> Reply:
    fields = []
    if "company" in include:
        fields.append(
            ReplyField(
                voice.label("rejected.card.company"),
                voice.say("rejected.card.value", value=rejection.company),
            )
        )
    if "role" in include and rejection.role:
        fields.append(
            ReplyField(
                voice.label("rejected.card.role"), voice.say("rejected.card.value", value=rejection.role)
            )
        )
    if "stage" in include and rejection.stage:
        stage = voice.label(f"rejected.stages.{Stage(rejection.stage).value}")
        fields.append(
            ReplyField(voice.label("rejected.card.stage"), voice.say("rejected.card.value", value=stage))
        )
    if "feeling" in include and rejection.feeling:
        feeling = voice.label(f"rejected.feelings.{rejection.feeling}")
        fields.append(
            ReplyField(voice.label("rejected.card.feeling"), voice.say("rejected.card.value", value=feeling))
        )
    body = [voice.say("rejected.card.headline", name=member_name)]
    if note:
        body.append(voice.say("rejected.card.note", note=note))
    body.append(voice.say("rejected.card.cheer"))
    return Reply(
        audience=Audience.GROUP,
        channel_id=channel_id,
        title=voice.label("rejected.card.title"),
        body=Markup("\n".join(body)),
        fields=tuple(fields),
        record=PostRecord(kind=REJECTION_CARD, subject_id=rejection.id, subject_user_id=member_user_id),
    )
