"""Pacing deliveries: a token bucket per platform (global) and per platform workspace.

Platform limits are wall-clock limits, so the buckets use the event loop's
monotonic time, not the scheduling clock. A 429 blocks the workspace's bucket
(and, for platforms whose documented limit is global, the platform's) for
``Retry-After`` seconds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: int = 1


@dataclass(frozen=True)
class PlatformLimits:
    """``per_app``: one limit across all workspaces (Discord's global 50/s); ``per_workspace``: each one's."""

    per_app: Rate | None = None
    per_workspace: Rate | None = None


# Discord: "All bots can make up to 50 requests per second" (global). 48 a second with a burst of 2 never
# makes more than 50 in any second, and the burst lets a late wake-up catch up instead of losing the time.
# Slack: chat.postMessage allows about one message per second per channel with a workspace-wide limit it
# doesn't publish; every DM is its own channel, so pace the workspace.
DEFAULT_LIMITS: Mapping[str, PlatformLimits] = {
    "discord": PlatformLimits(per_app=Rate(48, burst=2)),
    "slack": PlatformLimits(per_workspace=Rate(4, burst=4)),
}


class TokenBucket:
    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self._tokens = float(rate.burst)
        self._updated = time.monotonic()
        self._blocked_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for a token; waiters are served in arrival order."""
        async with self._lock:
            while True:
                now = time.monotonic()
                if now < self._blocked_until:
                    await asyncio.sleep(self._blocked_until - now)
                    continue
                self._tokens = min(
                    self.rate.burst, self._tokens + (now - self._updated) * self.rate.per_second
                )
                self._updated = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                await asyncio.sleep((1 - self._tokens) / self.rate.per_second)

    def block_for(self, seconds: float) -> None:
        self._blocked_until = max(self._blocked_until, time.monotonic() + seconds)
        self._tokens = 0.0


class RateLimiter:
    def __init__(self, limits: Mapping[str, PlatformLimits] = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._buckets: dict[tuple[str, str | None], TokenBucket] = {}

    def _bucket(self, platform: str, workspace_id: str | None) -> TokenBucket | None:
        limits = self.limits.get(platform)
        rate = None if limits is None else (limits.per_app if workspace_id is None else limits.per_workspace)
        if rate is None:
            return None
        key = (platform, workspace_id)
        if key not in self._buckets:
            self._buckets[key] = TokenBucket(rate)
        return self._buckets[key]

    async def acquire(self, platform: str, workspace_id: str) -> None:
        for bucket in (self._bucket(platform, workspace_id), self._bucket(platform, None)):
            if bucket is not None:
                await bucket.acquire()

    def retry_after(self, platform: str, workspace_id: str, seconds: float) -> None:
        """The platform said wait: hold back this workspace, and the whole app where the limit is global."""
        for bucket in (self._bucket(platform, workspace_id), self._bucket(platform, None)):
            if bucket is not None:
                bucket.block_for(seconds)
