"""Who organises a server on Discord: Manage Server, or a role the organisers chose."""

from __future__ import annotations

from collections.abc import Iterable

from adapters.discord.translate import DiscordActor
from bot.events import Actor


class DiscordRoles:
    """The core's RoleDirectory for Discord.

    A member organises when the interaction says they have the Manage Server
    permission (Administrator includes it) or one of ``organiser_roles``
    (names, compared without case, or role ids; ``DISCORD_ORGANISER_ROLES``).
    Only interactions carry permissions, so other events never organise.
    """

    def __init__(self, organiser_roles: Iterable[str]) -> None:
        self._roles = frozenset(r.strip().casefold() for r in organiser_roles if r.strip())

    async def is_organiser(self, actor: Actor) -> bool:
        if not isinstance(actor, DiscordActor):
            return False
        return actor.manages_server or not self._roles.isdisjoint(actor.roles)
