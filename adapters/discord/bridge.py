"""Between discord.py and the core: interactions and reactions in, replies rendered back.

One interaction, one core event. The core gets :data:`DEFER_AFTER` seconds
to answer: a form can only open as the *first* response, so the bridge waits
for the core before answering; when the core is slower, the interaction is
deferred (Discord allows three seconds) and the answer follows up. A form that
arrives after a deferral opens from a button instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Concatenate, ParamSpec

import discord

from adapters.discord.components import FormButton
from adapters.discord.dedupe import ReactionKeys, RecentIds
from adapters.discord.forms import ModalAddress, OpenForm, OpenForms, build_modal, values_from_submission
from adapters.discord.markdown import escape_text, to_discord
from adapters.discord.render import MessageParts, render_reply
from adapters.discord.sender import DiscordReplySender
from adapters.discord.translate import (
    PLATFORM,
    actor_from_interaction,
    conversation_from_interaction,
    reaction_event,
)
from bot.app import Bounceback
from bot.copy import Voice
from bot.events import ActionClicked, CommandInvoked, Event, FormSubmitted
from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Audience, Form, Reply, private

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


def form_button_view(token: str, step: str, label: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FormButton(token, step, label=label))
    view.stop()  # matched by FormButton's template, like every button of ours: nothing to keep per message
    return view


def note_with(body: Markup, view: discord.ui.View) -> MessageParts:
    """A short private note of the adapter's own (from the copy catalogue) with a button under it."""
    return MessageParts(to_discord(body), None, view, None, discord.AllowedMentions.none())


