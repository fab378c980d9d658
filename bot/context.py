"""Everything a handler needs while it handles one event, inside one database transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.copy import Voice
from bot.db.models import Community, Member
from bot.events import Event
from bot.ports import RoleDirectory


@dataclass
class Context:
    session: AsyncSession
    community: Community
    member: Member
    event: Event
    clock: Clock
    voice: Voice
    roles: RoleDirectory

    @property
    def now(self) -> datetime:
        return self.clock.now()

    @property
    def zone(self) -> ZoneInfo:
        """The member's own time zone, else the community's, else UTC."""
        return self.community.settings.zone_for(self.member.time_zone)

    @property
    def today(self) -> date:
        """Today where the member is."""
        return self.now.astimezone(self.zone).date()

    async def is_organiser(self) -> bool:
        if self.member.platform_user_id in self.community.settings.organisers:
            return True
        return await self.roles.is_organiser(self.event.actor)
