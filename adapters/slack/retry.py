"""Deliveries that still failed after slack_sdk's own retries: logged, and kept in the outbox for later.

An interaction's answers are sent right after Slack's acknowledgement. When
Slack keeps refusing one (an outage, a long rate limit), it becomes an outbox
row: the scheduling runtime's worker, running in ``bounceback slack``, sends it
again with growing pauses, honouring ``Retry-After``, across restarts and
replicas. Failures no retry can fix (channel gone, DMs closed) are logged as
errors. Nothing goes without a log line saying so.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.slack.translate import PLATFORM
from bot.clock import Clock
from bot.ports import DeliveryFailed
from bot.replies import Reply
from bot.scheduling.outbox import Later, deliver_later

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)


def describe(reply: Reply) -> str:
    """Which reply, for the logs: where it went and its kind; never what it says (members' words)."""
    target = reply.channel_id or reply.recipient_user_id or "?"
    kind = f" ({reply.record.kind})" if reply.record else ""
    return f"{reply.audience} reply to {target}{kind}"


class KeepForRetry:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def keep(self, workspace_id: str, reply: Reply, failure: DeliveryFailed) -> None:
        if failure.permanent:
            log.error("not delivered, and retrying can't help (%s): %s", failure, describe(reply))
            return
        now = self._clock.now()
        wait = timedelta(seconds=failure.retry_after) if failure.retry_after is not None else FIRST_RETRY
        later = Later(f"slack:retry:{uuid.uuid4().hex}", reply, now + wait)
        try:
            await deliver_later(self._sessions, PLATFORM, workspace_id, later, now=now)
        except Exception:
            log.exception(
                "not delivered (%s), and could not be kept for a retry: %s", failure, describe(reply)
            )
            return
        log.warning("not delivered (%s); kept in the outbox for a retry: %s", failure, describe(reply))
