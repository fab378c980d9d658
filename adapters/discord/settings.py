"""``DISCORD_*`` settings, read once at start-up; a bad or missing value stops it with the variable's name."""

from __future__ import annotations

import base64
import binascii
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import ConfigError
from bot.numbers import whole_number

PREFIX = "DISCORD_"
DEFAULT_ORGANISER_ROLES = ("Bounceback organisers",)
# Discord ids are unsigned 64-bit numbers; shard counts stay far below this bound.
MAX_SNOWFLAKE = 2**64 - 1
MAX_SHARDS = 100_000
KNOWN = frozenset(
    {
        "DISCORD_TOKEN",
        "DISCORD_APPLICATION_ID",
        "DISCORD_API_URL",
        "DISCORD_SHARD_COUNT",
        "DISCORD_SHARD_IDS",
        "DISCORD_ORGANISER_ROLES",
    }
)


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord adapter needs from the environment.

    ``organiser_roles`` are role names or ids whose members count as organisers
    (besides members with the Manage Server permission). ``shard_ids`` is the
    share of ``shard_count`` this process runs; ``None`` runs them all.
    """

    token: str | None = None
    application_id: int | None = None
    api_url: str | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    organiser_roles: tuple[str, ...] = DEFAULT_ORGANISER_ROLES

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token)."
            )
        return self.token

    def require_application_id(self) -> int:
        """The application id: given, else read from the token (its first part is the bot's id, base64)."""
        if self.application_id is not None:
            return self.application_id
        if self.token:
            found = application_id_from_token(self.token)
            if found is not None:
                return found
        raise ConfigError(
            "DISCORD_APPLICATION_ID is not set (and DISCORD_TOKEN doesn't carry it): "
            "copy the Application ID from the Developer Portal's General Information page."
        )


class TokenRefused(Exception):
    """Discord refused DISCORD_TOKEN at log-in; the message says how Discord answered."""


def application_id_from_token(token: str) -> int | None:
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return whole_number(decoded, low=1, high=MAX_SNOWFLAKE)


class _FromEnvironment(BaseSettings):
    """The raw ``DISCORD_*`` values: the environment's, else ``.env``'s (read like the core's settings)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env", extra="ignore")

    token: str = ""
    application_id: str = ""
    api_url: str = ""
    shard_count: str = ""
    shard_ids: str = ""
    organiser_roles: str = ""


def from_environment(env_file: Path | None = Path(".env")) -> dict[str, str]:
    """``os.environ``, with ``DISCORD_*`` values from ``env_file`` where the environment has none."""
    found = _FromEnvironment(_env_file=env_file)
    return {**os.environ, **{PREFIX + k.upper(): v for k, v in found.model_dump().items() if v}}


def load_discord_settings(environ: Mapping[str, str] | None = None) -> DiscordSettings:
    """Read and check every ``DISCORD_*`` variable; raise ConfigError naming the first bad one.

    ``environ`` defaults to the process environment plus ``.env``.
    """
    environ = from_environment() if environ is None else environ
    for name in sorted(n for n in environ if n.startswith(PREFIX) and n not in KNOWN):
        close = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0.85)
        if close:
            raise ConfigError(f"{name} is not a Bounceback setting. Did you mean {close[0]}?")

    def value(name: str) -> str | None:
        raw = environ.get(name, "").strip()
        return raw or None

    token = value("DISCORD_TOKEN")
    if token is not None and (len(token) < 20 or " " in token):
        raise ConfigError("DISCORD_TOKEN doesn't look like a bot token (drop any 'Bot ' prefix or quotes).")
    shard_count = _positive_int("DISCORD_SHARD_COUNT", value("DISCORD_SHARD_COUNT"))
    shard_ids = _shard_ids(value("DISCORD_SHARD_IDS"), shard_count)
    roles = tuple(r.strip() for r in (value("DISCORD_ORGANISER_ROLES") or "").split(",") if r.strip())
    return DiscordSettings(
        token=token,
        application_id=_snowflake("DISCORD_APPLICATION_ID", value("DISCORD_APPLICATION_ID")),
        api_url=_api_url(value("DISCORD_API_URL")),
        shard_count=shard_count,
        shard_ids=shard_ids,
        organiser_roles=roles or DEFAULT_ORGANISER_ROLES,
    )


def _positive_int(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    number = whole_number(raw, low=1, high=MAX_SHARDS)
    if number is None:
        raise ConfigError(f"{name} must be a whole number from 1 to {MAX_SHARDS}, not {raw[:20]!r}.")
    return number


def _snowflake(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    number = whole_number(raw, low=1, high=MAX_SNOWFLAKE)
    if number is None:
        raise ConfigError(f"{name} must be a numeric Discord id, not {raw[:30]!r}.")
    return number


def _shard_ids(raw: str | None, count: int | None) -> tuple[int, ...] | None:
    if raw is None:
        return None
    if count is None:
        raise ConfigError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total across every process).")
    parts = [whole_number(p, low=0, high=MAX_SHARDS) for p in raw.split(",") if p.strip()]
    if not parts or None in parts:
        raise ConfigError(
            f"DISCORD_SHARD_IDS must be shard numbers separated by commas, like 0,1 — not {raw[:40]!r}."
        )
    ids = tuple(sorted({p for p in parts if p is not None}))
    if ids[-1] >= count:
        raise ConfigError(
            f"DISCORD_SHARD_IDS has shard {ids[-1]}, but shards are numbered 0 to {count - 1} "
            f"when DISCORD_SHARD_COUNT is {count}."
        )
    return ids


def _api_url(raw: str | None) -> str | None:
    if raw is None:
        return None
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(
            f"DISCORD_API_URL must be an http(s) URL like http://127.0.0.1:8080/api/v10, not {raw!r}."
        )
    return raw.rstrip("/")
