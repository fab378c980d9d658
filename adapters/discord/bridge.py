"""Between discord.py and the core: interactions and reactions in, replies rendered back.

One interaction, one core event, saved to the durable inbox (:mod:`adapters.discord.inbox`)
before anything is said to Discord, so nothing acknowledged is lost in a crash. The inbox worker
then handles it, and answers through the live interaction. It gets :data:`DEFER_AFTER` seconds:
a form can only open as the *first* response, so the bridge waits for the answer before
responding; when it is slower, the interaction is deferred (Discord allows three seconds) and the
answer follows up. A form that arrives after a deferral opens from a button instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Concatenate, ParamSpec

import discord

from adapters.discord.answer import Answerer, form_button_view, note_with, privately
from adapters.discord.dedupe import ReactionKeys, RecentIds
from adapters.discord.forms import ModalAddress, OpenForm, OpenForms, build_modal, values_from_submission
from adapters.discord.inbox import LiveInteractions, interaction_arrival
from adapters.discord.reach import InPlace
from adapters.discord.stored import InteractionEvent
from adapters.discord.translate import (
    actor_from_interaction,
    conversation_from_interaction,
    reaction_event,
)
from bot.app import Bounceback
from bot.copy import Voice
from bot.events import ActionClicked, CommandInvoked, FormSubmitted
from bot.inbox.runtime import Inbox, Saved
from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Audience

log = logging.getLogger(__name__)

P = ParamSpec("P")
DEFER_AFTER = 2.0  # seconds; Discord drops an interaction not answered within 3


def tells_failures(
    answer: Callable[Concatenate[DiscordBridge, discord.Interaction[Any], P], Awaitable[None]],
) -> Callable[Concatenate[DiscordBridge, discord.Interaction[Any], P], Awaitable[None]]:
    """Whatever goes wrong while answering is logged, and the member gets a friendly word, never a trace."""

    @functools.wraps(answer)
    async def guarded(
        bridge: DiscordBridge, interaction: discord.Interaction[Any], *args: P.args, **kwargs: P.kwargs
    ) -> None:
        with bridge.under_way():
            try:
                await answer(bridge, interaction, *args, **kwargs)
            except Exception:
                log.exception("answering interaction %s failed", interaction.id)
                await bridge.apologise(interaction)

    return guarded


class DiscordBridge:
    """Turns each interaction or raw reaction into one core event and delivers the core's replies."""

    def __init__(
        self, client: discord.Client, app: Bounceback, inbox: Inbox, *, defer_after: float = DEFER_AFTER
    ) -> None:
        self.client = client
        self.app = app
        self.inbox = inbox
        self.forms = OpenForms()
        self.answerer = Answerer(client, app, self.forms)
        self.sender = self.answerer.sender
        self.live = LiveInteractions()
        self.defer_after = defer_after
        self._interactions = RecentIds()
        self._reactions = ReactionKeys()
        self._under_way: set[asyncio.Task[Any]] = set()

    @contextlib.contextmanager
    def under_way(self) -> Iterator[None]:
        """Count the current task as an answer under way until the block ends (see :meth:`finish`)."""
        task = asyncio.current_task()
        assert task is not None
        self._under_way.add(task)
        try:
            yield
        finally:
            self._under_way.discard(task)

    async def finish(self) -> None:
        """Wait for the answers under way: a graceful stop, once the gateway brings no new interactions."""
        while self._under_way:
            await asyncio.gather(*self._under_way, return_exceptions=True)

    # -- interactions ------------------------------------------------------

    @tells_failures
    async def on_command(self, interaction: discord.Interaction[Any], command: str, text: str = "") -> None:
        event = CommandInvoked(**self._origin(interaction), command=command, text=text)
        await self._answer(interaction, event)

    @tells_failures
    async def on_form_values(
        self,
        interaction: discord.Interaction[Any],
        form_id: str,
        values: Mapping[str, str],
        context: str = "",
    ) -> None:
        """A command whose typed options fill in a form (``/rejected company:… stage:…``)."""
        event = FormSubmitted(
            **self._origin(interaction), form_id=form_id, values=dict(values), context=context
        )
        await self._answer(interaction, event)

    @tells_failures
    async def on_action(
        self, interaction: discord.Interaction[Any], workspace_id: str, action_id: str, value: str
    ) -> None:
        message_id = str(interaction.message.id) if interaction.message else None
        event = ActionClicked(
            **self._origin(interaction, workspace_id), action_id=action_id, value=value, message_id=message_id
        )
        await self._answer(interaction, event)

    @tells_failures
    async def on_modal_submit(self, interaction: discord.Interaction[Any]) -> None:
        data: Mapping[str, Any] = interaction.data or {}
        address = ModalAddress.parse(str(data.get("custom_id", "")))
        if address is None or not self._interactions.first_time(str(interaction.id)):
            return
        voice = self.app.voice_for(str(interaction.id))
        values = values_from_submission(data.get("components", []))
        entry = self.forms.get(address.token)
        if entry is None and (address.pages > 1 or not address.form_id):
            await self.say_privately(interaction, voice.say("discord.form.expired"))
            return
        if entry is not None:
            entry.values.update(values)
            for key in values:
                entry.errors.pop(key, None)
            if address.page + 1 < address.pages:
                await self._next_page(interaction, voice, address)
                return
            form_id, context, values = entry.form.form_id, entry.form.context, dict(entry.values)
        else:
            form_id, context = address.form_id, address.context
        event = FormSubmitted(
            **self._origin(interaction, address.workspace_id), form_id=form_id, values=values, context=context
        )
        await self._answer(interaction, event, open_form=(address.token, entry) if entry else None)

    @tells_failures
    async def on_form_step(self, interaction: discord.Interaction[Any], token: str, step: str) -> None:
        if not self._interactions.first_time(str(interaction.id)):
            return
        voice = self.app.voice_for(str(interaction.id))
        entry = self.forms.get(token)
        if entry is None:
            await self.say_privately(interaction, voice.say("discord.form.expired"))
            return
        pages = entry.pages
        if step == "fix":
            page = next((i for i, p in enumerate(pages) for f in p if f.key in entry.errors), 0)
        elif step.startswith("next"):
            page = min(int(step.removeprefix("next")), len(pages) - 1)
        else:
            page = 0
        await interaction.response.send_modal(build_modal(voice, token, entry, page))

    # -- reactions -----------------------------------------------------------

    async def on_raw_reaction(self, raw: discord.RawReactionActionEvent) -> None:
        with self.under_way():
            await self._react(raw)

    async def _react(self, raw: discord.RawReactionActionEvent) -> None:
        if raw.guild_id is None or (self.client.user is not None and raw.user_id == self.client.user.id):
            return
        event = reaction_event(raw, self._reactions.key_for(raw))
        for reply in await self.app.handle(event):
            if reply.form is not None:
                continue  # a form needs an interaction to open from
            if reply.audience is Audience.PRIVATE:
                # No interaction to answer privately: a DM is the only private place.
                reply = replace(reply, audience=Audience.DIRECT, recipient_user_id=event.actor.user_id)
            try:
                await self.answerer.send(event.actor.workspace_id, reply)
            except DeliveryFailed as exc:
                log.warning("reply to a reaction not delivered: %s", exc)

    # -- answering -------------------------------------------------------------

    def _origin(
        self, interaction: discord.Interaction[Any], workspace_id: str | None = None
    ) -> dict[str, Any]:
        workspace = str(interaction.guild_id) if interaction.guild_id else (workspace_id or "")
        return {
            "actor": actor_from_interaction(interaction, workspace),
            "conversation": conversation_from_interaction(interaction),
            "event_id": str(interaction.id),
        }

    async def _answer(
        self,
        interaction: discord.Interaction[Any],
        event: InteractionEvent,
        *,
        open_form: tuple[str, OpenForm] | None = None,
    ) -> None:
        """Save, have the inbox worker handle it, and defer if the answer takes longer than
        :attr:`defer_after` (the worker then follows up through the same interaction)."""
        started = time.monotonic()
        live = self.live.hold(interaction, open_form)
        if live is None:
            log.info("interaction %s dispatched again; already being answered", interaction.id)
            return
        voice = self.app.voice_for(str(interaction.id))
        saved = await self.inbox.accept(interaction_arrival(interaction, event, self.app.clock.now()))
        if saved is not Saved.NEW:
            self.live.release(str(interaction.id))
            if saved is Saved.NOT_SAVED:
                await self.say_privately(interaction, voice.say("inbox.not_saved"))
            else:
                log.info("interaction %s was saved before; it is answered once", interaction.id)
            return
        behind = self.inbox.behind
        self.inbox.kick()
        if not behind:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.0, self.defer_after - (time.monotonic() - started))):
                    await live.settled.wait()
        async with live.lock:
            if interaction.response.is_done():
                return
            if behind:  # others are waiting ahead of it: say so rather than only "thinking…"
                await self.say_privately(interaction, voice.say("inbox.busy"))
            else:
                await interaction.response.defer(ephemeral=True, thinking=True)

    async def _next_page(
        self, interaction: discord.Interaction[Any], voice: Voice, address: ModalAddress
    ) -> None:
        view = form_button_view(
            address.token, f"next{address.page + 1}", voice.label("discord.form.continue")
        )
        body = voice.say("discord.form.page_saved", page=address.page + 1, pages=address.pages)
        await InPlace(interaction).say(note_with(body, view))

    async def apologise(self, interaction: discord.Interaction[Any]) -> None:
        """The core's apology for an internal error, privately, if the interaction can still be answered."""
        with contextlib.suppress(discord.HTTPException):
            await self.say_privately(
                interaction, self.app.voice_for(str(interaction.id)).say("errors.internal")
            )

    async def out_of_date(self, interaction: discord.Interaction[Any]) -> None:
        """Tell the member this command is registered out of date (autocomplete gets no suggestions)."""
        with contextlib.suppress(discord.HTTPException):
            if interaction.type is discord.InteractionType.autocomplete:
                await interaction.response.autocomplete([])
                return
            body = self.app.voice_for(str(interaction.id)).say("discord.out_of_date")
            await self.say_privately(interaction, body)

    async def say_privately(self, interaction: discord.Interaction[Any], body: Markup) -> None:
        await InPlace(interaction).say(privately(body))
