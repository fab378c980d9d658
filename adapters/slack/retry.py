"""Deliveries that still failed after slack_sdk's own retries: logged, and tried again later.

An interaction's answers are sent right after Slack's acknowledgement; when
Slack keeps refusing one (an outage, a long rate limit), it is kept here and
retried in the background with growing pauses, honouring ``Retry-After``.
Failures no retry can fix (channel gone, DMs closed) are logged as errors.
Nothing goes without a log line saying so.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.ports import Delivered, DeliveryFailed
from bot.replies import Reply

log = logging.getLogger(__name__)

DELAYS = (30.0, 120.0, 600.0, 1800.0)

Send = Callable[[str, Reply], Awaitable[Delivered]]


def describe(reply: Reply) -> str:
    """Which reply, for the logs: where it went and its kind; never what it says (members' words)."""
    target = reply.channel_id or reply.recipient_user_id or "?"
    kind = f" ({reply.record.kind})" if reply.record else ""
    return f"{reply.audience} reply to {target}{kind}"


class RetryLater:
    def __init__(self, send: Send, delays: Sequence[float] = DELAYS) -> None:
        self._send = send
        self._delays = tuple(delays)
        self._tasks: dict[asyncio.Task[None], str] = {}

    def keep(self, workspace_id: str, reply: Reply, failure: DeliveryFailed) -> None:
        if failure.permanent:
            log.error("not delivered, and retrying can't help (%s): %s", failure, describe(reply))
            return
        log.warning("not delivered (%s); will retry: %s", failure, describe(reply))
        task = asyncio.create_task(self._retry(workspace_id, reply, failure))
        self._tasks[task] = describe(reply)
        task.add_done_callback(lambda done: self._tasks.pop(done, None))

    async def _retry(self, workspace_id: str, reply: Reply, failure: DeliveryFailed) -> None:
        for attempt, delay in enumerate(self._delays, start=1):
            await asyncio.sleep(max(delay, failure.retry_after or 0.0))
            try:
                await self._send(workspace_id, reply)
            except DeliveryFailed as again:
                failure = again
                if again.permanent:
                    break
                log.warning("retry %d failed (%s): %s", attempt, again, describe(reply))
                continue
            log.info("delivered on retry %d: %s", attempt, describe(reply))
            return
        log.error("gave up delivering (%s): %s", failure, describe(reply))

    async def close(self) -> None:
        tasks = dict(self._tasks)
        for task, what in tasks.items():
            log.error("stopping before a retry could deliver it: %s", what)
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
