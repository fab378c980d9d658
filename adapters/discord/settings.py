"""``DISCORD_*`` settings, read once at start-up; a bad or missing value stops it with the variable's name."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, ClassVar
from urllib.parse import urlparse

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from bot.config import ENV_FILE, AreaSettings, ConfigError
from bot.numbers import whole_number

DEFAULT_ORGANISER_ROLES = ("Bounceback organisers",)
# Discord ids are unsigned 64-bit numbers; shard counts stay far below this bound.
MAX_SNOWFLAKE = 2**64 - 1
MAX_SHARDS = 100_000


class DiscordSettings(AreaSettings):
    """What the Discord adapter needs from the environment.

    ``organiser_roles`` are role names or ids whose members count as organisers
    (besides members with the Manage Server permission). ``shard_ids`` is the
    share of ``shard_count`` this process runs; ``None`` runs them all. The
    token is a :class:`SecretStr`: no repr or log line shows it.
    """

    model_config = SettingsConfigDict(env_prefix="DISCORD_")
    close_names_only: ClassVar[bool] = True  # other Discord tools read DISCORD_ variables too

    token: SecretStr | None = None
    application_id: int | None = None
    api_url: str | None = None
    shard_count: int | None = None
    # Comma-separated in the environment (NoDecode: not JSON).
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = None
    organiser_roles: Annotated[tuple[str, ...], NoDecode] = DEFAULT_ORGANISER_ROLES

    @field_validator("token")
    @classmethod
    def _a_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and (len(value.get_secret_value()) < 20 or " " in value.get_secret_value()):
            raise ValueError(
                "DISCORD_TOKEN doesn't look like a bot token (drop any 'Bot ' prefix or quotes)."
            )
        return value

    @field_validator("application_id", mode="before")
    @classmethod
    def _snowflake(cls, value: object) -> object:
        if isinstance(value, str) and whole_number(value, low=1, high=MAX_SNOWFLAKE) is None:
            raise ValueError(f"DISCORD_APPLICATION_ID must be a numeric Discord id, not {value[:30]!r}.")
        return value

    @field_validator("shard_count", mode="before")
    @classmethod
    def _a_shard_count(cls, value: object) -> object:
        if isinstance(value, str):
            number = whole_number(value, low=1, high=MAX_SHARDS)
            if number is None:
                raise ValueError(
                    f"DISCORD_SHARD_COUNT must be a whole number from 1 to {MAX_SHARDS}, not {value[:20]!r}."
                )
            return number
        return value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _shard_numbers(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        parts = [whole_number(p, low=0, high=MAX_SHARDS) for p in value.split(",") if p.strip()]
        if not parts or None in parts:
            raise ValueError(
                f"DISCORD_SHARD_IDS must be shard numbers separated by commas, like 0,1 — not {value[:40]!r}."
            )
        return tuple(sorted({p for p in parts if p is not None}))

    @field_validator("organiser_roles", mode="before")
    @classmethod
    def _role_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(r.strip() for r in value.split(",") if r.strip()) or DEFAULT_ORGANISER_ROLES
        return DEFAULT_ORGANISER_ROLES if value is None else value

    @field_validator("api_url")
    @classmethod
    def _an_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(
                "DISCORD_API_URL must be an http(s) URL like http://127.0.0.1:8080/api/v10, "
                f"not {value[:60]!r}."
            )
        return value.rstrip("/")

    # Defined last so it runs before the other "before" checks (pydantic runs them last-defined first).
    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str):
            return value.strip() or None
        return value

    @model_validator(mode="after")
    def _shards_within_the_count(self) -> DiscordSettings:
        if self.shard_ids is None:
            return self
        if self.shard_count is None:
            raise ValueError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total across every process).")
        if self.shard_ids[-1] >= self.shard_count:
            raise ValueError(
                f"DISCORD_SHARD_IDS has shard {self.shard_ids[-1]}, but shards are numbered 0 to "
                f"{self.shard_count - 1} when DISCORD_SHARD_COUNT is {self.shard_count}."
            )
        return self

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token)."
            )
        return self.token.get_secret_value()

    def require_application_id(self) -> int:
        """The application id: given, else read from the token (its first part is the bot's id, base64)."""
        if self.application_id is not None:
            return self.application_id
        if self.token:
            found = application_id_from_token(self.token.get_secret_value())
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


def load_discord_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE
) -> DiscordSettings:
    """Read and check every ``DISCORD_*`` variable (see :meth:`AreaSettings.load`)."""
    return DiscordSettings.load(environ, env_file)
