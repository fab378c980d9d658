"""Bolt listeners: every Slack request acknowledged first, then translated, handled by the core, answered.

Slash commands, button clicks and events are acknowledged at once; the work
(the core's transaction, the answers) runs afterwards in background tasks
this bridge keeps track of, so Slack gets its answer well inside three
seconds whatever the database or the Web API is doing, and a graceful stop
can wait for work under way. Like bolt's lazy listeners, without copying each
request. A modal submission is the exception: Slack shows field errors only in
the acknowledgement itself, so the core's (fast) answer is awaited first, and
what it says is delivered after.

Work runs at most ``WORK_AT_ONCE`` at a time: a burst of commands queues here
instead of exhausting the database's connection pool. The bound is generous
because most of the work waits on Slack's Web API (round trips of tens of
milliseconds), and a form must open within the three seconds its trigger lives.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import home_view
from adapters.slack.clients import SlackClients
from adapters.slack.directory import SlackDirectory
from adapters.slack.interactions import InteractionAnswers, Origin
from adapters.slack.modals import ModalState, field_errors, modal_view
from adapters.slack.translate import (
    Person,
    action_event,
    command_event,
    form_event,
    home_event,
    interaction_channel,
    interaction_team,
    on_a_message,
    on_the_home,
    reaction_event,
    refreshed_home,
)
from bot.app import Bounceback
from bot.replies import Reply

log = logging.getLogger(__name__)

Body = dict[str, Any]
Ack = Callable[..., Awaitable[None]]
ANY = re.compile(r".+")
ANY_COMMAND = re.compile(r"^/.+")
WORK_AT_ONCE = 16


class SlackBridge:
    def __init__(
        self,
        core: Bounceback,
        clients: SlackClients,
        directory: SlackDirectory,
        answers: InteractionAnswers,
        work_at_once: int = WORK_AT_ONCE,
    ) -> None:
        self.core = core
        self.clients = clients
        self.directory = directory
        self.answers = answers
        self._work_slots = asyncio.Semaphore(work_at_once)
        self._background: set[asyncio.Task[None]] = set()

    # -- acknowledged at once, worked on after -------------------------------

    async def on_command(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        self._after_ack(self._command(body, self._client(context)))

    async def on_action(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        self._after_ack(self._actions(body, self._client(context)))

    async def on_reaction(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        self._after_ack(self._reaction(body, self._client(context)))

    async def on_home_opened(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        await ack()
        self._after_ack(self._home(body, self._client(context)))

    async def on_view_submission(self, ack: Ack, body: Body, context: AsyncBoltContext) -> None:
        team_id, user_id = interaction_team(body), str((body.get("user") or {}).get("id"))
        event = form_event(body, self.directory.cached_person(team_id, user_id))
        replies = await self.core.handle(event)
        view = body.get("view") or {}
        errors = {k: v for r in replies if r.form_errors for k, v in r.form_errors.items()}
        if errors:
            await ack(response_action="errors", errors=field_errors(view, errors))
            return
        state = ModalState.decode(view.get("private_metadata"))
        follow_up = next((r for r in replies if r.form is not None), None)
        if follow_up is not None and follow_up.form is not None:
            follow_up_view = modal_view(follow_up.form, state.channel_id, from_home=state.from_home)
            await ack(response_action="update", view=follow_up_view)
            replies = [r for r in replies if r is not follow_up]
        else:
            await ack()
        origin = Origin(
            team_id=team_id, user_id=user_id, channel_id=state.channel_id, from_home=state.from_home
        )
        # Straight after the acknowledgement, ahead of queued work: the member is looking at the modal.
        answering = self._answer_form(self._client(context), origin, replies, done=follow_up is None)
        self._after_ack(answering, queue=False)

    async def _answer_form(
        self, client: AsyncWebClient, origin: Origin, replies: list[Reply], done: bool
    ) -> None:
        await self.answers.deliver(client, origin, replies)
        if origin.from_home and done:
            person = self.directory.cached_person(origin.team_id, origin.user_id)
            await self._publish_home(client, origin.team_id, origin.user_id, person)

    # -- the work --------------------------------------------------------------

    async def _command(self, body: Body, client: AsyncWebClient) -> None:
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

    async def _actions(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = interaction_team(body), str((body.get("user") or {}).get("id"))
        person = await self.directory.person(team_id, user_id)
        origin = Origin(
            team_id=team_id,
            user_id=user_id,
            channel_id=interaction_channel(body),
            response_url=body.get("response_url"),
            trigger_id=body.get("trigger_id"),
            from_home=on_the_home(body),
        )
        opened_a_form = False
        for action in body.get("actions") or []:
            if action.get("type") == "button":
                replies = await self.core.handle(action_event(body, action, person))
                opened_a_form |= any(r.form is not None for r in replies)
                await self.answers.deliver(client, origin, replies)
        if origin.from_home and not opened_a_form:  # a form refreshes the Home once it's submitted
            await self._publish_home(client, team_id, user_id, person)

    async def _reaction(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = str(body.get("team_id") or ""), str((body.get("event") or {}).get("user"))
        if not on_a_message(body):
            return
        event = reaction_event(body, await self.directory.person(team_id, user_id))
        if event is None:
            return
        replies = await self.core.handle(event)
        origin = Origin(team_id=team_id, user_id=user_id, channel_id=event.conversation.channel_id)
        await self.answers.deliver(client, origin, replies)

    async def _home(self, body: Body, client: AsyncWebClient) -> None:
        team_id, user_id = str(body.get("team_id") or ""), str((body.get("event") or {}).get("user"))
        event = home_event(body, await self.directory.person(team_id, user_id))
        if event is not None:
            await self._publish(client, team_id, user_id, await self.core.handle(event))

    async def _publish_home(self, client: AsyncWebClient, team_id: str, user_id: str, person: Person) -> None:
        """The App Home again, after the member changed something from it."""
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

    # -- background bookkeeping ------------------------------------------------

    def _client(self, context: AsyncBoltContext) -> AsyncWebClient:
        """A Web API client with this request's bot token, on the shared connection pool."""
        return self.clients.with_token(context.bot_token)

    def _after_ack(self, work: Coroutine[Any, Any, None], *, queue: bool = True) -> None:
        task = asyncio.create_task(self._run(work, queue))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _run(self, work: Coroutine[Any, Any, None], queue: bool) -> None:
        try:
            if queue:
                async with self._work_slots:
                    await work
            else:
                await work
        except Exception:
            # The core never raises; this is the adapter failing. Logged, since no request waits on it.
            log.exception("work after an acknowledgement failed")

    async def finish(self) -> None:
        """Wait for work still under way (a graceful stop)."""
        while self._background:
            await asyncio.gather(*self._background, return_exceptions=True)


def register_listeners(bolt: AsyncApp, bridge: SlackBridge) -> None:
    bolt.command(ANY_COMMAND)(bridge.on_command)
    bolt.action(ANY)(bridge.on_action)
    bolt.view_submission(ANY)(bridge.on_view_submission)
    bolt.event("reaction_added")(bridge.on_reaction)
    bolt.event("reaction_removed")(bridge.on_reaction)
    bolt.event("app_home_opened")(bridge.on_home_opened)
