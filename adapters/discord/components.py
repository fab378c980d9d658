"""Persistent buttons: everything a click needs is in its ``custom_id``, so old messages keep working.

discord.py's :class:`~discord.ui.DynamicItem` matches a clicked ``custom_id``
against a template and rebuilds the button from it, with no view kept in
memory; the client registers these classes at start-up, so a button on a
message sent before a restart still reaches the core.

- ``bb:<server>:<action_id>:<value>`` carries a core :class:`~bot.replies.Button`;
  the server id lets a button in a DM find its community.
- ``bbf:<token>:<step>`` drives a form in progress (open it, fix it, next page).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Protocol

import discord

if TYPE_CHECKING:
    from adapters.discord.bridge import DiscordBridge

ACTION_TEMPLATE = re.compile(r"^bb:(?P<workspace>\d+):(?P<action>[\w.\-]+):(?P<value>.*)$", re.DOTALL)
FORM_TEMPLATE = re.compile(r"^bbf:(?P<token>[0-9a-f]{12}):(?P<step>open|fix|next\d+)$")
CUSTOM_ID_LIMIT = 100
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}


class _WithBridge(Protocol):
    bridge: DiscordBridge


def bridge_of(interaction: discord.Interaction[Any]) -> DiscordBridge:
    client: _WithBridge = interaction.client
    return client.bridge


def action_custom_id(workspace_id: str, action_id: str, value: str) -> str:
    custom_id = f"bb:{workspace_id}:{action_id}:{value}"
    if len(custom_id) > CUSTOM_ID_LIMIT or not ACTION_TEMPLATE.match(custom_id):
        raise ValueError(f"button {action_id!r} with value {value!r} can't be carried in a custom_id")
    return custom_id


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ACTION_TEMPLATE):
    """A core button; clicking it sends the core ``ActionClicked(action_id, value)``."""

    def __init__(
        self,
        workspace_id: str,
        action_id: str,
        value: str,
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80] or None,
                style=style,
                custom_id=action_custom_id(workspace_id, action_id, value),
            )
        )
        self.workspace_id = workspace_id
        self.action_id = action_id
        self.value = value

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ActionButton:
        return cls(match["workspace"], match["action"], match["value"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await bridge_of(interaction).on_action(interaction, self.workspace_id, self.action_id, self.value)


class FormButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=FORM_TEMPLATE):
    """A step of a form in progress: ``open`` it, ``fix`` it after errors, or go to page ``nextN``."""

    def __init__(
        self,
        token: str,
        step: str,
        *,
        label: str = "",
        style: discord.ButtonStyle = discord.ButtonStyle.primary,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label[:80] or None, style=style, custom_id=f"bbf:{token}:{step}")
        )
        self.token = token
        self.step = step

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FormButton:
        return cls(match["token"], match["step"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await bridge_of(interaction).on_form_step(interaction, self.token, self.step)
