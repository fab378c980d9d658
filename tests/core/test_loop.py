"""Every entry point runs on bot.loop.run: uvloop with the speed extra, asyncio's own loop without."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from bot import loop

ROOT = Path(__file__).resolve().parents[2]


def test_run_uses_uvloop_when_it_is_installed() -> None:
    async def which() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert loop.name() == "uvloop"  # the test extra installs everything, speed included
    assert loop.run(which()).startswith("uvloop")


def test_without_uvloop_run_falls_back_to_asyncios_loop() -> None:
    # A fresh interpreter where ``import uvloop`` fails, as it does without the speed extra.
    script = (
        "import sys; sys.modules['uvloop'] = None\n"
        "import asyncio\n"
        "from bot import loop\n"
        "async def which(): return type(asyncio.get_running_loop()).__module__\n"
        "print(loop.name(), loop.run(which()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    name, module = result.stdout.split()
    assert name == "asyncio" and module.startswith("asyncio."), result.stdout


def test_no_entry_point_starts_a_loop_of_its_own() -> None:
    starting = [
        str(path.relative_to(ROOT))
        for folder in ("bot", "adapters", "bench")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "loop.py" and "asyncio.run(" in path.read_text(encoding="utf-8")
    ]
    assert not starting
