"""Driving kudos through the core as any platform would: members, reactions, commands."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bounceback
from bot.db.models import Member
from bot.events import Actor, CommandInvoked, Conversation, ReactionAdded, ReactionRemoved
from bot.kudos.models import Kudos, KudosCredit
from bot.replies import Reply
from tests.core.helpers import count, rows

GROUP = Conversation(channel_id="C-group")
_delivery = itertools.count(1)


class NobodyOrganises:
    async def is_organiser(self, actor: Actor) -> bool:
        return False


@dataclass
class Community:
    """One workspace on one platform, as the core sees its events."""

    app: Bounceback
    platform: str = "slack"
    workspace_id: str = "T1"

    def member(self, user_id: str, name: str | None = None, time_zone: str | None = None) -> Actor:
        return Actor(
            platform=self.platform,
            workspace_id=self.workspace_id,
            user_id=user_id,
            display_name=name or user_id,
            time_zone=time_zone,
        )

    async def command(self, who: Actor, command: str, text: str = "", direct: bool = False) -> list[Reply]:
        where = Conversation(channel_id="D-dm", is_direct=True) if direct else GROUP
        return await self.app.handle(
            CommandInvoked(actor=who, conversation=where, command=command, text=text, event_id=_next_id())
        )

    async def react(
        self,
        who: Actor,
        emoji: str,
        message_id: str,
        author: str | None,
        event_id: str | None = None,
        removed: bool = False,
    ) -> list[Reply]:
        kind = ReactionRemoved if removed else ReactionAdded
        return await self.app.handle(
            kind(
                actor=who,
                conversation=GROUP,
                emoji=emoji,
                message_id=message_id,
                message_author_id=author,
                event_id=event_id or _next_id(),
            )
        )


def _next_id() -> str:
    return f"Ev{next(_delivery)}"


@pytest.fixture
def slack(app: Bounceback) -> Community:
    return Community(app)


async def kudos_count(db: AsyncEngine) -> int:
    return await count(db, Kudos)


async def credit_count(db: AsyncEngine) -> int:
    return await count(db, KudosCredit)


async def received_by(db: AsyncEngine, user_id: str) -> int:
    """Credits received by the member with this platform user id (in any community)."""
    members = {m.id: m.platform_user_id for m in await rows(db, Member)}
    return sum(1 for c in await rows(db, KudosCredit) if members[c.member_id] == user_id)
