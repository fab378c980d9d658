"""Misconfiguration stops every command with one line on stderr naming the problem, never a traceback.

Run as real processes, as a new user would meet them: a port out of range, an
unreachable or missing database, a read-only SQLite file, libpq's ``sslmode``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.console.test_console_process import bounceback
from tests.databases import fresh_postgres_database, require_postgres

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql://postgres:hunter2@127.0.0.1:1/nowhere"
# Every command that opens the database, with what each needs to get that far.
OPENERS = {
    "console": ((), {}),
    "db upgrade": ((), {}),
    "db current": ((), {}),
    "slack": ((), {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"}),
    "discord": ((), {"DISCORD_TOKEN": "ODgxMjA3OTU1MDI5MTEwODU1.GZtest.test-token-for-the-local-api"}),
}


def run(command: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    ours = ("BOUNCEBACK_", "SLACK_", "DISCORD_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    environment |= {"BOUNCEBACK_OPS_PORT": "0", "BOUNCEBACK_LOG_LEVEL": "WARNING", **env}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *command.split()],
        input="",
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode in (1, 2), result
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bounceback: ")
    return lines[0]


@pytest.mark.parametrize(("name", "value"), [("BOUNCEBACK_PORT", "99999"), ("BOUNCEBACK_PORT", "0")])
def test_a_port_out_of_range_is_refused_naming_the_range(tmp_path: Path, name: str, value: str) -> None:
    line = one_line(run("slack", {name: value, **OPENERS["slack"][1]}, tmp_path))
    assert name in line and "1 to 65535" in line


def test_the_ops_port_may_be_off_but_not_out_of_range(tmp_path: Path) -> None:
    line = one_line(run("console", {"BOUNCEBACK_OPS_PORT": "70000"}, tmp_path))
    assert "BOUNCEBACK_OPS_PORT" in line and "0 to turn it off" in line


@pytest.mark.parametrize("command", sorted(OPENERS))
def test_an_unreachable_database_is_one_line_from_every_command(tmp_path: Path, command: str) -> None:
    env = {"BOUNCEBACK_DATABASE_URL": UNREACHABLE, **OPENERS[command][1]}
    line = one_line(run(command, env, tmp_path))
    assert "can't use the database at postgresql+asyncpg://postgres:***@127.0.0.1:1/nowhere" in line
    assert "hunter2" not in line


def test_a_sqlite_file_in_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}"
    line = one_line(run("console", {"BOUNCEBACK_DATABASE_URL": url}, tmp_path))
    assert "unable to open database file" in line


def test_a_read_only_sqlite_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bounceback.sqlite3"
    assert bounceback("db", "upgrade", env={"BOUNCEBACK_DATABASE_URL": f"sqlite:///{path}"}).returncode == 0
    if os.geteuid() == 0:  # root writes through file modes, so open it read-only as SQLite allows
        url = f"sqlite:///file:{path}?mode=ro&uri=true"
    else:
        path.chmod(0o444)
        url = f"sqlite:///{path}"
    for command in ("console", "slack"):
        line = one_line(run(command, {"BOUNCEBACK_DATABASE_URL": url, **OPENERS[command][1]}, tmp_path))
        assert "readonly database" in line


async def test_libpq_sslmode_is_translated_for_asyncpg(tmp_path: Path, postgres_problem: str | None) -> None:
    require_postgres(postgres_problem)
    async with fresh_postgres_database() as url:
        plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        script = "/rejected Acme\n/journey\n"
        env = {"BOUNCEBACK_DATABASE_URL": f"{plain}?sslmode=disable"}
        result = bounceback("console", stdin=script, env=env)
        assert result.returncode == 0, result.stderr
        assert "Rejections logged: 1" in result.stdout
        # The test server speaks no TLS, so requiring it is refused: in one line that says so.
        line = one_line(run("console", {"BOUNCEBACK_DATABASE_URL": f"{url}?sslmode=require"}, tmp_path))
        assert "ssl=require" in line and "SSL" in line


@pytest.mark.parametrize(
    ("query", "expected"),
    [("sslmode=sometimes", "sslmode should be one of"), ("sslrootcert=/ca.pem", "set PGSSLROOTCERT instead")],
)
def test_libpq_settings_asyncpg_cannot_take_are_explained(tmp_path: Path, query: str, expected: str) -> None:
    env = {"BOUNCEBACK_DATABASE_URL": f"postgresql://u@db.example/x?{query}"}
    line = one_line(run("console", env, tmp_path))
    assert "BOUNCEBACK_DATABASE_URL" in line and expected in line


def test_a_port_flag_out_of_range_is_refused(tmp_path: Path) -> None:
    result = run("slack --port 99999", OPENERS["slack"][1], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'99999' isn't a port; use a number from 1 to 65535" in result.stderr
