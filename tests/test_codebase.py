"""Rules of the codebase that a reviewer would otherwise have to remember."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# In its own process: import-linter configures logging in a way that would silence this one's loggers.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"


def test_the_layering_holds() -> None:
    """The import-linter contracts in pyproject.toml: the core imports no adapter and no platform SDK,
    adapters don't import each other, features meet only through declared ports, scheduling knows no feature.
    """
    check = subprocess.run([sys.executable, "-c", LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_ruff_is_clean() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
