"""Web API clients per workspace, all aimed at ``SLACK_API_URL`` and retrying through slack_sdk's handlers.

HTTP 429 answers are retried after their ``Retry-After``, 500/503 answers and
dropped connections with exponential back-off: slack_sdk's built-in retry
handlers do it, on every call this adapter makes.
"""

from __future__ import annotations

from typing import Protocol

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.ops.http_trace import rate_limit_trace

RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 2
BACKOFF = BackoffRetryIntervalCalculator(backoff_factor=0.5)


class NotInstalled(LookupError):
    """No bot token for this workspace: the app isn't (or is no longer) installed there."""


class TokenSource(Protocol):
    async def bot_token(self, team_id: str, org: str | None = None) -> str | None:
        """``org``: the Enterprise Grid org whose org-wide install the request came through, if known."""
        ...


class SingleWorkspaceToken:
    """``SLACK_BOT_TOKEN``: the one workspace's token, until Slack says it was revoked."""

    def __init__(self, token: str) -> None:
        self._token: str | None = token

    async def bot_token(self, team_id: str, org: str | None = None) -> str | None:
        return self._token

    def revoke(self) -> None:
        """The app was uninstalled or the token revoked: from now on the workspace has no token."""
        self._token = None


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES, interval_calculator=BACKOFF),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=BACKOFF),
    ]


class SlackClients:
    """Clients sharing one aiohttp session, so calls reuse connections instead of opening one each."""

    def __init__(self, api_url: str, tokens: TokenSource) -> None:
        self.api_url = api_url
        self._tokens = tokens
        self._session: aiohttp.ClientSession | None = None

    def _shared_session(self) -> aiohttp.ClientSession:
        # Made on first use, inside the running event loop that will use it.
        if self._session is None or self._session.closed:
            # The trace counts every 429 Slack answers, before slack_sdk's handlers retry it.
            self._session = aiohttp.ClientSession(trace_configs=[rate_limit_trace("slack")])
        return self._session

    def with_token(self, token: str | None) -> AsyncWebClient:
        return AsyncWebClient(
            token=token,
            base_url=self.api_url,
            session=self._shared_session(),
            retry_handlers=retry_handlers(),
        )

    async def for_team(self, team_id: str, org: str | None = None) -> AsyncWebClient:
        token = await self._tokens.bot_token(team_id, org)
        if token is None:
            raise NotInstalled(team_id)
        return self.with_token(token)

    def webhook(self, url: str) -> AsyncWebhookClient:
        """A client for an interaction's ``response_url``, with the same retries."""
        return AsyncWebhookClient(url=url, session=self._shared_session(), retry_handlers=retry_handlers())

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
