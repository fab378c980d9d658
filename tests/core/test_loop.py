"""Every entry point runs on bot.loop.run: uvloop on Linux and macOS."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import loop

ROOT = Path(__file__).resolve().parents[2]


def test_run_uses_uvloop() -> None:
    async def which() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert loop.name() == "uvloop"
    assert loop.run(which()).startswith("uvloop")


def test_no_entry_point_starts_a_loop_of_its_own() -> None:
    starting = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "adapters", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "loop.py" and "asyncio.run(" in path.read_text(encoding="utf-8")
    ]
    assert not starting
