"""Rules of the codebase that a reviewer would otherwise have to remember."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_the_layering_holds(capsys: pytest.CaptureFixture[str]) -> None:
    """The import-linter contracts in pyproject.toml: the core imports no adapter and no platform SDK,
    adapters don't import each other, features meet only through declared ports, scheduling knows no feature.
    """
    broken = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert broken == 0, capsys.readouterr().out


def test_ruff_is_clean() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
