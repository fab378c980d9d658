"""Who a Slack user is (name, time zone) and whether Slack makes them an organiser, from users.info;
who is in a channel, from conversations.members.

Answers are cached for a couple of minutes per workspace and user: enough to
spare the Web API on a busy day, short enough that a new admin counts soon.
A failed lookup is logged and treated as "nothing known" (and not an
organiser): the member can still use the bot.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp
from cachetools import TTLCache
from slack_sdk.errors import SlackApiError

from adapters.slack.clients import NotInstalled, SlackClients
from adapters.slack.translate import Person
from bot.events import Actor
from bot.ports import ChannelMember

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0
CACHE_SIZE = 10_000
PAGE_SIZE = 200
LOOKUPS_AT_ONCE = 5


@dataclass(frozen=True)
class Profile:
    person: Person
    is_admin: bool
    is_human: bool = True  # not a bot, not a deactivated account


class SlackDirectory:
    """The core's RoleDirectory (workspace admins and owners are organisers) and ChannelDirectory."""

    def __init__(
        self,
        clients: SlackClients,
        ttl: float = CACHE_SECONDS,
        now: Callable[[], float] = time.monotonic,
        *,
        size: int = CACHE_SIZE,
    ) -> None:
        self._clients = clients
        # Full, it forgets the least recently used answer (expired ones go first).
        self._cache: TTLCache[tuple[str, str], Profile] = TTLCache(size, ttl, timer=now)
        self._asking: dict[tuple[str, str], asyncio.Future[Profile | None]] = {}

    def cached(self, team_id: str, user_id: str) -> Profile | None:
        return self._cache.get((team_id, user_id))

    async def profile(self, team_id: str, user_id: str) -> Profile | None:
        """The user's profile; concurrent askers about the same user share one users.info call."""
        if (found := self.cached(team_id, user_id)) is not None:
            return found
        key = (team_id, user_id)
        asking = self._asking.get(key)
        if asking is None:
            asking = asyncio.ensure_future(self._look_up(team_id, user_id))
            self._asking[key] = asking
            asking.add_done_callback(lambda _: self._asking.pop(key, None))
        return await asyncio.shield(asking)

    async def _look_up(self, team_id: str, user_id: str) -> Profile | None:
        try:
            client = await self._clients.for_team(team_id)
            response = await client.users_info(user=user_id)
        except (SlackApiError, NotInstalled, aiohttp.ClientError, TimeoutError) as err:
            log.warning("users.info for %s in %s failed: %s", user_id, team_id, err)
            return None
        user = response.get("user") or {}
        names = user.get("profile") or {}
        profile = Profile(
            person=Person(
                display_name=names.get("display_name") or names.get("real_name") or user.get("name") or "",
                time_zone=user.get("tz") or None,
            ),
            is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
            is_human=not (user.get("is_bot") or user.get("deleted") or user.get("id") == "USLACKBOT"),
        )
        self._remember(team_id, user_id, profile)
        return profile

    async def person(self, team_id: str, user_id: str) -> Person:
        profile = await self.profile(team_id, user_id)
        return profile.person if profile else Person()

    def cached_person(self, team_id: str, user_id: str) -> Person:
        """Without a Web API call: for the moments that must answer Slack within three seconds."""
        profile = self.cached(team_id, user_id)
        return profile.person if profile else Person()

    async def is_organiser(self, actor: Actor) -> bool:
        profile = await self.profile(actor.workspace_id, actor.user_id)
        return profile is not None and profile.is_admin

    async def default_channel(self, workspace_id: str) -> str | None:
        """Slack has no group channel of its own: organisers choose one with /bounceback channel."""
        return None

    async def channel_members(self, workspace_id: str, channel_id: str) -> list[ChannelMember] | None:
        """The people in a channel (bots and deactivated accounts left out); None if Slack won't say."""
        try:
            client = await self._clients.for_team(workspace_id)
            user_ids: list[str] = []
            cursor = None
            while True:
                page = await client.conversations_members(channel=channel_id, cursor=cursor, limit=PAGE_SIZE)
                user_ids += page.get("members") or []
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
        except (SlackApiError, NotInstalled, aiohttp.ClientError, TimeoutError) as err:
            log.warning("conversations.members of %s in %s failed: %s", channel_id, workspace_id, err)
            return None
        slots = asyncio.Semaphore(LOOKUPS_AT_ONCE)

        async def profile_of(user_id: str) -> Profile | None:
            async with slots:
                return await self.profile(workspace_id, user_id)

        profiles = await asyncio.gather(*(profile_of(u) for u in user_ids))
        # Someone Slack wouldn't describe is still in the channel: kept, with nothing more known.
        return [
            ChannelMember(user_id, found.person.display_name, found.person.time_zone)
            if found is not None
            else ChannelMember(user_id)
            for user_id, found in zip(user_ids, profiles, strict=True)
            if found is None or found.is_human
        ]

    def _remember(self, team_id: str, user_id: str, profile: Profile) -> None:
        self._cache[(team_id, user_id)] = profile
