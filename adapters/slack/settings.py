"""The ``SLACK_*`` settings: read once at start, every problem named by its variable.

One workspace: ``SLACK_BOT_TOKEN``. Any number of workspaces (OAuth install):
``SLACK_CLIENT_ID`` and ``SLACK_CLIENT_SECRET``. Socket Mode (no public URL)
when ``SLACK_APP_TOKEN`` is set. ``SLACK_API_URL`` aims the Web API client at
another base URL (tests point it at a local server).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config import ConfigError

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


@dataclass(frozen=True)
class SlackSettings:
    signing_secret: str
    bot_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL

    @property
    def oauth(self) -> bool:
        """Installable in any workspace through OAuth, tokens kept per workspace."""
        return self.client_id is not None

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def load_slack_settings(environ: Mapping[str, str]) -> SlackSettings:
    """Read and check the ``SLACK_*`` variables; raise ConfigError naming the first bad one."""

    def get(name: str) -> str | None:
        value = environ.get(name, "").strip()
        return value or None

    bot_token = get("SLACK_BOT_TOKEN")
    client_id = get("SLACK_CLIENT_ID")
    client_secret = get("SLACK_CLIENT_SECRET")
    app_token = get("SLACK_APP_TOKEN")
    signing_secret = get("SLACK_SIGNING_SECRET")

    if bot_token and (client_id or client_secret):
        raise ConfigError(
            "SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET: set SLACK_BOT_TOKEN "
            "for one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install in many, not both."
        )
    if bot_token is None and client_id is None and client_secret is None:
        raise ConfigError(
            "SLACK_BOT_TOKEN is missing: set it (the Bot User OAuth Token, xoxb-...) for one workspace, "
            "or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install the app in many."
        )
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-.")
    if client_id is not None and client_secret is None:
        raise ConfigError("SLACK_CLIENT_SECRET is missing: OAuth installs need it with SLACK_CLIENT_ID.")
    if client_secret is not None and client_id is None:
        raise ConfigError("SLACK_CLIENT_ID is missing: OAuth installs need it with SLACK_CLIENT_SECRET.")
    if app_token is not None:
        if not app_token.startswith("xapp-"):
            raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-.")
        if bot_token is None:
            raise ConfigError(
                "SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN: Socket Mode runs in one workspace; "
                "OAuth installs in many workspaces use HTTP mode."
            )
    elif signing_secret is None:
        raise ConfigError(
            "SLACK_SIGNING_SECRET is missing: copy it from the app's Basic Information page "
            "(HTTP mode needs it to check that requests come from Slack)."
        )
    return SlackSettings(
        signing_secret=signing_secret or "",
        bot_token=bot_token,
        client_id=client_id,
        client_secret=client_secret,
        app_token=app_token,
        api_url=_api_url(get("SLACK_API_URL")),
    )


def _api_url(value: str | None) -> str:
    if value is None:
        return DEFAULT_API_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, not {value!r}.")
    return value if value.endswith("/") else value + "/"
