"""Bot-token mode hears that the app was uninstalled or its bot token revoked, and stops using the token.

In OAuth mode bolt's own listeners forget the workspace's install (``enable_token_revocation_listeners``).
With one ``SLACK_BOT_TOKEN`` there is no install to forget, but Slack sends the same events and
retries any that gets no 200. So each is acknowledged and logged once as a warning, and the token
source forgets the token: deliveries to the workspace then fail at once as permanent failures
(what the outbox does with an uninstalled workspace in OAuth mode), without calling Slack with a
dead token. Only this process hears it; other replicas get Slack's ``token_revoked`` answer, also
permanent. Reinstalling gives a new token, and a restart with it starts over.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from adapters.slack.clients import SingleWorkspaceToken

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[None]]


def listen_for_revocation(bolt: AsyncApp, token: SingleWorkspaceToken) -> None:
    async def uninstalled(ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        token.revoke()
        log.warning(
            "Slack says the app was uninstalled from workspace %s: nothing more is sent there; "
            "reinstall it and restart with the new SLACK_BOT_TOKEN",
            body.get("team_id"),
        )

    async def revoked(ack: Ack, body: dict[str, Any]) -> None:
        await ack()
        tokens = (body.get("event") or {}).get("tokens") or {}
        if not tokens.get("bot"):
            log.info(
                "Slack says user tokens were revoked in workspace %s; the bot uses none", body.get("team_id")
            )
            return
        token.revoke()
        log.warning(
            "Slack says the bot token was revoked in workspace %s: nothing more is sent there; "
            "restart with a new SLACK_BOT_TOKEN",
            body.get("team_id"),
        )

    bolt.event("app_uninstalled")(uninstalled)
    bolt.event("tokens_revoked")(revoked)
