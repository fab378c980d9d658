"""The ``SLACK_*`` settings: read once at start, every problem named by its variable.

One workspace: ``SLACK_BOT_TOKEN``. Any number of workspaces (OAuth install):
``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``. Socket Mode (no public URL)
when ``SLACK_APP_TOKEN`` is set. ``SLACK_API_URL`` aims the Web API client at
another base URL (tests point it at a local server).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from bot.config import ENV_FILE, AreaSettings

DEFAULT_API_URL = "https://slack.com/api/"
# What the bot needs, and no more; deploy/slack/manifest.yml asks for the same.
BOT_SCOPES = (
    "channels:read",
    "chat:write",
    "chat:write.public",
    "commands",
    "files:write",
    "groups:read",
    "im:write",
    "reactions:read",
    "users:read",
)


class SlackSettings(AreaSettings):
    """Tokens and secrets are :class:`SecretStr`: no repr or log line shows them."""

    model_config = SettingsConfigDict(env_prefix="SLACK_")
    close_names_only: ClassVar[bool] = True  # other Slack tools read SLACK_ variables too

    signing_secret: SecretStr | None = None
    bot_token: SecretStr | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None
    app_token: SecretStr | None = None
    api_url: str = DEFAULT_API_URL

    @field_validator("signing_secret", "bot_token", "client_id", "client_secret", "app_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("bot_token")
    @classmethod
    def _a_bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-.")
        return value

    @field_validator("app_token")
    @classmethod
    def _an_app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("SLACK_APP_TOKEN must be an app-level token starting with xapp-.")
        return value

    @field_validator("api_url", mode="before")
    @classmethod
    def _blank_is_the_default(cls, value: object) -> object:
        return (value.strip() or DEFAULT_API_URL) if isinstance(value, str) else value

    @field_validator("api_url")
    @classmethod
    def _an_http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, not {value[:60]!r}."
            )
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _one_way_to_run(self) -> SlackSettings:
        """The variables must make one of the three set-ups, whole."""
        if self.bot_token and (self.client_id or self.client_secret):
            raise ValueError(
                "SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: set "
                "SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install "
                "in many, not both."
            )
        if self.bot_token is None and self.client_id is None and self.client_secret is None:
            raise ValueError(
                "SLACK_BOT_TOKEN is missing: set it (the Bot User OAuth Token, xoxb-...) for one workspace, "
                "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install the app in many."
            )
        if self.client_id is not None and self.client_secret is None:
            raise ValueError("SLACK_CLIENT_SECRET is missing: OAuth installs need it with SLACK_CLIENT_ID.")
        if self.client_secret is not None and self.client_id is None:
            raise ValueError("SLACK_CLIENT_ID is missing: OAuth installs need it with SLACK_CLIENT_SECRET.")
        if self.app_token is not None and self.bot_token is None:
            raise ValueError(
                "SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN: Socket Mode runs in one workspace; "
                "OAuth installs in many workspaces use HTTP mode."
            )
        if self.app_token is None and self.signing_secret is None:
            raise ValueError(
                "SLACK_SIGNING_SECRET is missing: copy it from the app's Basic Information page "
                "(HTTP mode needs it to check that requests come from Slack)."
            )
        return self

    @property
    def oauth(self) -> bool:
        """Installable in any workspace through OAuth, tokens kept per workspace."""
        return self.client_id is not None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_slack_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE
) -> SlackSettings:
    """Read and check the ``SLACK_*`` variables (see :meth:`AreaSettings.load`)."""
    return SlackSettings.load(environ, env_file)


def secret(value: SecretStr | None) -> str | None:
    """The secret's text, for the one call that needs it."""
    return value.get_secret_value() if value is not None else None
