"""Settings from environment variables (and an optional ``.env`` file), one class per area.

:class:`AreaSettings` is the style every area follows (the core's ``BOUNCEBACK_`` variables here,
``SLACK_`` and ``DISCORD_`` in the adapters): a pydantic-settings class with an ``env_prefix``,
validators, ``SecretStr`` for anything secret, and ``.env`` read by pydantic-settings itself. A value
that doesn't parse, or a misspelt variable, stops start-up with one line that names it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, Literal, Self

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, DotEnvSettingsSource, SettingsConfigDict

from bot.db.url import async_url, check_url

PREFIX = "BOUNCEBACK_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///bounceback.sqlite3"
ENV_FILE = Path(".env")


class ConfigError(ValueError):
    """A setting is wrong; the message names the variable and says what is expected."""


class AreaSettings(BaseSettings):
    """The variables of one area, all starting with its ``env_prefix``; read them with :meth:`load`.

    ``close_names_only``: a variable with the prefix that isn't ours is an error only when it is close
    to one of ours (the prefix is shared with other tools); otherwise every unknown one is an error.
    """

    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore", frozen=True)
    close_names_only: ClassVar[bool] = False

    @classmethod
    def prefix(cls) -> str:
        return str(cls.model_config.get("env_prefix", ""))

    @classmethod
    def variable(cls, field: str) -> str:
        return cls.prefix() + field.upper()

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE) -> Self:
        """Read and check the settings; raise :class:`ConfigError` naming the first bad variable.

        ``environ`` (default: the process's) wins over ``env_file``.
        """
        given = set(os.environ if environ is None else environ)
        if env_file is not None:
            given |= {n.upper() for n in DotEnvSettingsSource(cls, env_file=env_file).env_vars}
        cls._refuse_unknown(given)
        values: dict[str, Any] = {}
        if environ is not None:
            values = {f: environ[cls.variable(f)] for f in cls.model_fields if cls.variable(f) in environ}
        try:
            return cls(_env_file=env_file, **values)
        except ValidationError as exc:
            raise ConfigError(cls._one_line(exc)) from None

    @classmethod
    def _refuse_unknown(cls, names: set[str]) -> None:
        known = sorted(cls.variable(f) for f in cls.model_fields)
        for name in sorted(n for n in names if n.startswith(cls.prefix()) and n not in known):
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.85 if cls.close_names_only else 0.6)
            if close:
                raise ConfigError(f"{name} is not a Bounceback setting. Did you mean {close[0]}?")
            if not cls.close_names_only:
                raise ConfigError(f"{name} is not a Bounceback setting.")

    @classmethod
    def _one_line(cls, exc: ValidationError) -> str:
        """The first error, in one line that starts with the variable's name."""
        err = exc.errors()[0]
        said = str(err["msg"]).removeprefix("Value error, ")
        if said.startswith(cls.prefix()):  # a check across variables names them itself
            return said
        return f"{cls.variable(str(err['loc'][0])) if err['loc'] else cls.prefix()}: {said}"


class Settings(AreaSettings):
    """The core's ``BOUNCEBACK_`` settings."""

    model_config = SettingsConfigDict(env_prefix=PREFIX)

    # Secret: a PostgreSQL URL may carry the password.
    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    language: Literal["en"] = "en"
    port: int = 3000
    # Operations endpoints (/healthz, /readyz, /metrics; bot/ops/server.py); port 0 turns them off.
    ops_host: str = "127.0.0.1"
    ops_port: int = 9464
    log_format: Literal["auto", "json", "text"] = "auto"
    shutdown_timeout: float = Field(default=25.0, gt=0, le=600)
    # How late a scheduled run missed during downtime may still be caught up (bot/scheduling).
    scheduler_grace_hours: float = Field(default=12.0, gt=0, le=168)
    # Seconds the HTTP port keeps a connection that has not sent a whole request (a slow client, an idle
    # keep-alive); above the idle timeout of the proxy in front, so it never closes one the proxy reuses.
    http_idle_timeout: float = Field(default=75.0, gt=0, le=3600)
    # Days a handled platform event id is kept to recognise a retry or a replay (housekeeping deletes older).
    processed_events_days: int = Field(default=30, ge=1, le=3650)
    # How long one database statement, and the core's handling of one event, may take (seconds).
    db_timeout: float = Field(default=5.0, gt=0, le=300)
    # The durable inbox (bot/inbox): events handled at once, how long a worker holds a claimed row,
    # and how far behind it may fall before new Slack events are turned away with a 503 (seconds).
    inbox_slots: int = Field(default=16, ge=1, le=256)
    inbox_lease: float = Field(default=60.0, gt=0, le=3600)
    inbox_max_age: float = Field(default=120.0, gt=0, le=86400)

    @field_validator("database_url")
    @classmethod
    def _usable_url(cls, value: SecretStr) -> SecretStr:
        check_url(value.get_secret_value())
        return value

    @field_validator("port")
    @classmethod
    def _a_port(cls, value: int) -> int:
        if not 1 <= value <= 65535:
            raise ValueError(f"{value} isn't a port; use a number from 1 to 65535")
        return value

    @field_validator("ops_port")
    @classmethod
    def _a_port_or_off(cls, value: int) -> int:
        if not 0 <= value <= 65535:
            raise ValueError(f"{value} isn't a port; use a number from 1 to 65535, or 0 to turn it off")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def scheduler_grace(self) -> timedelta:
        return timedelta(hours=self.scheduler_grace_hours)

    @property
    def processed_events_retention(self) -> timedelta:
        return timedelta(days=self.processed_events_days)

    @property
    def inbox_lease_time(self) -> timedelta:
        return timedelta(seconds=self.inbox_lease)

    @property
    def inbox_max_age_time(self) -> timedelta:
        return timedelta(seconds=self.inbox_max_age)

    @property
    def async_database_url(self) -> str:
        """The URL with the async driver we use, whichever form was given."""
        return async_url(self.database_url.get_secret_value())


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE) -> Settings:
    """The core's settings (see :meth:`AreaSettings.load`)."""
    return Settings.load(environ, env_file)
