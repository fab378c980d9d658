"""The whole schema the migrations build: the core's tables, and Slack's when slack_sdk is installed.

Alembic's env, the schema tests and the test fixtures use this. The core's
tables are collected by :mod:`bot.db.all_models`, which imports no adapter.
Slack's install-store tables are built by slack_sdk itself
(:mod:`adapters.slack.tables`), so they join the metadata only where
slack_sdk is installed. Migrating never needs them: each migration creates
its tables itself. They matter to comparing models with migrations
(autogenerate, ``tests/test_migrations.py``), which is done with every extra
installed; without slack_sdk, :func:`compared` keeps autogenerate from
proposing to drop them.
"""

from __future__ import annotations

from bot.db.all_models import metadata

try:
    from adapters.slack import tables as slack_tables  # noqa: F401
except ModuleNotFoundError as missing:
    if (missing.name or "").partition(".")[0] != "slack_sdk":
        raise
    SLACK_LOADED = False
else:
    SLACK_LOADED = True

# The tables migration 0002 and 0006 create for the Slack adapter.
SLACK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states", "slack_org_workspaces"})


def compared(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic's ``include_name``: leave Slack's tables out of a comparison made without slack_sdk."""
    return SLACK_LOADED or type_ != "table" or name not in SLACK_TABLES


__all__ = ["compared", "metadata"]
