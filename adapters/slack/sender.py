"""Posting replies to Slack: DMs, group posts and files. Implements the core's ReplySender.

Every call goes through slack_sdk's retry handlers first (429 after
``Retry-After``, 5xx with back-off); what still fails becomes a
:class:`~bot.ports.DeliveryFailed` saying whether trying again can help.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import render_message
from adapters.slack.clients import NotInstalled, SlackClients
from adapters.slack.translate import PLATFORM
from bot.ports import Delivered, DeliveryFailed
from bot.replies import Attachment, Audience, PostRecord, Reply

log = logging.getLogger(__name__)

RecordPost = Callable[[str, str, PostRecord, str, str], Awaitable[None]]

# Slack error codes that no retry can fix: the channel, user or install is gone, or the message is wrong.
PERMANENT_ERRORS = frozenset(
    {
        "account_inactive",
        "cannot_dm_bot",
        "channel_not_found",
        "invalid_auth",
        "invalid_blocks",
        "is_archived",
        "missing_scope",
        "msg_too_long",
        "no_text",
        "not_allowed_token_type",
        "not_authed",
        "not_in_channel",
        "restricted_action",
        "team_access_not_granted",
        "token_revoked",
        "user_disabled",
        "user_not_found",
    }
)


def delivery_failure(err: Exception) -> DeliveryFailed:
    """What a failed Web API call means for whoever wants to try again."""
    if isinstance(err, SlackApiError):
        status = err.response.status_code
        code = str(err.response.get("error") or "")
        if status == 429:
            retry_after = err.response.headers.get("Retry-After") or err.response.headers.get("retry-after")
            return DeliveryFailed("rate limited", retry_after=float(retry_after or 1))
        return DeliveryFailed(f"slack error {status} {code}".strip(), permanent=code in PERMANENT_ERRORS)
    if isinstance(err, NotInstalled):
        return DeliveryFailed(f"the app isn't installed in workspace {err}", permanent=True)
    return DeliveryFailed(f"{type(err).__name__}: {err}")


DELIVERY_ERRORS = (SlackApiError, NotInstalled, aiohttp.ClientError, TimeoutError)


class SlackReplySender:
    """Delivers DIRECT replies (conversations.open, then chat.postMessage) and GROUP ones (to their channel).

    A reply asking for its post to be recorded is recorded once it landed, so
    reactions on it can be traced to its subject.
    """

    def __init__(self, clients: SlackClients, record_post: RecordPost | None = None) -> None:
        self._clients = clients
        self._record_post = record_post

    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        try:
            client = await self._clients.for_team(workspace_id)
        except NotInstalled as err:
            raise delivery_failure(err) from err
        return await self.send_with(client, workspace_id, reply)

    async def send_with(self, client: AsyncWebClient, workspace_id: str, reply: Reply) -> Delivered:
        """Like :meth:`send`, with a client already at hand (an interaction's)."""
        try:
            channel = await self._destination(client, reply)
            rendered = render_message(reply)
            response = await client.chat_postMessage(
                channel=channel,
                text=rendered.text,
                blocks=rendered.blocks,
                unfurl_links=False,
                unfurl_media=False,
            )
            delivered = Delivered(str(response["channel"]), str(response["ts"]))
        except DELIVERY_ERRORS as err:
            raise delivery_failure(err) from err
        if reply.attachment is not None:
            await self._upload(client, delivered.channel_id, reply.attachment)
        if reply.record is not None and self._record_post is not None:
            try:
                await self._record_post(
                    PLATFORM, workspace_id, reply.record, delivered.channel_id, delivered.message_id
                )
            except Exception:
                # The message is out; failing here would only make a retry post it twice.
                log.exception("posted %s but could not record it", delivered)
        return delivered

    async def _destination(self, client: AsyncWebClient, reply: Reply) -> str:
        if reply.audience is Audience.GROUP:
            if not reply.channel_id:
                raise DeliveryFailed("a group reply without a channel", permanent=True)
            return reply.channel_id
        if not reply.recipient_user_id:
            raise DeliveryFailed(f"a {reply.audience} reply without a recipient", permanent=True)
        opened = await client.conversations_open(users=reply.recipient_user_id)
        return str(opened["channel"]["id"])

    async def _upload(self, client: AsyncWebClient, channel_id: str, attachment: Attachment) -> None:
        """The file after its message (files upload v2).

        A failed upload fails the delivery: sending the message again beats losing the file.
        """
        try:
            await client.files_upload_v2(
                channel=channel_id,
                content=attachment.data,
                filename=attachment.filename,
                title=attachment.filename,
                alt_txt=attachment.alt_text or None,
            )
        except DELIVERY_ERRORS as err:
            raise delivery_failure(err) from err


def as_direct_message(reply: Reply, user_id: str) -> Reply:
    """A private answer that must go by DM (files, or nowhere else to show it)."""
    return replace(reply, audience=Audience.DIRECT, recipient_user_id=user_id)
