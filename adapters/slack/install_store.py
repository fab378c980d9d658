"""slack_sdk's SQLAlchemy stores, on the tables our migrations create (``adapters/slack/tables.py``).

The stores build their tables on a private MetaData; these subclasses point
them at ours instead, so Alembic, not the store, owns the schema.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.tables import (
    slack_bots,
    slack_installations,
    slack_oauth_states,
    slack_org_workspaces,
)
from bot.db.base import metadata
from bot.db.upsert import insert_or_update

log = logging.getLogger(__name__)

STATE_LIFETIME_SECONDS = 600
# OAuth states not yet used or expired, at most: each install-page visit writes one, and anyone may visit.
STATES_UNDER_WAY = 200
Middleware = Callable[[AsyncBoltContext, Callable[[], Awaitable[None]]], Awaitable[None]]


class InstallationStore(AsyncSQLAlchemyInstallationStore):
    """Each workspace's install, kept in our database; also the bot token source outside interactions."""

    def __init__(self, client_id: str, engine: AsyncEngine) -> None:
        super().__init__(client_id=client_id, engine=engine)
        self.metadata = metadata
        self.bots = slack_bots
        self.installations = slack_installations
        self._org_workspaces_seen: set[tuple[str, str]] = set()

    async def bot_token(self, team_id: str, org: str | None = None) -> str | None:
        """The newest bot token for a workspace: its own install, else its Enterprise Grid org's.

        An org-wide install is kept once for the org (no team id); the workspaces it serves
        are the ones :meth:`remember_org_workspace` has seen requests from, or ``org`` when the
        caller knows it (a saved request that came through the org's install).
        """
        bots, orgs = slack_bots.c, slack_org_workspaces.c
        usable = (bots.client_id == self.client_id, bots.bot_token.is_not(None))
        own = select(bots.bot_token).where(*usable, bots.team_id == team_id)
        org_wide = (
            select(bots.bot_token)
            .join_from(slack_bots, slack_org_workspaces, orgs.enterprise_id == bots.enterprise_id)
            .where(*usable, bots.is_enterprise_install, orgs.client_id == self.client_id)
            .where(orgs.team_id == team_id)
        )
        org_named = select(bots.bot_token).where(
            *usable, bots.is_enterprise_install, bots.enterprise_id == org
        )
        async with self.engine.connect() as connection:
            for query in (own, org_wide, *([org_named] if org else [])):
                token = await connection.scalar(query.order_by(bots.installed_at.desc()).limit(1))
                if token is not None:
                    return str(token)
        return None

    async def remember_org_workspace(self, enterprise_id: str, team_id: str) -> None:
        """Note that a request came from ``team_id`` through ``enterprise_id``'s org-wide install."""
        if (enterprise_id, team_id) in self._org_workspaces_seen:
            return
        row = {
            "client_id": self.client_id,
            "team_id": team_id,
            "enterprise_id": enterprise_id,
            "seen_at": datetime.now(UTC),
        }
        async with self.engine.begin() as connection:
            await insert_or_update(connection, slack_org_workspaces, row, ("client_id", "team_id"))
        self._org_workspaces_seen.add((enterprise_id, team_id))

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Uninstalled: slack_sdk forgets the tokens; an org's uninstall also forgets its workspaces."""
        await super().async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
        if enterprise_id is None or team_id is not None:
            return
        orgs = slack_org_workspaces.c
        async with self.engine.begin() as connection:
            await connection.execute(
                delete(slack_org_workspaces).where(
                    orgs.client_id == self.client_id, orgs.enterprise_id == enterprise_id
                )
            )
        self._org_workspaces_seen = {seen for seen in self._org_workspaces_seen if seen[0] != enterprise_id}


class TooManyInstallsUnderWay(RuntimeError):
    """Too many OAuth states outstanding: no install may start until some finish or expire."""


class OAuthStateStore(AsyncSQLAlchemyOAuthStateStore):
    """The OAuth ``state`` values, valid ten minutes and used once.

    Issuing one first deletes the expired ones (a visit that never came back), then refuses
    past ``limit`` outstanding, so unauthenticated visits to the install page cannot grow the table.
    """

    def __init__(self, engine: AsyncEngine, limit: int = STATES_UNDER_WAY) -> None:
        super().__init__(expiration_seconds=STATE_LIFETIME_SECONDS, engine=engine)
        self.metadata = metadata
        self.oauth_states = slack_oauth_states
        self.limit = limit

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        states = slack_oauth_states.c
        now = datetime.now(UTC).replace(tzinfo=None)  # the column is naive UTC, as slack_sdk writes it
        async with self.engine.begin() as connection:
            await connection.execute(delete(slack_oauth_states).where(states.expire_at <= now))
            under_way = await connection.scalar(select(func.count()).select_from(slack_oauth_states))
        if (under_way or 0) >= self.limit:
            raise TooManyInstallsUnderWay(under_way)  # the edge answers 429 and logs it
        return await super().async_issue(*args, **kwargs)


def remembering_org_workspaces(store: InstallationStore) -> Middleware:
    """A bolt middleware: each request through an org-wide install says which org its workspace is in.

    Written once per workspace and process (the store remembers what it has written), so after the
    first request from a workspace this costs nothing on the way to the acknowledgement.
    """

    async def remember(context: AsyncBoltContext, next_: Callable[[], Awaitable[None]]) -> None:
        if context.is_enterprise_install and context.enterprise_id and context.team_id:
            try:
                await store.remember_org_workspace(context.enterprise_id, context.team_id)
            except SQLAlchemyError:  # the request itself is served either way; the next one tries again
                log.warning("noting workspace %s of org %s failed", context.team_id, context.enterprise_id)
        await next_()

    return remember
