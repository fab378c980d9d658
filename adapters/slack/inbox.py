"""Slack's side of the durable inbox: what a request saves, and how a saved row is answered.

The arrival functions turn a request body into an :class:`bot.inbox.store.Arrival`, keyed so
that Slack's repeats change nothing: the Events API ``event_id`` for events (the same on Slack's
retries), the single-use ``trigger_id`` for slash commands and button clicks, and the view's id
and hash for a modal submission (a submit pressed twice, each with its own trigger, is one
submission). Slack's deprecated verification ``token`` is not kept.

:class:`SlackInboxProcessor` does the work a listener used to do after acknowledging: the member's
name and time zone (users.info), the core events, and the answer by the interaction's
``response_url`` while it lives (30 minutes), else by DM with a word about the delay.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import home_view
from adapters.slack.clients import SlackClients
from adapters.slack.directory import SlackDirectory
from adapters.slack.interactions import InteractionAnswers, Origin
from adapters.slack.modals import ModalState
from adapters.slack.translate import (
    PLATFORM,
    Person,
    action_event,
    command_event,
    form_event,
    home_event,
    interaction_channel,
    interaction_team,
    on_the_home,
    reaction_event,
    refreshed_home,
)
from bot.app import Bounceback
from bot.events import Event
from bot.inbox.store import Arrival
from bot.inbox.worker import Answers, Claimed
from bot.replies import Reply

log = logging.getLogger(__name__)

Body = Mapping[str, Any]
RESPONSE_URL_LIFETIME = timedelta(minutes=30)  # Slack: a response_url works for 30 minutes


def org_of(context: AsyncBoltContext) -> str | None:
    """The Enterprise Grid org whose org-wide install a request came through, if it did."""
    return context.enterprise_id if context.is_enterprise_install else None


def _kept(body: Body) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "token"}


def _expiry(reply_to: Mapping[str, Any], now: datetime) -> datetime | None:
    return now + RESPONSE_URL_LIFETIME if reply_to.get("response_url") else None


def command_arrival(body: Body, now: datetime, org: str | None = None) -> Arrival:
    reply_to = {
        "response_url": body.get("response_url"),
        "trigger_id": body.get("trigger_id"),
        "channel_id": body.get("channel_id") or None,
        "org": org,
    }
    return Arrival(
        platform=PLATFORM,
        workspace_id=str(body.get("team_id") or ""),
        user_id=str(body.get("user_id") or ""),
        kind="command",
        key=f"command:{body.get('trigger_id')}",
        payload=_kept(body),
        reply_to=reply_to,
        reply_expires_at=_expiry(reply_to, now),
    )


def action_arrival(body: Body, now: datetime, org: str | None = None) -> Arrival:
    reply_to = {
        "response_url": body.get("response_url"),
        "trigger_id": body.get("trigger_id"),
        "channel_id": interaction_channel(body),
        "from_home": on_the_home(body),
        "org": org,
    }
    return Arrival(
        platform=PLATFORM,
        workspace_id=interaction_team(body),
        user_id=str((body.get("user") or {}).get("id") or ""),
        kind="action",
        key=f"action:{body.get('trigger_id')}",
        payload=_kept(body),
        reply_to=reply_to,
        reply_expires_at=_expiry(reply_to, now),
    )


def form_key(body: Body) -> str:
    view = body.get("view") or {}
    return f"view:{view.get('id')}:{view.get('hash')}"


def form_arrival(body: Body, now: datetime, org: str | None = None) -> Arrival:
    state = ModalState.decode((body.get("view") or {}).get("private_metadata"))
    return Arrival(
        platform=PLATFORM,
        workspace_id=interaction_team(body),
        user_id=str((body.get("user") or {}).get("id") or ""),
        kind="form",
        key=form_key(body),
        payload=_kept(body),
        reply_to={"channel_id": state.channel_id, "from_home": state.from_home, "org": org},
        urgent=True,  # the member is looking at the modal
    )


def event_arrival(envelope: Body, org: str | None = None) -> Arrival:
    event = envelope.get("event") or {}
    return Arrival(
        platform=PLATFORM,
        workspace_id=str(envelope.get("team_id") or ""),
        user_id=str(event.get("user") or ""),
        kind=str(event.get("type") or "event"),
        key=f"event:{envelope.get('event_id')}",
        payload=_kept(envelope),
        reply_to={"org": org},
    )


class SlackInboxProcessor:
    def __init__(
        self, core: Bounceback, clients: SlackClients, directory: SlackDirectory, answers: InteractionAnswers
    ) -> None:
        self.core = core
        self.clients = clients
        self.directory = directory
        self.answers = answers

    async def events(self, item: Claimed) -> Sequence[Event]:
        body = item.payload
        person = await self.directory.person(item.workspace_id, item.user_id)
        match item.kind:
            case "command":
                return [command_event(body, person)]
            case "action":
                actions = [a for a in body.get("actions") or [] if a.get("type") == "button"]
                return [action_event(body, action, person) for action in actions]
            case "form":
                return [form_event(body, person)]
            case "reaction_added" | "reaction_removed":
                reaction = reaction_event(body, person)
                return [reaction] if reaction is not None else []
            case "app_home_opened":
                home = home_event(body, person)
                return [home] if home is not None else []
        log.warning("inbox row %s has a kind this version doesn't know: %s", item.id, item.kind)
        return []

    async def deliver(self, item: Claimed, answers: Answers, *, late: Reply | None, shown: bool) -> None:
        client = await self.clients.for_team(item.workspace_id, item.reply_to.get("org"))
        if item.kind == "app_home_opened":
            for replies in answers:
                await self._publish(client, item.workspace_id, item.user_id, replies)
            return
        origin = self._origin(item, late is not None)
        if late is not None:
            await self.answers.deliver(client, origin, [late])
        opened_a_form = False
        for replies in answers:
            opened_a_form |= any(r.form is not None for r in replies)
            if item.kind == "form":
                # A form's next page shows only in its acknowledgement: it did, or the modal has closed.
                replies = [r for r in replies if r.form is None]
            await self.answers.deliver(client, origin, replies)
        if origin.from_home and not opened_a_form:  # the Home shows what changed
            await self._refresh_home(client, item.workspace_id, item.user_id)

    async def apologise(self, item: Claimed, apology: Reply) -> None:
        client = await self.clients.for_team(item.workspace_id, item.reply_to.get("org"))
        late = item.expired(self.core.clock.now())
        await self.answers.deliver(client, self._origin(item, late), [apology])

    def _origin(self, item: Claimed, late: bool) -> Origin:
        """The ways back to the member; once the response_url has expired, a DM (no ephemeral in place)."""
        reply_to = item.reply_to
        return Origin(
            team_id=item.workspace_id,
            user_id=item.user_id,
            channel_id=None if late else reply_to.get("channel_id"),
            response_url=None if late else reply_to.get("response_url"),
            trigger_id=None if late else reply_to.get("trigger_id"),
            from_home=bool(reply_to.get("from_home")),
        )

    async def _refresh_home(self, client: AsyncWebClient, team_id: str, user_id: str) -> None:
        """The App Home again, after the member changed something from it (read only, so not kept)."""
        person: Person = self.directory.cached_person(team_id, user_id)
        event = home_event(refreshed_home(team_id, user_id), person)
        assert event is not None
        await self._publish(client, team_id, user_id, await self.core.handle(event))

    async def _publish(
        self, client: AsyncWebClient, team_id: str, user_id: str, replies: list[Reply]
    ) -> None:
        if not replies:
            return
        try:
            await client.views_publish(user_id=user_id, view=home_view(replies))
        except SlackApiError as err:
            log.error("publishing the App Home of %s in %s failed: %s", user_id, team_id, err)
