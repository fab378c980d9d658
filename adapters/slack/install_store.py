"""slack_sdk's SQLAlchemy stores, on the tables our migrations create (``bot/db/slack_install_tables.py``).

The stores build their tables on a private MetaData; these subclasses point
them at ours instead, so Alembic, not the store, owns the schema.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.base import metadata
from bot.db.slack_install_tables import slack_bots, slack_installations, slack_oauth_states

STATE_LIFETIME_SECONDS = 600


class InstallationStore(AsyncSQLAlchemyInstallationStore):
    """Each workspace's install, kept in our database; also the bot token source outside interactions."""

    def __init__(self, client_id: str, engine: AsyncEngine) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.metadata = metadata
        self.bots = slack_bots
        self.installations = slack_installations

    async def bot_token(self, team_id: str) -> str | None:
        """The newest bot token for a workspace, whatever Enterprise Grid org it sits in."""
        c = slack_bots.c
        query = (
            select(c.bot_token)
            .where(c.client_id == self.client_id, c.team_id == team_id, c.bot_token.is_not(None))
            .order_by(c.installed_at.desc())
            .limit(1)
        )
        async with self.engine.connect() as connection:
            return await connection.scalar(query)


class OAuthStateStore(AsyncSQLAlchemyOAuthStateStore):
    """The OAuth ``state`` values, valid ten minutes and used once."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(expiration_seconds=STATE_LIFETIME_SECONDS, engine=engine)
        self.metadata = metadata
        self.oauth_states = slack_oauth_states
