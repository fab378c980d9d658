"""Keep the garbage collector's full passes short once the process has started.

CPython's full (generation 2) collection walks every tracked object. A running bot
holds ~150,000 of them, nearly all made while starting up (modules, SQLAlchemy's
mappers and compiled caches, bolt, discord.py) and alive until exit, and walking
them took 80-140 ms here: a pause every request in flight waits through (it was
the whole p99 of ``bench/slack_ack.py``). :func:`gc.freeze` moves what exists at the
end of start-up into a generation the collector never walks, so later full
passes see only what was made since.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Call once, when start-up is done and the process begins serving."""
    gc.collect()  # what start-up left as garbage goes now, not into the frozen generation
    gc.freeze()
