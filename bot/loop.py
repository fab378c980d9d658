"""The event loop every entry point runs on.

uvloop (libuv) when it is installed (the ``speed`` extra, part of ``all``; it isn't built
for Windows), asyncio's own loop otherwise. Both run everything the bot does; uvloop
shortens the Slack acknowledgement tail (the README's figures from ``bench/slack_ack.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

try:
    import uvloop
except ImportError:  # the speed extra isn't installed (or Windows)
    HAS_UVLOOP = False
else:
    HAS_UVLOOP = True

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on the best loop available."""
    if not HAS_UVLOOP:
        return asyncio.run(main)
    return uvloop.run(main)


def name() -> str:
    """Which loop :func:`run` uses, for logs and benchmark output."""
    return "uvloop" if HAS_UVLOOP else "asyncio"
