"""The console gateway: lines in, printed messages out, all in process.

It is the console adapter's engine (``bounceback console`` wraps it around a
terminal) and the fast in-process gateway the core's tests drive. Typed lines
are slash commands exactly as on Slack; console verbs (``/as``, ``/react``,
``/unreact``, ``/click``, ``/wait``, ``/quit``) stand in for what a chat
client's buttons and reactions would do.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

from adapters.console.attachments import DIRECTORY_NAME, save_privately
from adapters.console.render import render_reply
from bot.app import Bounceback
from bot.clock import ManualClock
from bot.events import (
    ActionClicked,
    Actor,
    CommandInvoked,
    Conversation,
    Event,
    FormSubmitted,
    ReactionAdded,
    ReactionRemoved,
)
from bot.numbers import whole_number
from bot.ports import Delivered
from bot.replies import Audience, FieldKind, Form, FormField, Reply

PLATFORM = "console"
WORKSPACE = "local"
BOT_USER_ID = "bounceback"
_DURATION = re.compile(r"([0-9]+)\s*(w|d|h|m)")
_MINUTES = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
WAIT_STEP = timedelta(hours=1)
# Time moves in hourly steps, each running the scheduler, so a year would take minutes of silence.
MAX_WAIT_WEEKS = 8
MAX_WAIT = timedelta(weeks=MAX_WAIT_WEEKS)

Ticker = Callable[[], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Printed:
    """A message as the console showed it."""

    message_id: str
    where: str
    reply: Reply
    author_id: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _Where(TypedDict):
    """Who and where, as every event from the console carries them."""

    actor: Actor
    conversation: Conversation


@dataclass
class _FormSession:
    form: Form
    pending: list[FormField]
    values: dict[str, str] = field(default_factory=dict)


def user_id_for(name: str) -> str:
    """A stable id from a display name: "Ana María" → "ana-maria"-like, safe in mentions."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "member"


class WaitTooLong(ValueError):
    """The duration asked for is longer than :data:`MAX_WAIT`."""


def parse_duration(text: str) -> timedelta | None:
    """The duration ``text`` spells (``8d``, ``3h``, ``1w2d``), ``None`` if it spells none.

    Raises :class:`WaitTooLong` past :data:`MAX_WAIT`, before any arithmetic
    could overflow a timedelta.
    """
    text = text.strip().lower()
    parts = _DURATION.findall(text)
    if not parts or _DURATION.sub("", text).strip():
        return None
    most = MAX_WAIT // timedelta(minutes=1)
    minutes = 0
    for number, unit in parts:
        count = whole_number(number, low=0, high=most)
        if count is None:
            raise WaitTooLong(text)
        minutes += count * _MINUTES[unit]
    if minutes > most:
        raise WaitTooLong(text)
    return timedelta(minutes=minutes)


def _is_command(line: str) -> bool:
    """A slash and a letter: ``/quit``, ``/rejected``; an answer like ``/ 5`` or ``//`` is still an answer."""
    return re.match(r"\s*/[a-zA-Z]", line) is not None


