"""Settings from environment variables (and an optional ``.env`` file).

Every variable is prefixed ``BOUNCEBACK_``. A value that doesn't parse, or a
``BOUNCEBACK_`` variable we don't know (a typo), stops start-up with a message
that names it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.db.url import async_url, check_url

PREFIX = "BOUNCEBACK_"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///bounceback.sqlite3"


class ConfigError(ValueError):
    """A setting is wrong; the message names the variable and says what is expected."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env", extra="ignore", frozen=True)

    database_url: str = DEFAULT_DATABASE_URL
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
    def _usable_url(cls, value: str) -> str:
        check_url(value)
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
        return async_url(self.database_url)


def _known_names() -> set[str]:
    return {PREFIX + name.upper() for name in Settings.model_fields}


def _env_file_names(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            names.add(line.split("=", 1)[0].removeprefix("export ").strip())
    return names


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read and check the settings; raise :class:`ConfigError` naming the first bad variable."""
    environ = os.environ if environ is None else environ
    known = _known_names()
    given = {n for n in environ if n.startswith(PREFIX)}
    if env_file is not None:
        given |= {n for n in _env_file_names(env_file) if n.startswith(PREFIX)}
    for name in sorted(given - known):
        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise ConfigError(f"{name} is not a Bounceback setting.{hint}")
    # Strings for pydantic to validate into each field's type.
    values: dict[str, Any] = {n.removeprefix(PREFIX).lower(): v for n, v in environ.items() if n in known}
    try:
        return Settings(_env_file=env_file, **values)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = PREFIX + str(err["loc"][0]).upper() if err["loc"] else PREFIX
        raise ConfigError(f"{name}: {err['msg'].removeprefix('Value error, ')}") from None
