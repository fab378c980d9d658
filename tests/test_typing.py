"""The type checker's verdict: the core strictly typed, the adapters under mypy's default checks.

The settings (which modules are strict, which libraries are read untyped) are in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "bot", "adapters"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, f"mypy found problems:\n{run.stdout}{run.stderr}"
