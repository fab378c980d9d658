"""Bolt listeners: every Slack request acknowledged first, then translated, handled by the core, answered.

Slash commands and button clicks are acknowledged at once and worked on in
bolt's lazy listeners, so Slack gets its answer well inside three seconds
whatever the database is doing. Events are acknowledged by bolt before their
listener runs. A modal submission is the exception: Slack shows field errors
only in the acknowledgement itself, so the core's (fast) answer is awaited first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import home_view
from adapters.slack.directory import SlackDirectory
from adapters.slack.interactions import InteractionAnswers, Origin
from adapters.slack.modals import ModalState, field_errors, modal_view
from adapters.slack.translate import (
    action_event,
    command_event,
    form_event,
    home_event,
    interaction_channel,
    interaction_team,
    reaction_event,
)
from bot.app import Bounceback
from bot.markup import plain_text

log = logging.getLogger(__name__)

Body = dict[str, Any]
Ack = Callable[..., Awaitable[None]]
ANY = re.compile(r".+")
ANY_COMMAND = re.compile(r"^/.+")


class SlackBridge:
    def __init__(self, core: Bounceback, directory: SlackDirectory, answers: InteractionAnswers) -> None:
        self.core = core
        self.directory = directory
        self.answers = answers

    @staticmethod
    async def acknowledge(ack: Ack) -> None:
        await ack()

    async def on_command(self, body: Body, client: AsyncWebClient) -> None:
        person = await self.directory.person(str(body["team_id"]), str(body["user_id"]))
        event = command_event(body, person)
        replies = await self.core.handle(event)
        origin = Origin(
            team_id=event.actor.workspace_id,
            user_id=event.actor.user_id,
            channel_id=event.conversation.channel_id or None,
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
        )
        await self.answers.deliver(client, origin, replies)

    async def on_action(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = interaction_team(body), str((body.get("user") or {}).get("id"))
        person = await self.directory.person(team_id, user_id)
        origin = Origin(
            team_id=team_id,
            user_id=user_id,
            channel_id=interaction_channel(body),
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
        )
        for action in body.get("actions") or []:
            if action.get("type") != "button":
                continue
            replies = await self.core.handle(action_event(body, action, person))
            await self.answers.deliver(client, origin, replies)

    async def on_view_submission(self, ack: Ack, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = interaction_team(body), str((body.get("user") or {}).get("id"))
        event = form_event(body, self.directory.cached_person(team_id, user_id))
        replies = await self.core.handle(event)
        view = body.get("view") or {}
        errors = {k: v for r in replies if r.form_errors for k, v in r.form_errors.items()}
        if errors:
            await ack(response_action="errors", errors=field_errors(view, errors))
            return
        channel_id = ModalState.decode(view.get("private_metadata")).channel_id
        follow_up = next((r for r in replies if r.form is not None), None)
        if follow_up is not None and follow_up.form is not None:
            await ack(response_action="update", view=modal_view(follow_up.form, channel_id))
            replies = [r for r in replies if r is not follow_up]
        else:
            await ack()
        origin = Origin(team_id=team_id, user_id=user_id, channel_id=channel_id)
        await self.answers.deliver(client, origin, replies)

    async def on_reaction(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = str(body.get("team_id") or ""), str((body.get("event") or {}).get("user"))
        event = reaction_event(body, self.directory.cached_person(team_id, user_id))
        if event is None:
            return
        replies = await self.core.handle(event)
        origin = Origin(team_id=team_id, user_id=user_id, channel_id=event.conversation.channel_id)
        await self.answers.deliver(client, origin, replies)

    async def on_home_opened(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = str(body.get("team_id") or ""), str((body.get("event") or {}).get("user"))
        event = home_event(body, await self.directory.person(team_id, user_id))
        if event is None:
            return
        replies = await self.core.handle(event)
        if not replies:
            return
        try:
            await client.views_publish(user_id=user_id, view=home_view(replies))
        except SlackApiError as err:
            summary = plain_text(replies[0].title or replies[0].body)[:80]
            log.error("publishing the App Home of %s in %s failed (%s): %r", user_id, team_id, err, summary)


def register_listeners(bolt: AsyncApp, bridge: SlackBridge) -> None:
    bolt.command(ANY_COMMAND)(ack=bridge.acknowledge, lazy=[bridge.on_command])
    bolt.action(ANY)(ack=bridge.acknowledge, lazy=[bridge.on_action])
    bolt.view_submission(ANY)(bridge.on_view_submission)
    bolt.event("reaction_added")(bridge.on_reaction)
    bolt.event("reaction_removed")(bridge.on_reaction)
    bolt.event("app_home_opened")(bridge.on_home_opened)
