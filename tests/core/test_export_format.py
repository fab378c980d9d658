"""The export's rows: every column but the implied community and member, dates and times in ISO 8601."""

from __future__ import annotations

import json

from sqlalchemy import inspect

from bot.db.models import Rejection
from bot.events import Actor, CommandInvoked, Conversation

ANA = Actor(platform="slack", workspace_id="T1", user_id="U1", display_name="Ana")


async def test_rows_hold_every_column_with_dates_in_iso_8601(app) -> None:
    async def say(command: str, text: str):
        return await app.handle(
            CommandInvoked(actor=ANA, conversation=Conversation(channel_id="C1"), command=command, text=text)
        )

    await say("rejected", "Acme | Analyst | date: 2026-11-20 | notes: Ünïcode stays as typed ✓")
    [reply] = await say("bounceback", "export")
    assert reply.attachment is not None
    assert "Ünïcode stays as typed ✓" in reply.attachment.data.decode()  # not \\u-escaped
    [row] = json.loads(reply.attachment.data)["rejections"]
    expected = {a.key for a in inspect(Rejection).column_attrs} - {"community_id", "member_id"}
    assert set(row) == expected
    assert row["rejected_on"] == "2026-11-20"
    assert row["created_at"] == "2026-11-23T09:00:00+00:00"
    assert row["shared_at"] is None and row["shared"] is False
