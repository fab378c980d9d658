"""A member's check-ins are theirs: in the export, and gone with /bounceback forget."""

from __future__ import annotations

import json

from adapters.console.gateway import ConsoleGateway
from bot.checkins.models import Checkin, CheckinMember
from bot.scheduling.models import OutboxMessage
from tests.checkins.conftest import check_in, join
from tests.core.helpers import count


async def test_check_ins_are_exported_and_forgotten(db, group: ConsoleGateway, tmp_path):
    await join(group, "Ana", buddies=True)
    await group.send("/wait 7d")
    await check_in(group, "Ana", win="Landed a referral")
    await group.send("/bounceback export")
    exported = json.loads(next(tmp_path.glob("files/*bounceback-export.json")).read_text())
    assert exported["checkins"][0]["win"] == "Landed a referral"
    assert exported["checkin_preferences"][0]["buddies"] is True
    ana_messages = (OutboxMessage.recipient_user_id == "ana",)
    assert await count(db, OutboxMessage, *ana_messages) > 0  # the ping, kept with its text
    await group.send("/bounceback forget")
    forget = [m for m in group.messages.values() if any(b.key == "forget" for b in m.reply.buttons)][-1]
    await group.send(f"/click {forget.message_id} forget")
    assert await count(db, Checkin) == 0
    assert await count(db, CheckinMember) == 0
    assert await count(db, OutboxMessage, *ana_messages) == 0
