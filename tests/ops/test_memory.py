"""Start-up's objects are frozen out of the collector's full passes."""

from __future__ import annotations

import gc

from bot.ops.memory import freeze_startup_heap


def test_freezing_moves_the_start_up_heap_out_of_the_collectors_way() -> None:
    try:
        freeze_startup_heap()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the modules, mappers and caches of a started process
        assert gc.get_count()[0] < 100  # and the young generation starts empty
    finally:
        gc.unfreeze()
