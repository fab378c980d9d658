"""Who a Slack user is (name, time zone) and whether Slack makes them an organiser, from users.info.

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
from slack_sdk.errors import SlackApiError

from adapters.slack.clients import NotInstalled, SlackClients
from adapters.slack.translate import Person
from bot.events import Actor

log = logging.getLogger(__name__)

CACHE_SECONDS = 120.0
CACHE_SIZE = 10_000


@dataclass(frozen=True)
class Profile:
    person: Person
    is_admin: bool


class SlackDirectory:
    """Implements the core's RoleDirectory: workspace admins and owners are organisers."""

    def __init__(
        self, clients: SlackClients, ttl: float = CACHE_SECONDS, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._clients = clients
        self._ttl = ttl
        self._now = now
        self._cache: dict[tuple[str, str], tuple[float, Profile]] = {}
        self._asking: dict[tuple[str, str], asyncio.Future[Profile | None]] = {}

    def cached(self, team_id: str, user_id: str) -> Profile | None:
        found = self._cache.get((team_id, user_id))
        if found is None or found[0] <= self._now():
            return None
        return found[1]

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

    def _remember(self, team_id: str, user_id: str, profile: Profile) -> None:
        now = self._now()
        if len(self._cache) >= CACHE_SIZE:
            self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
        self._cache[(team_id, user_id)] = (now + self._ttl, profile)
