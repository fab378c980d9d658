"""The core's front door: one event in, replies out, one transaction in between."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.context import Context
from bot.copy import Catalog, Voice
from bot.db.models import Member, PostedMessage
from bot.db.upsert import insert_ignore
from bot.errors import UserError
from bot.events import CommandInvoked, Event
from bot.members import claim_event, community_and_member, community_for, member_by_user_id
from bot.ops import observe
from bot.ports import RoleDirectory
from bot.replies import Audience, PostRecord, Reply
from bot.router import Route, Router

log = logging.getLogger(__name__)

# How long handling one event may take, database included, before it is given up (BOUNCEBACK_DB_TIMEOUT).
DEFAULT_TIMEOUT = 5.0
# Stores an event's replies with the session of the transaction that handled it (the inbox's answer).
Keep = Callable[[AsyncSession, list[Reply]], Awaitable[None]]


class HandlingFailed(Exception):
    """The core could not handle an event (the database failed or was too slow); nothing was committed."""


class Bounceback:
    """Handles events for every community. Adapters call :meth:`handle` and render what comes back."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        catalog: Catalog,
        router: Router,
        roles: RoleDirectory,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.catalog = catalog
        self.router = router
        self.roles = roles
        self.timeout = timeout

    def voice_for(self, seed: str) -> Voice:
        digest = hashlib.blake2b(seed.encode(), digest_size=8).digest()
        return Voice(self.catalog, random.Random(int.from_bytes(digest)))

    async def handle(self, event: Event, keep: Keep | None = None) -> list[Reply]:
        """Handle one event within :attr:`timeout` seconds.

        Without ``keep`` this never raises: a failure becomes a friendly private reply.
        With ``keep`` (the inbox), ``keep(session, replies)`` stores the replies in the transaction
        that handled the event, or in one of its own when the handling committed nothing (a user
        error, an unknown command); a failure raises :class:`HandlingFailed` instead of becoming
        the apology, for the caller to apologise once and try again later.

        Each event is counted, timed and logged in one line (:mod:`bot.ops.observe`).
        """
        route = self.router.resolve(event)
        with observe.observed(event, route):
            replies = await self._handle(route, keep)
            if replies is None:
                raise HandlingFailed(type(event).__name__)
            return replies

    async def _handle(self, route: Route, keep: Keep | None) -> list[Reply] | None:
        event, handlers = route.event, route.handlers
        voice = self.voice_for(event.event_id or f"{event.actor.user_id}:{self.clock.now().isoformat()}")
        replies: list[Reply] = []
        try:
            async with asyncio.timeout(self.timeout):
                if event.actor.is_bot:
                    pass  # a bot's own events get no answer (still kept, so the inbox row is closed)
                elif handlers:
                    try:
                        return await self._run(route, voice, keep)
                    except UserError as err:
                        observe.outcome("user_error")
                        body = voice.say(err.key, **err.params)
                        errors = {f: voice.label(k, **err.params) for f, k in err.form_errors.items()} or None
                        replies = [Reply(audience=Audience.PRIVATE, body=body, form_errors=errors)]
                elif isinstance(event, CommandInvoked):
                    body = voice.say("errors.unknown_command", command=event.command)
                    replies = [Reply(audience=Audience.PRIVATE, body=body)]
                if keep is not None:
                    async with self.sessions() as session, session.begin():
                        await keep(session, replies)
                return replies
        except Exception as err:
            observe.outcome("error")
            if isinstance(err, TimeoutError):
                log.error("handling %s took over %.1f s; given up", type(event).__name__, self.timeout)
            else:
                log.exception("handling %s failed", type(event).__name__)
            if keep is not None:
                return None
            return [Reply(audience=Audience.PRIVATE, body=voice.say("errors.internal"))]

    async def _run(self, route: Route, voice: Voice, keep: Keep | None) -> list[Reply]:
        event = route.event
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            community, member = await community_and_member(session, event.actor, now)
            replies: list[Reply] = []
            if event.event_id and not await claim_event(session, community, event.event_id, now):
                log.info("event %s already handled; ignoring the repeat", event.event_id)
                observe.outcome("duplicate")
            else:
                ctx = Context(session, community, member, event, self.clock, voice, self.roles)
                for handler in route.handlers:
                    replies.extend(await handler(ctx, event))
            if keep is not None:
                await keep(session, replies)
            return replies

    async def record_post(
        self, platform: str, workspace_id: str, record: PostRecord, channel_id: str, message_id: str
    ) -> None:
        """Remember where a posted message landed, so reactions on it can be traced to its subject."""
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            community = await community_for(session, platform, workspace_id, now)
            subject: Member | None = None
            if record.subject_user_id:
                subject = await member_by_user_id(session, community, record.subject_user_id, now)
            await insert_ignore(
                session,
                PostedMessage,
                {
                    "community_id": community.id,
                    "platform_channel_id": channel_id,
                    "platform_message_id": message_id,
                    "kind": record.kind,
                    "subject_member_id": subject.id if subject else None,
                    "subject_id": record.subject_id,
                    "created_at": now,
                },
                ("community_id", "platform_message_id"),
            )
