"""Bolt listeners: every Slack request is saved to the inbox, then acknowledged, then worked on.

An acknowledgement means the event is in the database (:mod:`bot.inbox`): the listener writes
the row in one short transaction, acknowledges, and kicks the inbox worker, which handles the
row and answers (:mod:`adapters.slack.inbox`). A crash after the acknowledgement loses nothing:
the row is answered after the restart, or by another replica.

- If the row can't be saved within :data:`bot.inbox.runtime.ACCEPT_BUDGET` (the database is
  down or frozen), a slash command's acknowledgement says so ("couldn't save that, please try
  again"); an event, a click or a form gets a 503, so Slack retries the event or shows the
  member the request failed. Nothing pretends to be saved.
- Back-pressure: when the inbox has fallen behind by more than ``BOUNCEBACK_INBOX_MAX_AGE``, new
  Events API events get a 503 without being saved (Slack retries them later); commands and
  clicks are still saved, and a command's acknowledgement says the answer will come shortly.
- A modal submission is saved under its view's id and hash, then given up to
  :data:`FORM_BUDGET` seconds in all to be handled, because Slack shows field errors and a
  form's next page only in the acknowledgement. When the time runs out the modal closes and the
  answer follows like any other.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from adapters.slack.inbox import (
    action_arrival,
    command_arrival,
    event_arrival,
    form_arrival,
    form_key,
    org_of,
)
from adapters.slack.modals import ModalState, field_errors, modal_view
from adapters.slack.translate import PLATFORM, on_a_message
from bot.inbox.runtime import Inbox, Saved
from bot.ops import metrics

log = logging.getLogger(__name__)

Body = dict[str, Any]
Ack = Callable[..., Awaitable[None]]
ANY = re.compile(r".+")
ANY_COMMAND = re.compile(r"^/.+")
FORM_BUDGET = 2.5  # seconds from a modal submission's arrival to its acknowledgement; Slack allows 3


def _retry_later() -> BoltResponse:
    """Not saved: Slack retries an event; a click or a form shows the member it didn't go through."""
    return BoltResponse(status=503, body="")


class SlackBridge:
    def __init__(self, inbox: Inbox) -> None:
        self.inbox = inbox

    def _say(self, key: str, seed: str) -> str:
        return str(self.inbox.core.voice_for(f"slack:{key}:{seed}").say(key))

    async def on_command(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        arrival = command_arrival(body, self.inbox.core.clock.now(), org_of(context))
        saved = await self.inbox.accept(arrival)
        if saved is Saved.NOT_SAVED:
            await ack(text=self._say("inbox.not_saved", arrival.key))
            return
        if saved is Saved.NEW and self.inbox.behind:
            await ack(text=self._say("inbox.busy", arrival.key))
        else:
            await ack()
        self.inbox.kick()

    async def on_action(self, ack: Ack, body: Body, context: AsyncBoltContext) -> BoltResponse | None:
        saved = await self.inbox.accept(action_arrival(body, self.inbox.core.clock.now(), org_of(context)))
        if saved is Saved.NOT_SAVED:
            return _retry_later()
        await ack()
        self.inbox.kick()
        return None

    async def on_event(self, ack: Ack, body: Body, context: AsyncBoltContext) -> BoltResponse | None:
        event = body.get("event") or {}
        if event.get("type", "").startswith("reaction_") and not on_a_message(body):
            await ack()  # a reaction on a file or the like: nothing to do
            return None
        if event.get("type") == "app_home_opened" and event.get("tab", "home") != "home":
            await ack()  # the Messages tab
            return None
        if self.inbox.behind:
            metrics.inbox_item(PLATFORM, "refused")
            return _retry_later()
        if await self.inbox.accept(event_arrival(body, org_of(context))) is Saved.NOT_SAVED:
            return _retry_later()
        await ack()
        self.inbox.kick()
        return None

    async def on_view_submission(
        self, ack: Ack, body: Body, context: AsyncBoltContext
    ) -> BoltResponse | None:
        started = time.monotonic()
        saved = await self.inbox.accept(form_arrival(body, self.inbox.core.clock.now(), org_of(context)))
        if saved is Saved.NOT_SAVED:
            return _retry_later()  # the modal stays open, saying it didn't go through
        if saved is Saved.REPEAT:
            await ack()  # submitted again while the first is being answered: it will be, once
            return None
        within = max(0.1, FORM_BUDGET - (time.monotonic() - started))
        answers = await self.inbox.answered(PLATFORM, form_key(body), within)
        if answers is None:
            log.info("a form took longer than %.1f s; its answer follows the acknowledgement", FORM_BUDGET)
            await ack()
            return None
        replies = [reply for step in answers for reply in step]
        view = body.get("view") or {}
        errors = {k: v for r in replies if r.form_errors for k, v in r.form_errors.items()}
        if errors:
            await ack(response_action="errors", errors=field_errors(view, errors))
            return None
        follow_up = next((r.form for r in replies if r.form is not None), None)
        if follow_up is not None:
            state = ModalState.decode(view.get("private_metadata"))
            await ack(
                response_action="update",
                view=modal_view(follow_up, state.channel_id, from_home=state.from_home),
            )
        else:
            await ack()
        return None


def register_listeners(bolt: AsyncApp, bridge: SlackBridge) -> None:
    bolt.command(ANY_COMMAND)(bridge.on_command)
    bolt.action(ANY)(bridge.on_action)
    bolt.view_submission(ANY)(bridge.on_view_submission)
    bolt.event("reaction_added")(bridge.on_event)
    bolt.event("reaction_removed")(bridge.on_event)
    bolt.event("app_home_opened")(bridge.on_event)
