"""The event loop every entry point runs on.

uvloop (libuv) where it is installed, which is every Linux and macOS install of
Bounceback; asyncio's own loop elsewhere (uvloop isn't built for Windows). Each
database statement on SQLite is a hand-off to aiosqlite's thread and back, and each
HTTP request a round of socket callbacks, so the loop's own overhead shows: uvloop
makes ``/rejected`` about a fifth faster end to end (``bench/rejected.py``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

try:
    import uvloop
except ImportError:  # pragma: no cover - Windows
    uvloop = None  # type: ignore[assignment]

T = TypeVar("T")


def run(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on the best loop available."""
    if uvloop is None:  # pragma: no cover - Windows
        return asyncio.run(main)
    return uvloop.run(main)


def name() -> str:
    """Which loop :func:`run` uses, for logs and benchmark output."""
    return "uvloop" if uvloop is not None else "asyncio"
