"""Where a member's private answers go: the interaction itself, its follow-up webhook, or a DM.

- :class:`InPlace`: the live interaction, in this process: the first response (a message or a
  form) while it is still open, follow-ups after it.
- :class:`Later`: a row answered without its live interaction (after a restart, or by another
  shard's process): follow-ups through the interaction's webhook while its token lives; once it
  has expired, or when Discord refuses the follow-up (the interaction was never acknowledged
  before the crash), a DM that starts with a word about the delay.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import discord

from adapters.discord.render import MessageParts

log = logging.getLogger(__name__)


class Reach(Protocol):
    async def say(self, parts: MessageParts) -> None:
        """Show the member something only they see."""
        ...

    def can_open_form(self) -> bool: ...

    async def open_form(self, modal: discord.ui.Modal) -> None: ...

    async def finish(self, done: MessageParts | None) -> None:
        """After the answer: make sure the member isn't left waiting. ``done`` ("Done.") is for
        an answer that went only elsewhere (a post, a DM); None when the core had nothing to say."""
        ...


class InPlace:
    def __init__(self, interaction: discord.Interaction[Any]) -> None:
        self.interaction = interaction

    async def say(self, parts: MessageParts) -> None:
        if self.interaction.response.is_done():
            await self.interaction.followup.send(ephemeral=True, **parts.kwargs())
        else:
            await self.interaction.response.send_message(ephemeral=True, **parts.kwargs())

    def can_open_form(self) -> bool:
        # A modal opens only as the first response, and never in answer to another modal.
        return (
            not self.interaction.response.is_done()
            and self.interaction.type is not discord.InteractionType.modal_submit
        )

    async def open_form(self, modal: discord.ui.Modal) -> None:
        await self.interaction.response.send_modal(modal)

    async def finish(self, done: MessageParts | None) -> None:
        response = self.interaction.response
        if response.is_done():
            return
        if self.interaction.type is discord.InteractionType.component:
            await response.defer()  # a click with nothing to say: acknowledge it quietly
        elif done is not None:
            await self.say(done)
        else:
            # Nothing at all: the core had handled this interaction already (a replay); it was answered then.
            log.info("interaction %s was handled before; not answering again", self.interaction.id)


def refused(exc: discord.HTTPException) -> bool:
    """Discord won't take follow-ups for this interaction: 404 (Unknown Webhook or Interaction: it was
    never acknowledged, as when the process died first) or, once the token has expired, 401 (Invalid
    Webhook Token)."""
    return exc.status in (401, 404)


def follow_up_webhook(client: discord.Client, application_id: int, token: str) -> discord.Webhook:
    """The interaction's webhook, rebuilt from its application id and token.

    ``Webhook.partial`` makes an incoming webhook; an interaction's is an application webhook
    (``WebhookType.application``), the only kind discord.py lets send ephemeral messages.
    """
    webhook = discord.Webhook.partial(application_id, token, client=client)
    webhook.type = discord.WebhookType.application
    return webhook


class Later:
    """Follow-ups through the interaction's webhook (``webhook``), else DMs introduced by ``sorry``."""

    def __init__(
        self,
        client: discord.Client,
        user_id: str,
        webhook: discord.Webhook | None,
        sorry: MessageParts | None,
    ) -> None:
        self.client = client
        self.user_id = user_id
        self.webhook = webhook
        self.sorry = sorry
        self._said = False
        self._dm: discord.DMChannel | None = None
        self._unreachable = False

    async def say(self, parts: MessageParts) -> None:
        if self.webhook is not None:
            try:
                await self.webhook.send(ephemeral=True, wait=True, **parts.kwargs())
                self._said = True
                return
            except discord.HTTPException as exc:
                if not refused(exc):
                    raise
                log.info("the follow-up was refused (%s %s); answering by DM", exc.status, exc.code)
                self.webhook = None
        await self._direct(parts)

    async def _direct(self, parts: MessageParts) -> None:
        if self._unreachable:
            return
        try:
            if self._dm is None:
                self._dm = await self.client.create_dm(discord.Object(int(self.user_id)))
                if self.sorry is not None:
                    await self._dm.send(**self.sorry.kwargs())
            await self._dm.send(**parts.kwargs())
            self._said = True
        except discord.HTTPException as exc:
            self._unreachable = True
            log.warning("a late answer could not be sent by DM either: %s %s", exc.status, exc.code)

    def can_open_form(self) -> bool:
        return False

    async def open_form(self, modal: discord.ui.Modal) -> None:
        raise RuntimeError("a form opens only as an interaction's first response")

    async def finish(self, done: MessageParts | None) -> None:
        # Only to end a deferral's "thinking…": a DM saying just "Done." would be noise.
        if self._said or done is None or self.webhook is None:
            return
        try:
            await self.webhook.send(ephemeral=True, wait=True, **done.kwargs())
        except discord.HTTPException as exc:
            if not refused(exc):
                raise
            log.info("the interaction was never acknowledged; nothing to finish")
