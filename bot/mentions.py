"""Reading the member a command names: ``/kudos @member why``.

Each platform writes a reference to a member its own way:

- Slack: ``<@U123>`` or ``<@U123|name>`` (commands escape mentions like this
  when the app's manifest sets ``should_escape``);
- Discord: ``<@123>`` or the legacy ``<@!123>`` (a user option arrives so too);
- the console: ``@name``, the member whose id the console derives from that name.

A typed ``@name`` that isn't a platform mention is kept as a name to look up
among the community's members. Anything that would reach more than one
member (``@everyone``, ``@here``, ``<!channel>``, a Slack user group, a
Discord role) or a channel is refused with a friendly message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import UserError

CONSOLE = "console"

_USER = re.compile(r"<@!?([A-Za-z0-9]{2,40})(?:\|([^>]{1,80}))?>")
_BROADCAST = re.compile(r"<!(?:here|channel|everyone)(?:\|[^>]*)?>|@(?:everyone|here|channel)\b", re.I)
_GROUP = re.compile(r"<!subteam\^[^>]*>|<@&\d+>")
_CHANNEL = re.compile(r"<#[^>]*>")
_NAME = re.compile(r"@([^\s@<>]{1,80})")


@dataclass(frozen=True)
class MemberReference:
    """Who the command names: a platform ``user_id``, or only a typed ``name`` to look up."""

    user_id: str | None = None
    name: str | None = None


def console_user_id(name: str) -> str:
    """The id the console gives a member of this name (``Ana María`` → ``ana-mar-a``).

    Mirrors ``adapters.console.gateway.user_id_for``; a test keeps the two in step.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "member"


def split_member_reference(text: str, platform: str) -> tuple[MemberReference, str]:
    """The member named at the start of ``text`` and the rest of the text.

    Raises :class:`UserError` when no single member is named there.
    """
    text = text.strip()
    if not text:
        raise UserError("mentions.missing")
    word, _, rest = text.partition(" ")
    if _BROADCAST.match(text) or _BROADCAST.fullmatch(word):
        raise UserError("mentions.broadcast")
    if _GROUP.match(text):
        raise UserError("mentions.group")
    if _CHANNEL.match(text):
        raise UserError("mentions.channel")
    if user := _USER.match(text):
        return MemberReference(user_id=user.group(1), name=user.group(2)), text[user.end() :].strip()
    if named := _NAME.fullmatch(word):
        name = named.group(1)
        if platform == CONSOLE:
            return MemberReference(user_id=console_user_id(name), name=name), rest.strip()
        return MemberReference(name=name), rest.strip()
    raise UserError("mentions.not_a_member", given=word[:40])
