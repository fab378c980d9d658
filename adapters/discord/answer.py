"""The core's replies to one interaction, rendered and delivered through a :class:`Reach`.

Private replies go wherever the reach takes them (the interaction, its follow-up webhook, a DM);
group posts and DMs go through the reply sender. A form opens as a modal when the reach still
can (the interaction's first response), and otherwise from a button under a short note.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import discord

from adapters.discord.components import FormButton
from adapters.discord.forms import OpenForm, OpenForms, build_modal
from adapters.discord.markdown import escape_text, to_discord
from adapters.discord.reach import Reach
from adapters.discord.render import MessageParts, render_reply
from adapters.discord.sender import DiscordReplySender
from adapters.discord.translate import PLATFORM
from bot.app import Bounceback
from bot.copy import Voice
from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Audience, Form, Reply, private

log = logging.getLogger(__name__)


def form_button_view(token: str, step: str, label: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FormButton(token, step, label=label))
    view.stop()  # matched by FormButton's template, like every button of ours: nothing to keep per message
    return view


def note_with(body: Markup, view: discord.ui.View) -> MessageParts:
    """A short private note of the adapter's own (from the copy catalogue) with a button under it."""
    return MessageParts(to_discord(body), None, view, None, discord.AllowedMentions.none())


def privately(body: Markup) -> MessageParts:
    return render_reply(private(body), "")


@dataclass(frozen=True)
class Asker:
    """Who the replies answer, and where they asked."""

    workspace_id: str
    user_id: str
    channel_id: str | None


class Answerer:
    def __init__(self, client: discord.Client, app: Bounceback, forms: OpenForms) -> None:
        self.app = app
        self.sender = DiscordReplySender(client)
        self.forms = forms

    async def answer(
        self,
        reach: Reach,
        voice: Voice,
        asker: Asker,
        replies: Sequence[Reply],
        open_form: tuple[str, OpenForm] | None = None,
    ) -> None:
        """Every reply, then whatever the member still needs to see to know it was done."""
        for reply in replies:
            await self._deliver(reach, voice, asker, reply, open_form)
        if open_form is not None and not any(r.form_errors for r in replies):
            self.forms.close(open_form[0])
        await reach.finish(privately(voice.say("discord.done")) if replies else None)

    async def _deliver(
        self, reach: Reach, voice: Voice, asker: Asker, reply: Reply, open_form: tuple[str, OpenForm] | None
    ) -> None:
        if reply.form is not None:
            await self._open(reach, voice, asker.workspace_id, reply.form)
        elif reply.audience is Audience.PRIVATE:
            parts = render_reply(reply, asker.workspace_id)
            if reply.form_errors:
                parts = self._with_errors(parts, voice, reply.form_errors, open_form)
            await reach.say(parts)
        else:
            await self._post(reach, voice, asker, reply)

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

    async def _post(self, reach: Reach, voice: Voice, asker: Asker, reply: Reply) -> None:
        if reply.audience is Audience.GROUP and not reply.channel_id:
            reply = replace(reply, channel_id=asker.channel_id)
        try:
            await self.send(asker.workspace_id, reply)
        except DeliveryFailed as exc:
            log.warning("%s reply not delivered: %s", reply.audience, exc)
            if reply.audience is Audience.DIRECT and reply.recipient_user_id == asker.user_id:
                # Their DMs are closed: show it here, privately, with a word on why.
                await reach.say(privately(voice.say("discord.dm_closed")))
                await reach.say(render_reply(reply, asker.workspace_id))
            elif reply.audience is Audience.DIRECT:
                await reach.say(privately(voice.say("discord.dm_failed")))
            else:
                await reach.say(privately(voice.say("discord.post_failed")))

    async def send(self, workspace_id: str, reply: Reply) -> None:
        """Post a group or direct reply now, and remember where it landed when the core asks."""
        delivered = await self.sender.send(workspace_id, reply)
        if reply.record is not None:
            await self.app.record_post(
                PLATFORM, workspace_id, reply.record, delivered.channel_id, delivered.message_id
            )

    async def _open(self, reach: Reach, voice: Voice, workspace_id: str, form: Form) -> None:
        token = self.forms.open(form, workspace_id)
        entry = self.forms.get(token)
        assert entry is not None
        if reach.can_open_form():
            await reach.open_form(build_modal(voice, token, entry, 0))
            return
        # Too late for a modal (already answered, answering a modal, or answered later): behind a button.
        # The form is kept in this process, as a deferred answer's always was: the button works while it runs.
        view = form_button_view(token, "open", voice.label("discord.form.open"))
        await reach.say(note_with(voice.say("discord.form.ready", title=form.title), view))
