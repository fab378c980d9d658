"""A token bucket per client address, for an endpoint anyone may call that costs a database row.

In-process and approximate on purpose: it stops one address hammering one replica. The
global bound on what such calls can store is the state store's own cap.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from cachetools import LRUCache

BURST = 10
PER_MINUTE = 10.0
# Addresses remembered at once; the least recently seen is forgotten first (it starts full again).
ADDRESSES = 4096


class AddressThrottle:
    def __init__(
        self,
        burst: int = BURST,
        per_minute: float = PER_MINUTE,
        *,
        addresses: int = ADDRESSES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = per_minute / 60.0
        self.clock = clock
        # address → (tokens, when counted); full, the least recently seen address is forgotten
        self._buckets: LRUCache[str, tuple[float, float]] = LRUCache(addresses)

    def wait_for(self, address: str) -> float:
        """0 and one token taken if ``address`` may go ahead; else the seconds until it may."""
        now = self.clock()
        tokens, since = self._buckets.pop(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - since) * self.rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
        self._buckets[address] = (tokens - 1 if wait == 0 else tokens, now)
        return wait
