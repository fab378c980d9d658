"""Discord's side of the durable inbox: what an interaction saves, and how a saved row is answered.

The bridge saves each interaction that reaches the core before it responds to it (keyed by the
interaction id, which is also the core event's id), then has the inbox worker handle the row.
While this process holds the live :class:`discord.Interaction` (:class:`LiveInteractions`), the
answer goes through it exactly as before the inbox: the first response (a form can only open as
that) while it is still open, follow-ups after the bridge deferred. A row answered without it
(this process restarted, or another shard's process took the row) is answered through the
interaction's webhook while its token lives (15 minutes), and by DM after that, or when Discord
refuses the follow-up because the interaction was never acknowledged before the crash.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import discord

from adapters.discord.answer import Answerer, Asker, privately
from adapters.discord.forms import OpenForm
from adapters.discord.reach import InPlace, Later, follow_up_webhook
from adapters.discord.render import MessageParts, render_reply
from adapters.discord.stored import InteractionEvent, event_from_json, event_to_json, kind_of
from adapters.discord.translate import PLATFORM
from bot.app import Bounceback
from bot.events import Event
from bot.inbox.store import Arrival
from bot.inbox.worker import Answers, Claimed
from bot.replies import Reply, private

log = logging.getLogger(__name__)

TOKEN_LIFETIME = timedelta(minutes=15)  # Discord: an interaction token works for 15 minutes
# Counted from when the row was saved, a little after Discord created the interaction: kept short of it.
TOKEN_MARGIN = timedelta(seconds=30)
ACKNOWLEDGE_WITHIN = timedelta(seconds=3)  # Discord drops an interaction not responded to within 3 s


def interaction_arrival(
    interaction: discord.Interaction[Any], event: InteractionEvent, now: datetime
) -> Arrival:
    """The row for an interaction: its core event, and how to reach the member later."""
    reply_to = {
        "application_id": str(interaction.application_id),
        "token": interaction.token,
        "channel_id": event.conversation.channel_id or None,
        # By then the process that received it has responded (or is gone): a follow-up waits until then.
        "acknowledged_by": (now + ACKNOWLEDGE_WITHIN).isoformat(),
    }
    return Arrival(
        platform=PLATFORM,
        workspace_id=event.actor.workspace_id,
        user_id=event.actor.user_id,
        kind=kind_of(event),
        key=str(interaction.id),
        payload={"event": event_to_json(event)},
        reply_to=reply_to,
        reply_expires_at=now + TOKEN_LIFETIME - TOKEN_MARGIN,
        urgent=True,  # the member is waiting for the first response, which must come within 3 s
    )


@dataclass
class Live:
    """An interaction this process received and still holds, until its answer has gone through it.

    ``lock`` orders the answer and the bridge's deferral; ``settled`` is set once the member has
    been answered (or apologised to) through it.
    """

    interaction: discord.Interaction[Any]
    open_form: tuple[str, OpenForm] | None
    held_at: float = field(default_factory=time.monotonic)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    settled: asyncio.Event = field(default_factory=asyncio.Event)


class LiveInteractions:
    """The interactions of this process that are saved but not yet answered, by interaction id."""

    def __init__(self) -> None:
        self._live: OrderedDict[str, Live] = OrderedDict()

    def hold(
        self, interaction: discord.Interaction[Any], open_form: tuple[str, OpenForm] | None
    ) -> Live | None:
        """Hold an interaction for its answer; None if it is held already (the same dispatch again)."""
        self._forget_expired()
        key = str(interaction.id)
        if key in self._live:
            return None
        live = self._live[key] = Live(interaction, open_form)
        return live

    def get(self, key: str) -> Live | None:
        return self._live.get(key)

    def release(self, key: str) -> Live | None:
        return self._live.pop(key, None)

    def _forget_expired(self) -> None:
        """Rows that never got answered here (given up on, or taken by another process) let go of."""
        oldest = time.monotonic() - TOKEN_LIFETIME.total_seconds()
        while self._live and next(iter(self._live.values())).held_at < oldest:
            self._live.popitem(last=False)


class DiscordInboxProcessor:
    def __init__(
        self, client: discord.Client, core: Bounceback, answerer: Answerer, live: LiveInteractions
    ) -> None:
        self.client = client
        self.core = core
        self.answerer = answerer
        self.live = live

    async def events(self, item: Claimed) -> Sequence[Event]:
        stored = item.payload.get("event")
        if not stored or stored.get("kind") not in ("command", "form", "action"):
            log.warning("inbox row %s has a kind this version doesn't know: %s", item.id, item.kind)
            return []
        return [event_from_json(stored)]

    async def deliver(self, item: Claimed, answers: Answers, *, late: Reply | None, shown: bool) -> None:
        replies = [reply for step in answers for reply in step]
        voice = self.core.voice_for(item.key)
        asker = Asker(item.workspace_id, item.user_id, item.reply_to.get("channel_id"))
        live = None if late is not None else self.live.release(item.key)
        if live is None:
            reach = await self._later(item, late)
            await self.answerer.answer(reach, voice, asker, replies)
            return
        async with live.lock:
            try:
                await self.answerer.answer(InPlace(live.interaction), voice, asker, replies, live.open_form)
            except Exception:
                # Discord refused the answer (or a bug): logged, and the member gets a friendly word.
                log.exception("answering interaction %s failed", item.key)
                await self._say_in_place(live, privately(voice.say("errors.internal")))
            finally:
                live.settled.set()

    async def apologise(self, item: Claimed, apology: Reply) -> None:
        live = None if item.expired(self.core.clock.now()) else self.live.get(item.key)
        if live is None:
            reach = await self._later(item, None, answering=False)
            await reach.say(render_reply(apology, ""))
            return
        async with live.lock:  # kept held: the answer follows through it when the retry succeeds
            await self._say_in_place(live, render_reply(apology, ""))
            live.settled.set()

    @staticmethod
    async def _say_in_place(live: Live, parts: MessageParts) -> None:
        try:
            await InPlace(live.interaction).say(parts)
        except discord.HTTPException as exc:
            log.warning("interaction %s could not be answered: %s", live.interaction.id, exc.status)

    async def _later(self, item: Claimed, late: Reply | None, *, answering: bool = True) -> Later:
        """Without the live interaction: its webhook while the token lives, else a DM.

        A DM with an answer starts with a word about the delay (``late``, or the same words when
        the follow-up is refused); a DM with an apology needs none.
        """
        sorry = None
        if answering:
            late = late or private(self.core.voice_for(item.key).say("inbox.late"))
            sorry = render_reply(late, "")
        if item.expired(self.core.clock.now()):
            return Later(self.client, item.user_id, None, sorry)
        reply_to = item.reply_to
        await self._acknowledged(reply_to)
        webhook = follow_up_webhook(self.client, int(reply_to["application_id"]), str(reply_to["token"]))
        return Later(self.client, item.user_id, webhook, sorry)

    async def _acknowledged(self, reply_to: dict[str, Any]) -> None:
        """A row another process received moments ago: give it time to respond first (at most 3 s)."""
        by = datetime.fromisoformat(str(reply_to["acknowledged_by"]))
        wait = (by - self.core.clock.now()).total_seconds()
        if wait > 0:
            await asyncio.sleep(min(wait, ACKNOWLEDGE_WITHIN.total_seconds()))
