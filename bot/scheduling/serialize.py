"""Replies as JSON, so an outbox row can hold one until it is delivered."""

from __future__ import annotations

import base64
from typing import Any

from bot.markup import Markup
from bot.replies import (
    Attachment,
    Audience,
    Button,
    Choice,
    FieldKind,
    Form,
    FormField,
    PostRecord,
    Reply,
    ReplyField,
)


def reply_to_json(reply: Reply) -> dict[str, Any]:
    return {
        "audience": reply.audience.value,
        "body": str(reply.body),
        "title": reply.title,
        "fields": [{"label": f.label, "value": str(f.value)} for f in reply.fields],
        "buttons": [
            {"key": b.key, "label": b.label, "action_id": b.action_id, "value": b.value, "style": b.style}
            for b in reply.buttons
        ],
        "form": _form_to_json(reply.form) if reply.form else None,
        "attachment": _attachment_to_json(reply.attachment) if reply.attachment else None,
        "recipient_user_id": reply.recipient_user_id,
        "channel_id": reply.channel_id,
        "record": (
            {
                "kind": reply.record.kind,
                "subject_id": reply.record.subject_id,
                "subject_user_id": reply.record.subject_user_id,
            }
            if reply.record
            else None
        ),
    }


def reply_from_json(data: dict[str, Any]) -> Reply:
    return Reply(
        audience=Audience(data["audience"]),
        body=Markup(data["body"]),
        title=data["title"],
        fields=tuple(ReplyField(f["label"], Markup(f["value"])) for f in data["fields"]),
        buttons=tuple(Button(**b) for b in data["buttons"]),
        form=_form_from_json(data["form"]) if data["form"] else None,
        attachment=_attachment_from_json(data["attachment"]) if data["attachment"] else None,
        recipient_user_id=data["recipient_user_id"],
        channel_id=data["channel_id"],
        record=PostRecord(**data["record"]) if data["record"] else None,
    )


def _form_to_json(form: Form) -> dict[str, Any]:
    return {
        "form_id": form.form_id,
        "title": form.title,
        "submit_label": form.submit_label,
        "context": form.context,
        "fields": [
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind.value,
                "required": f.required,
                "choices": [[c.value, c.label] for c in f.choices],
                "placeholder": f.placeholder,
                "initial": f.initial,
                "max_length": f.max_length,
                "min_value": f.min_value,
                "max_value": f.max_value,
            }
            for f in form.fields
        ],
    }


def _form_from_json(data: dict[str, Any]) -> Form:
    fields = tuple(
        FormField(
            **{
                **f,
                "kind": FieldKind(f["kind"]),
                "choices": tuple(Choice(value, label) for value, label in f["choices"]),
            }
        )
        for f in data["fields"]
    )
    return Form(
        form_id=data["form_id"],
        title=data["title"],
        submit_label=data["submit_label"],
        context=data["context"],
        fields=fields,
    )


def _attachment_to_json(attachment: Attachment) -> dict[str, Any]:
    return {
        "filename": attachment.filename,
        "data": base64.b64encode(attachment.data).decode(),
        "media_type": attachment.media_type,
        "alt_text": attachment.alt_text,
    }


def _attachment_from_json(data: dict[str, Any]) -> Attachment:
    return Attachment(
        filename=data["filename"],
        data=base64.b64decode(data["data"]),
        media_type=data["media_type"],
        alt_text=data["alt_text"],
    )
