"""`bounceback console` as a real process: the shipped demo, scripted input, help and bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "adapters" / "console" / "demo.txt"


def bounceback(*args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BOUNCEBACK_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd or ROOT,
        timeout=120,
    )


def test_the_demo_tells_its_story(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite3'}"
    result = bounceback("console", stdin=DEMO.read_text(), env={"BOUNCEBACK_DATABASE_URL": db})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert "Amanda's journey so far" in out and "Rejections logged: 5" in out
    assert "[m10] (#group)" in out and "Two final rounds this month. Onwards." in out
    assert "Dear Jane," in out or "Hi Jane," in out or "Hello Jane," in out
    assert "Hi Dr. Park," in out or "Dear Dr. Park," in out or "Hello Dr. Park," in out
    assert "That's 2 final rounds" in out or "Final rounds reached so far: 2" in out
    assert "Lessons noted: 1. Plan steps open: 2, done: 0." in out
    assert out.rstrip().endswith(".json")


def test_the_default_database_is_a_sqlite_file_made_on_first_start(tmp_path: Path) -> None:
    result = bounceback("console", stdin="/rejected Acme\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "bounceback.sqlite3").exists()
    again = bounceback("console", stdin="/journey\n", cwd=tmp_path)
    assert "Rejections logged: 1" in again.stdout  # nothing saved was lost between runs


@pytest.mark.parametrize(
    "args", [[], ["console"], ["db"], ["db", "upgrade"], ["db", "downgrade"], ["db", "current"]]
)
def test_every_subcommand_has_help(args: list[str]) -> None:
    result = bounceback(*args, "--help")
    assert result.returncode == 0
    assert "usage: bounceback" in result.stdout


def test_a_misspelt_setting_stops_start_up_naming_it(tmp_path: Path) -> None:
    result = bounceback("console", env={"BOUNCEBACK_DATABSE_URL": "x"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "BOUNCEBACK_DATABSE_URL" in result.stderr and "BOUNCEBACK_DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_then_current(tmp_path: Path) -> None:
    env = {"BOUNCEBACK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"}
    assert bounceback("db", "upgrade", env=env).returncode == 0
    current = bounceback("db", "current", env=env)
    assert current.returncode == 0 and "(head)" in current.stdout