class ConsoleGateway:
    def __init__(
        self,
        app: Bounceback,
        clock: ManualClock,
        *,
        channel: str = "group",
        first_member: str = "Ana",
        tickers: Sequence[Ticker] = (),
        attachments_dir: Path | None = None,
    ) -> None:
        self.app = app
        self.clock = clock
        self.channel = channel
        self.tickers = list(tickers)
        self.attachments_dir = attachments_dir or Path.cwd() / DIRECTORY_NAME
        self.messages: dict[str, Printed] = {}
        self.names: dict[str, str] = {BOT_USER_ID: "Bounceback"}
        self.actor = self._actor(first_member)
        self.form: _FormSession | None = None
        self.last_form: _FormSession | None = None
        self.done = False
        self.pushed: list[str] = []
        self._counter = 0
        self._voice = app.voice_for("console")

    # -- the outside: lines in, lines out ---------------------------------

    def welcome(self) -> list[str]:
        return [self._say("console.welcome", channel=self.channel, name=self.actor.display_name)]

    @property
    def prompt(self) -> str:
        if self.form and self.form.pending:
            return self._field_prompt(self.form.pending[0])
        return f"{self.actor.display_name}> "

    async def send(self, line: str) -> list[str]:
        """Handle one typed line; return what the console prints.

        Inside a form every line is an answer, except a command: that leaves the
        form unsaved, with a notice, and runs, so a script missing one answer
        doesn't feed its later commands to the form as answers.
        """
        left: list[str] = []
        if self.form is not None:
            if not _is_command(line) or line.strip().lower() == "/cancel":
                return await self._answer_field(line)
            left = [self._say("console.form_left", title=self.form.form.title, command=line.split()[0])]
            self.form = None
        return left + await self._command(line)

    def end_of_input(self) -> list[str]:
        """What to say when the input ends: a form still open is dropped, unsaved."""
        if self.form is None:
            return []
        title, self.form = self.form.form.title, None
        return [self._say("console.form_dropped", title=title)]

    async def _command(self, line: str) -> list[str]:
        line = line.strip()
        if not line:
            return []
        if not line.startswith("/"):
            return [self._say("console.not_a_command")]
        verb, _, rest = line[1:].partition(" ")
        verb = verb.lower()
        verbs = {
            "as": self._switch_member,
            "react": self._react,
            "unreact": self._react,
            "click": self._click,
            "wait": self._wait,
            "quit": self._quit,
            "exit": self._quit,
        }
        if verb in verbs:
            return await verbs[verb](verb, rest.strip())
        return await self._dispatch(CommandInvoked(**self._where(), command=verb, text=rest))

    # -- console verbs -----------------------------------------------------

    async def _switch_member(self, _verb: str, name: str) -> list[str]:
        if not name:
            return [self._say("console.as_usage")]
        self.actor = self._actor(name)
        return [self._say("console.now_acting_as", name=self.actor.display_name)]

    async def _react(self, verb: str, rest: str) -> list[str]:
        parts = rest.split()
        if len(parts) != 2:
            return [self._say("console.react_usage")]
        emoji, message_id = parts[0].strip(":"), parts[1]
        target = self.messages.get(message_id)
        if target is None:
            return [self._say("console.no_such_message", message_id=message_id)]
        kind = ReactionAdded if verb == "react" else ReactionRemoved
        return await self._dispatch(
            kind(**self._where(), emoji=emoji, message_id=message_id, message_author_id=target.author_id)
        )

    async def _click(self, _verb: str, rest: str) -> list[str]:
        parts = rest.split()
        if len(parts) != 2:
            return [self._say("console.click_usage")]
        message_id, key = parts
        target = self.messages.get(message_id)
        if target is None:
            return [self._say("console.no_such_message", message_id=message_id)]
        button = next((b for b in target.reply.buttons if b.key == key.lower()), None)
        if button is None:
            keys = ", ".join(b.key for b in target.reply.buttons) or "none"
            return [self._say("console.no_such_button", message_id=message_id, button=key, buttons=keys)]
        return await self._dispatch(
            ActionClicked(
                **self._where(), action_id=button.action_id, value=button.value, message_id=message_id
            )
        )

    async def _wait(self, _verb: str, rest: str) -> list[str]:
        try:
            duration = parse_duration(rest)
        except WaitTooLong:
            return [self._say("console.wait_too_long", weeks=MAX_WAIT_WEEKS)]
        if duration is None:
            return [self._say("console.wait_usage")]
        end = self.clock.now() + duration
        out = [self._say("console.waited", when=end.strftime("%a %Y-%m-%d %H:%M"))]
        # Time moves in steps, as it would for a running bot, so what falls due on the way happens on time.
        while self.clock.now() < end:
            now = self.clock.advance(min(WAIT_STEP, end - self.clock.now()))
            step: list[str] = []
            for tick in self.tickers:
                step += await self._deliver(await tick())
            step, self.pushed = step + self.pushed, []
            if step:
                out += [self._say("console.at", when=now.strftime("%a %Y-%m-%d %H:%M")), *step]
        return out

    def deliver_outside(self, reply: Reply) -> Delivered:
        """Print a message sent outside any interaction (a scheduled ping); it shows at the next step."""
        message_id, lines = self._print(reply)
        self.pushed += lines
        where = (
            reply.channel_id or self.channel
            if reply.audience is Audience.GROUP
            else f"dm-{reply.recipient_user_id}"
        )
        return Delivered(channel_id=where, message_id=message_id)

    async def _quit(self, _verb: str, _rest: str) -> list[str]:
        self.done = True
        return [self._say("console.goodbye")]

    # -- forms, asked field by field ----------------------------------------

    def _field_prompt(self, f: FormField) -> str:
        parts = [f.label + (" *" if f.required else "")]
        if f.choices:
            parts.append(
                self._say(
                    "console.choices",
                    choices=", ".join(f"{i}) {c.label}" for i, c in enumerate(f.choices, 1)),
                )
            )
        if f.initial:
            parts.append(self._say("console.default", value=f.initial))
        return "  ".join(parts) + ": "

    def _start_form(
        self, form: Form, keep: dict[str, str] | None = None, only: set[str] | None = None
    ) -> list[str]:
        fields = [f for f in form.fields if only is None or f.key in only]
        self.form = _FormSession(form, fields, dict(keep or {}))
        return [self._say("console.form_start", title=form.title)]

    async def _answer_field(self, line: str) -> list[str]:
        session = self.form
        assert session is not None
        if line.strip().lower() == "/cancel":
            self.form = None
            return [self._say("console.form_cancelled")]
        current = session.pending[0]
        value = line.strip() or current.initial
        if not value and current.required:
            return [self._say("console.form_required")]
        if value and current.choices:
            chosen = self._choose(current, value)
            if chosen is None:
                return [self._say("console.form_bad_choice")]
            value = chosen
        session.values[current.key] = value
        session.pending.pop(0)
        if session.pending:
            return []
        self.form = None
        self.last_form = session
        return await self._dispatch(
            FormSubmitted(
                **self._where(),
                form_id=session.form.form_id,
                values=dict(session.values),
                context=session.form.context,
            )
        )

    @staticmethod
    def _choose(f: FormField, text: str) -> str | None:
        picked = []
        wanted = [t.strip() for t in text.split(",")] if f.kind is FieldKind.MULTI_SELECT else [text.strip()]
        for item in wanted:
            if not item:
                continue
            match = next(
                (
                    c.value
                    for i, c in enumerate(f.choices, 1)
                    if item == str(i) or item.lower() in (c.value.lower(), c.label.lower())
                ),
                None,
            )
            if match is None:
                return None
            picked.append(match)
        return ",".join(picked)

    # -- events in, replies out --------------------------------------------

    async def _dispatch(self, event: Event) -> list[str]:
        return await self._deliver(await self.app.handle(event))

    async def _deliver(self, replies: list[Reply]) -> list[str]:
        out: list[str] = []
        for reply in replies:
            if reply.form is not None:
                out += self._start_form(reply.form)
                continue
            message_id, lines = self._print(reply)
            out += lines
            if reply.record is not None:
                channel = reply.channel_id or self.channel
                await self.app.record_post(PLATFORM, WORKSPACE, reply.record, channel, message_id)
            if reply.form_errors and self.last_form is not None:
                fields = ", ".join(reply.form_errors.values())
                out.append(self._say("console.form_fix", field=fields))
                out += self._start_form(self.last_form.form, self.last_form.values, set(reply.form_errors))
        return out

    def _print(self, reply: Reply) -> tuple[str, list[str]]:
        self._counter += 1
        message_id = f"m{self._counter}"
        if reply.audience is Audience.GROUP:
            where = self._say("console.group", channel=reply.channel_id or self.channel)
        elif reply.audience is Audience.DIRECT:
            where = self._say("console.dm_to", name=self._name_of(reply.recipient_user_id or ""))
        else:
            where = self._say("console.private_to", name=self.actor.display_name)
        lines = render_reply(reply, self._name_of)
        if reply.attachment is not None:
            lines.append(self._save(message_id, reply.attachment.filename, reply.attachment.data))
        printed = Printed(message_id, where, reply, BOT_USER_ID, tuple(lines))
        self.messages[message_id] = printed
        return message_id, [f"[{message_id}] ({where})", *("    " + line for line in lines)]

    def _save(self, message_id: str, filename: str, data: bytes) -> str:
        try:
            path = save_privately(self.attachments_dir, f"{message_id}-{filename}", data)
        except OSError as exc:
            return self._say("console.attachment_not_saved", filename=filename, problem=exc.strerror or exc)
        return self._say("console.attachment_saved", filename=filename, path=path)

    # -- helpers -----------------------------------------------------------

    def _actor(self, name: str) -> Actor:
        user_id = user_id_for(name)
        self.names[user_id] = name.strip()
        return Actor(platform=PLATFORM, workspace_id=WORKSPACE, user_id=user_id, display_name=name.strip())

    def _where(self) -> _Where:
        return {"actor": self.actor, "conversation": Conversation(channel_id=self.channel)}

    def _name_of(self, user_id: str) -> str:
        return self.names.get(user_id, user_id)

    def _say(self, key: str, **params: object) -> str:
        return self._voice.label(key, **params)
