"""Rules of the codebase that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SDK_IMPORT = re.compile(r"^\s*(?:from|import)\s+(slack_bolt|slack_sdk|discord)\b", re.MULTILINE)
ADAPTERS = ("slack", "discord", "console")


def test_the_core_imports_no_platform_sdk() -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in ROOT.glob("bot/**/*.py") if SDK_IMPORT.search(p.read_text())
    ]
    assert not offenders


def test_no_adapter_imports_another() -> None:
    offenders = []
    for adapter in ADAPTERS:
        others = "|".join(a for a in ADAPTERS if a != adapter)
        pattern = re.compile(rf"^\s*(?:from|import)\s+adapters\.({others})\b", re.MULTILINE)
        offenders += [
            str(p.relative_to(ROOT))
            for p in ROOT.glob(f"adapters/{adapter}/**/*.py")
            if pattern.search(p.read_text())
        ]
    assert not offenders


def test_ruff_is_clean() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
