"""Answering inside an interaction: forms as modals, private answers where only the member sees them.

- a form opens as a modal with the interaction's ``trigger_id`` (valid once, for three seconds);
- a private answer goes by the interaction's ``response_url`` as an ephemeral message, else
  chat.postEphemeral in the channel, else (App Home, no channel, the bot not in it) a DM;
  a private answer with a file always goes by DM: files can't be ephemeral;
- group posts and DMs go through the sender; what still fails is kept in the outbox for a retry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import render_message
from adapters.slack.clients import SlackClients
from adapters.slack.modals import modal_view
from adapters.slack.retry import KeepForRetry
from adapters.slack.sender import DELIVERY_ERRORS, SlackReplySender, as_direct_message, delivery_failure
from bot.copy import Voice
from bot.ports import DeliveryFailed
from bot.replies import Audience, Reply, private

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Where an interaction came from, and the ways back to the member who made it."""

    team_id: str
    user_id: str
    channel_id: str | None = None
    response_url: str | None = None
    trigger_id: str | None = None
    from_home: bool = False  # a click on the App Home, or a form opened from it


class InteractionAnswers:
    def __init__(
        self,
        clients: SlackClients,
        sender: SlackReplySender,
        retries: KeepForRetry,
        voice_for: Callable[[str], Voice],
    ) -> None:
        self._clients = clients
        self._sender = sender
        self._retries = retries
        self._voice_for = voice_for

    async def deliver(self, client: AsyncWebClient, origin: Origin, replies: list[Reply]) -> None:
        trigger_id = origin.trigger_id
        for reply in replies:
            try:
                if reply.form is not None:
                    await self._open_form(client, origin, reply, trigger_id)
                    trigger_id = None  # a trigger opens one modal
                elif reply.audience is Audience.PRIVATE:
                    await self._private(client, origin, reply)
                else:
                    await self._sender.send_with(client, origin.team_id, reply)
            except DeliveryFailed as failure:
                await self._retries.keep(origin.team_id, reply, failure)
                if failure.permanent and reply.audience is Audience.GROUP:
                    await self._say_the_group_post_failed(client, origin)

    async def _say_the_group_post_failed(self, client: AsyncWebClient, origin: Origin) -> None:
        """A post nobody will see must not pass for shared: the member hears why, and what to do."""
        voice = self._voice_for(f"slack:group-post-failed:{origin.user_id}")
        try:
            await self._private(client, origin, private(voice.say("slack.group_post_failed")))
        except DeliveryFailed as failure:
            log.error("could not tell %s their group post failed either: %s", origin.user_id, failure)

    async def _open_form(
        self, client: AsyncWebClient, origin: Origin, reply: Reply, trigger_id: str | None
    ) -> None:
        assert reply.form is not None
        if trigger_id is None:
            raise DeliveryFailed(f"no trigger to open form {reply.form.form_id}", permanent=True)
        try:
            view = modal_view(reply.form, origin.channel_id, from_home=origin.from_home)
        except SlackObjectFormationError as err:  # a form Slack would refuse, e.g. a menu with no choices
            why = f"form {reply.form.form_id} is not a valid modal: {err}"
            raise DeliveryFailed(why, permanent=True) from err
        try:
            await client.views_open(trigger_id=trigger_id, view=view)
        except DELIVERY_ERRORS as err:
            # An expired trigger can't be retried; say so in the log rather than retry in vain.
            failure = delivery_failure(err)
            raise DeliveryFailed(str(failure), permanent=True) from err

    async def _private(self, client: AsyncWebClient, origin: Origin, reply: Reply) -> None:
        if reply.attachment is None:
            if origin.response_url and await self._respond(origin.response_url, reply):
                return
            if origin.channel_id and await self._ephemeral(client, origin, origin.channel_id, reply):
                return
        await self._sender.send_with(client, origin.team_id, as_direct_message(reply, origin.user_id))

    async def _respond(self, response_url: str, reply: Reply) -> bool:
        rendered = render_message(reply)
        message = {
            "response_type": "ephemeral",
            "replace_original": False,
            "text": rendered.text,
            "blocks": rendered.blocks,
        }
        try:
            response = await self._clients.webhook(response_url).send_dict(message)
        except DELIVERY_ERRORS as err:
            log.warning("response_url failed (%s); trying another way", err)
            return False
        if response.status_code != 200:
            log.warning("response_url answered %s; trying another way", response.status_code)
            return False
        return True

    async def _ephemeral(self, client: AsyncWebClient, origin: Origin, channel_id: str, reply: Reply) -> bool:
        rendered = render_message(reply)
        try:
            await client.chat_postEphemeral(
                channel=channel_id, user=origin.user_id, text=rendered.text, blocks=rendered.blocks
            )
        except DELIVERY_ERRORS as err:
            log.warning("chat.postEphemeral in %s failed (%s); sending a DM", channel_id, err)
            return False
        return True
