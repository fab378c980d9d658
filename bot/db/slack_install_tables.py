"""Slack's installation and OAuth-state tables, on our one MetaData so Alembic owns them.

A multi-workspace Slack app keeps each workspace's install (bot token, scopes)
and the short-lived OAuth ``state`` values in slack_sdk's SQLAlchemy stores.
Those stores build their tables on a private MetaData; declaring the same
tables here lets our migrations create them and lets the Slack adapter hand
these very Table objects to the stores. The core never imports slack_sdk, so
the columns are written out: ``tests/slack/test_install_store.py`` checks
them column by column against slack_sdk's own table builders.

They are keyed by Slack team id rather than ``community_id``: they belong to
the platform connection, not to a community's data.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, func

from bot.db.base import metadata

SLACK_INSTALLATIONS = "slack_installations"
SLACK_BOTS = "slack_bots"
SLACK_OAUTH_STATES = "slack_oauth_states"
SLACK_ORG_WORKSPACES = "slack_org_workspaces"

slack_installations = Table(
    SLACK_INSTALLATIONS,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", String(200)),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", String(200)),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{SLACK_INSTALLATIONS}_idx", "client_id", "enterprise_id", "team_id", "user_id", "installed_at"),
)

slack_bots = Table(
    SLACK_BOTS,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", String(200)),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", String(200)),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(f"{SLACK_BOTS}_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

slack_oauth_states = Table(
    SLACK_OAUTH_STATES,
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)

# Ours, not slack_sdk's. An org-wide install on Enterprise Grid is stored once for the org (team_id NULL);
# requests say which workspace they come from, and this remembers which org each such workspace is in, so
# work that starts without a request (scheduled check-ins, the outbox) finds the org's token.
slack_org_workspaces = Table(
    SLACK_ORG_WORKSPACES,
    metadata,
    Column("client_id", String(32), primary_key=True),
    Column("team_id", String(32), primary_key=True),
    Column("enterprise_id", String(32), nullable=False, index=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)
