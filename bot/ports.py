"""What the core needs from the outside world, as Protocols each adapter implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.events import Actor
from bot.replies import Reply


class RoleDirectory(Protocol):
    async def is_organiser(self, actor: Actor) -> bool:
        """Whether the platform itself makes this member an organiser (admin, owner, Manage Server)."""
        ...


class EveryoneOrganises:
    """For the console, where the one local group is run by whoever is typing."""

    async def is_organiser(self, actor: Actor) -> bool:
        return True


@dataclass(frozen=True)
class Delivered:
    """Where a message landed on the platform."""

    channel_id: str
    message_id: str


class DeliveryFailed(Exception):
    """A delivery that did not go through.

    ``retry_after`` (seconds) when the platform asked us to wait (HTTP 429);
    ``permanent`` when retrying cannot help (DMs closed, user gone, channel deleted).
    """

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.permanent = permanent


class ReplySender(Protocol):
    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        """Deliver a reply outside any interaction (scheduled pings, summaries, digests).

        ``reply.audience`` is DIRECT (to ``reply.recipient_user_id``) or GROUP
        (to ``reply.channel_id``). Raises :class:`DeliveryFailed`.
        """
        ...


@dataclass(frozen=True)
class ChannelMember:
    """A person in a channel, as the platform describes them."""

    user_id: str
    display_name: str = ""
    time_zone: str | None = None


class ChannelDirectory(Protocol):
    """Who is in the group channel, for features that reach members on a schedule (check-ins)."""

    async def default_channel(self, workspace_id: str) -> str | None:
        """Where group posts go when organisers chose no channel (None: the platform has no default)."""
        ...

    async def channel_members(self, workspace_id: str, channel_id: str) -> list[ChannelMember] | None:
        """The human members of ``channel_id`` (no bots); None when the platform can't tell."""
        ...


class KnownMembersOnly:
    """A directory that knows nothing: participants fall back to the community's known members."""

    async def default_channel(self, workspace_id: str) -> str | None:
        return None

    async def channel_members(self, workspace_id: str, channel_id: str) -> list[ChannelMember] | None:
        return None
