"""What a community chose (the ``communities.settings`` JSON column), typed: :class:`CommunitySettings`.

Not the process's configuration (that is :mod:`bot.config`). The core's own choices are fields; each
feature keeps its choices in a section of its own, a frozen class following :class:`Section`
(``CheckinConfig``, ``KudosSettings``), so the stored JSON is read by key only in these classes.
Here too live the rules that follow from the choices: which zone a member's day is in, and which
channel group posts go to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, Self, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.events import Conversation

DEFAULT_TIME_ZONE = "UTC"
# The core's own keys in the stored JSON; every other key belongs to a feature's section.
_CORE_KEYS = ("group_channel_id", "time_zone", "organisers")


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone called ``name``, or None if there is no such zone."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class Section(Protocol):
    """A feature's own settings, read from and written back to the stored JSON."""

    @classmethod
    def read(cls, stored: Mapping[str, Any]) -> Self:
        """The section from the stored JSON (its keys only); defaults for what is missing or invalid."""
        ...

    def written(self) -> dict[str, Any]:
        """The section's keys as they are stored."""
        ...


S = TypeVar("S", bound=Section)


@dataclass(frozen=True)
class CommunitySettings:
    """``group_channel_id``: where group posts go (``/bounceback channel``); ``time_zone``: the community's
    zone, for members who set none; ``organisers``: user ids counted as organisers besides those the
    platform names. ``sections``: the features' sections, as stored (read them with :meth:`section`).
    """

    group_channel_id: str | None = None
    time_zone: str | None = None
    organisers: tuple[str, ...] = ()
    sections: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, stored: Mapping[str, Any] | None) -> CommunitySettings:
        stored = stored or {}
        channel, zone, organisers = (stored.get(key) for key in _CORE_KEYS)
        return cls(
            group_channel_id=str(channel) if channel else None,
            time_zone=zone if isinstance(zone, str) and zone else None,
            organisers=tuple(str(o) for o in organisers) if isinstance(organisers, list) else (),
            sections={k: v for k, v in stored.items() if k not in _CORE_KEYS},
        )

    def to_json(self) -> dict[str, Any]:
        core: dict[str, Any] = {"group_channel_id": self.group_channel_id, "time_zone": self.time_zone}
        if self.organisers:
            core["organisers"] = list(self.organisers)
        return {**self.sections, **{k: v for k, v in core.items() if v is not None}}

    def with_changes(self, **changes: Any) -> CommunitySettings:
        """A copy with core fields changed (assign it to ``community.settings`` to save it)."""
        return replace(self, **changes)

    def section(self, kind: type[S]) -> S:
        return kind.read(self.sections)

    def with_section(self, section: Section) -> CommunitySettings:
        """A copy with a feature's section replaced."""
        return replace(self, sections={**self.sections, **section.written()})

    def zone(self) -> ZoneInfo:
        """The community's time zone, else UTC."""
        return zone_named(self.time_zone) or ZoneInfo(DEFAULT_TIME_ZONE)

    def zone_for(self, member_time_zone: str | None) -> ZoneInfo:
        """A member's day: their own zone, else the community's, else UTC."""
        return zone_named(member_time_zone) or self.zone()

    def group_channel(self, where: Conversation | None = None, *, chosen: str | None = None) -> str | None:
        """Where group posts go: ``chosen`` (a feature's own channel), else the channel organisers chose,
        else ``where`` the member is unless that is a direct message; None if none of them.
        """
        if chosen or self.group_channel_id:
            return chosen or self.group_channel_id
        if where is not None and not where.is_direct:
            return where.channel_id
        return None
