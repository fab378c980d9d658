"""Slack's installation and OAuth-state tables: slack_sdk builds them, on our one MetaData.

A multi-workspace Slack app keeps each workspace's install (bot token, scopes)
and the short-lived OAuth ``state`` values in slack_sdk's SQLAlchemy stores.
The stores would build these tables on a private MetaData; here slack_sdk's
own builders put them on ours, and :mod:`adapters.slack.install_store` hands
these very Table objects to the stores, so Alembic, not the store, owns them.

Migration 0002 creates them with its own ``op.create_table`` calls, so
migrating needs no slack_sdk (``pip install bounceback`` without ``[slack]``
builds the same schema). :mod:`migrations.schema` adds these tables to the
metadata when slack_sdk is installed, and ``tests/test_migrations.py`` checks
that the migrations and slack_sdk's builders agree.

They are keyed by Slack team id rather than ``community_id``: they belong to
the platform connection, not to a community's data.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Column, DateTime, String, Table

from bot.db.base import metadata

SLACK_ORG_WORKSPACES = "slack_org_workspaces"

slack_installations = SQLAlchemyInstallationStore.build_installations_table(
    metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
slack_bots = SQLAlchemyInstallationStore.build_bots_table(
    metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
slack_oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    metadata, SQLAlchemyOAuthStateStore.default_table_name
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
