"""The core's front door: one event in, replies out, one transaction in between."""

from __future__ import annotations

import hashlib
import logging
import random

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
from bot.router import Router

log = logging.getLogger(__name__)


class Bounceback:
    """Handles events for every community. Adapters call :meth:`handle` and render what comes back."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        catalog: Catalog,
        router: Router,
        roles: RoleDirectory,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.catalog = catalog
        self.router = router
        self.roles = roles

    def voice_for(self, seed: str) -> Voice:
        digest = hashlib.blake2b(seed.encode(), digest_size=8).digest()
        return Voice(self.catalog, random.Random(int.from_bytes(digest)))

    async def handle(self, event: Event) -> list[Reply]:
        """Handle one event. Never raises: a failure becomes a friendly private reply.

        Each event is counted, timed and logged in one line (:mod:`bot.ops.observe`).
        """
        with observe.observed(event, self.router):
            return await self._handle(event)

    async def _handle(self, event: Event) -> list[Reply]:
        voice = self.voice_for(event.event_id or f"{event.actor.user_id}:{self.clock.now().isoformat()}")
        if event.actor.is_bot:
            return []
        handlers, event = self.router.resolve(event)
        if not handlers:
            if isinstance(event, CommandInvoked):
                return [
                    Reply(
                        audience=Audience.PRIVATE,
                        body=voice.say("errors.unknown_command", command=event.command),
                    )
                ]
            return []
        try:
            return await self._run(event, handlers, voice)
        except UserError as err:
            observe.outcome("user_error")
            body = voice.say(err.key, **err.params)
            errors = {field: voice.label(key, **err.params) for field, key in err.form_errors.items()} or None
            return [Reply(audience=Audience.PRIVATE, body=body, form_errors=errors)]
        except Exception:
            observe.outcome("error")
            log.exception("handling %s failed", type(event).__name__)
            return [Reply(audience=Audience.PRIVATE, body=voice.say("errors.internal"))]

    async def _run(self, event: Event, handlers: list, voice: Voice) -> list[Reply]:
        now = self.clock.now()
        async with self.sessions() as session, session.begin():
            community, member = await community_and_member(session, event.actor, now)
            if event.event_id and not await claim_event(session, community, event.event_id, now):
                log.info("event %s already handled; ignoring the repeat", event.event_id)
                observe.outcome("duplicate")
                return []
            ctx = Context(session, community, member, event, self.clock, voice, self.roles)
            replies: list[Reply] = []
            for handler in handlers:
                replies.extend(await handler(ctx, event))
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
