"""The guided forms of /rejected: log, share, remind."""

from __future__ import annotations

from bot.copy import Voice
from bot.rejected.draft import LIMITS
from bot.rejected.vocabulary import Reason, Stage
from bot.replies import Choice, FieldKind, Form, FormField

LOG_FORM = "rejected.log"
SHARE_FORM = "rejected.share"
REMIND_FORM = "rejected.remind"
SHAREABLE = ("company", "role", "stage", "feeling")
REMIND_WEEKS = (2, 4, 6, 8, 12)
DEFAULT_REMIND_WEEKS = 6


def log_form(voice: Voice) -> Form:
    def text(key: str, kind: FieldKind = FieldKind.TEXT, required: bool = False) -> FormField:
        return FormField(
            key=key,
            label=voice.label(f"rejected.form.{key}"),
            placeholder=voice.label(f"rejected.form.{key}_hint"),
            kind=kind,
            required=required,
            max_length=LIMITS[key],
        )

    return Form(
        form_id=LOG_FORM,
        title=voice.label("rejected.form.title"),
        submit_label=voice.label("rejected.form.submit"),
        fields=(
            text("company", required=True),
            text("role"),
            FormField(
                key="stage",
                label=voice.label("rejected.form.stage"),
                kind=FieldKind.SELECT,
                choices=tuple(Choice(s.value, voice.label(f"rejected.stages.{s.value}")) for s in Stage),
            ),
            FormField(key="date", label=voice.label("rejected.form.date"), kind=FieldKind.DATE),
            text("manager"),
            text("met"),
            FormField(
                key="reason",
                label=voice.label("rejected.form.reason"),
                kind=FieldKind.SELECT,
                choices=tuple(
                    Choice(r.value, voice.label(f"rejected.reason_names.{r.value}")) for r in Reason
                ),
            ),
            FormField(
                key="feeling",
                label=voice.label("rejected.form.feeling"),
                kind=FieldKind.SELECT,
                choices=tuple(Choice(str(n), voice.label(f"rejected.feelings.{n}")) for n in range(1, 6)),
            ),
            text("notes", kind=FieldKind.LONG_TEXT),
        ),
    )


def share_form(voice: Voice, rejection_id: int) -> Form:
    return Form(
        form_id=SHARE_FORM,
        title=voice.label("rejected.share_form.title"),
        submit_label=voice.label("rejected.share_form.submit"),
        context=str(rejection_id),
        fields=(
            FormField(
                key="include",
                label=voice.label("rejected.share_form.include"),
                kind=FieldKind.MULTI_SELECT,
                choices=tuple(Choice(k, voice.label(f"rejected.share_form.{k}")) for k in SHAREABLE),
                initial="company,stage",
            ),
            FormField(
                key="note",
                label=voice.label("rejected.share_form.note"),
                placeholder=voice.label("rejected.share_form.note_hint"),
                kind=FieldKind.LONG_TEXT,
                max_length=500,
            ),
        ),
    )


def remind_form(voice: Voice, rejection_id: int) -> Form:
    return Form(
        form_id=REMIND_FORM,
        title=voice.label("rejected.remind_form.title"),
        submit_label=voice.label("rejected.remind_form.submit"),
        context=str(rejection_id),
        fields=(
            FormField(
                key="weeks",
                label=voice.label("rejected.remind_form.weeks"),
                kind=FieldKind.SELECT,
                required=True,
                choices=tuple(
                    Choice(str(w), voice.label("rejected.remind_form.choice", weeks=w)) for w in REMIND_WEEKS
                ),
                initial=str(DEFAULT_REMIND_WEEKS),
            ),
        ),
    )