class DiscordBridge:
    """Turns each interaction or raw reaction into one core event and delivers the core's replies."""

    def __init__(self, client: discord.Client, app: Bounceback, *, defer_after: float = DEFER_AFTER) -> None:
        self.client = client
        self.app = app
        self.sender = DiscordReplySender(client)
        self.forms = OpenForms()
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
        await self._answer(interaction, event, open_form=(address.token, entry) if entry else None, seen=True)

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
                await self._send(event.actor.workspace_id, reply)
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
            "raw": {"id": str(interaction.id), "type": interaction.type.value, "data": interaction.data},
        }

    async def _answer(
        self,
        interaction: discord.Interaction[Any],
        event: Event,
        *,
        open_form: tuple[str, OpenForm] | None = None,
        seen: bool = False,
    ) -> None:
        if not seen and not self._interactions.first_time(str(interaction.id)):
            log.info("interaction %s dispatched again; already answered", interaction.id)
            return
        handling = asyncio.ensure_future(self.app.handle(event))
        done, _ = await asyncio.wait({handling}, timeout=self.defer_after)
        if not done:
            await interaction.response.defer(ephemeral=True, thinking=True)
        replies = await handling
        voice = self.app.voice_for(str(interaction.id))
        workspace_id = event.actor.workspace_id
        for reply in replies:
            await self._deliver(interaction, voice, workspace_id, reply, open_form)
        if open_form is not None and not any(r.form_errors for r in replies):
            self.forms.close(open_form[0])
        if interaction.response.is_done():
            return
        if interaction.type is discord.InteractionType.component:
            await interaction.response.defer()  # a click with nothing to say: acknowledge it quietly
        elif replies:
            await self.say_privately(interaction, voice.say("discord.done"))  # only posted elsewhere
        else:
            # Nothing at all: the core had handled this interaction already (a replay); it was answered then.
            log.info("interaction %s was handled before; not answering again", interaction.id)

    async def _deliver(
        self,
        interaction: discord.Interaction[Any],
        voice: Voice,
        workspace_id: str,
        reply: Reply,
        open_form: tuple[str, OpenForm] | None,
    ) -> None:
        if reply.form is not None:
            await self._open(interaction, voice, workspace_id, reply.form)
        elif reply.audience is Audience.PRIVATE:
            await self._private(interaction, voice, workspace_id, reply, open_form)
        else:
            await self._post(interaction, voice, workspace_id, reply)

    async def _private(
        self,
        interaction: discord.Interaction[Any],
        voice: Voice,
        workspace_id: str,
        reply: Reply,
        open_form: tuple[str, OpenForm] | None,
    ) -> None:
        parts = render_reply(reply, workspace_id)
        if reply.form_errors:
            parts = self._with_errors(parts, voice, reply.form_errors, open_form)
        await self._ephemeral(interaction, parts)

    def _with_errors(
        self,
        parts: MessageParts,
        voice: Voice,
        errors: Mapping[str, str],
        open_form: tuple[str, OpenForm] | None,
    ) -> MessageParts:
        """The problems listed under the message; a button reopens the form with each beside its field."""
        labels = {}
        if open_form is not None:
            token, entry = open_form
            entry.errors = dict(errors)
            labels = {f.key: f.label for f in entry.form.fields}
            parts.view = form_button_view(token, "fix", voice.label("discord.form.fix"))
        lines = [
            f"**{escape_text(labels.get(key, key))}:** {escape_text(message)}"
            for key, message in errors.items()
        ]
        parts.content = "\n".join([parts.content or "", *lines]).strip()
        return parts

    async def _post(
        self, interaction: discord.Interaction[Any], voice: Voice, workspace_id: str, reply: Reply
    ) -> None:
        if reply.audience is Audience.GROUP and not reply.channel_id:
            reply = replace(reply, channel_id=str(interaction.channel_id))
        try:
            await self._send(workspace_id, reply)
        except DeliveryFailed as exc:
            log.warning("%s reply not delivered: %s", reply.audience, exc)
            acted = str(interaction.user.id)
            if reply.audience is Audience.DIRECT and reply.recipient_user_id == acted:
                # Their DMs are closed: show it here, privately, with a word on why.
                await self.say_privately(interaction, voice.say("discord.dm_closed"))
                await self._ephemeral(interaction, render_reply(reply, workspace_id))
            elif reply.audience is Audience.DIRECT:
                await self.say_privately(interaction, voice.say("discord.dm_failed"))
            else:
                await self.say_privately(interaction, voice.say("discord.post_failed"))

    async def _send(self, workspace_id: str, reply: Reply) -> None:
        """Post a group or direct reply now, and remember where it landed when the core asks."""
        delivered = await self.sender.send(workspace_id, reply)
        if reply.record is not None:
            await self.app.record_post(
                PLATFORM, workspace_id, reply.record, delivered.channel_id, delivered.message_id
            )

    async def _open(
        self, interaction: discord.Interaction[Any], voice: Voice, workspace_id: str, form: Form
    ) -> None:
        token = self.forms.open(form, workspace_id)
        entry = self.forms.get(token)
        assert entry is not None
        if (
            not interaction.response.is_done()
            and interaction.type is not discord.InteractionType.modal_submit
        ):
            await interaction.response.send_modal(build_modal(voice, token, entry, 0))
            return
        # Too late for a modal (already answered, or answering a modal): offer it behind a button.
        view = form_button_view(token, "open", voice.label("discord.form.open"))
        await self._ephemeral(interaction, note_with(voice.say("discord.form.ready", title=form.title), view))

    async def _next_page(
        self, interaction: discord.Interaction[Any], voice: Voice, address: ModalAddress
    ) -> None:
        view = form_button_view(
            address.token, f"next{address.page + 1}", voice.label("discord.form.continue")
        )
        body = voice.say("discord.form.page_saved", page=address.page + 1, pages=address.pages)
        await self._ephemeral(interaction, note_with(body, view))

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
        await self._ephemeral(interaction, render_reply(private(body), ""))

    async def _ephemeral(self, interaction: discord.Interaction[Any], parts: MessageParts) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=True, **parts.kwargs())
        else:
            await interaction.response.send_message(ephemeral=True, **parts.kwargs())
