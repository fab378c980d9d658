"""The image's entrypoint as the container runs it: /bin/sh, the venv on PATH, signals straight to the bot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.tools import DEPLOY, ROOT
from tests.ops.processes import Running, clean_environment

ENTRYPOINT = DEPLOY / "docker-entrypoint.sh"


def environment(**extra: str) -> dict[str, str]:
    # As in the image: the virtualenv's bin first on PATH, the bot's package importable from it.
    return clean_environment(PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", **extra)


def entrypoint(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", str(ENTRYPOINT), *args],
        capture_output=True,
        text=True,
        env=environment(**env),
        cwd=ROOT,
        timeout=120,
    )


def test_no_arguments_but_an_option_runs_bounceback() -> None:
    result = entrypoint("--help")
    assert result.returncode == 0 and result.stdout.startswith("usage: bounceback")


def test_a_subcommand_runs_bounceback(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'image.sqlite3'}"
    result = entrypoint("db", "upgrade", BOUNCEBACK_DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Database is at revision")
    assert (tmp_path / "image.sqlite3").exists()


def test_the_health_check_fails_when_nothing_answers() -> None:
    result = entrypoint("healthcheck", BOUNCEBACK_OPS_PORT="9")
    assert result.returncode == 1 and "http://127.0.0.1:9/healthz did not answer" in result.stderr


def test_any_other_command_runs_as_it_is() -> None:
    result = entrypoint("printenv", "BOUNCEBACK_CHECK", BOUNCEBACK_CHECK="passed through")
    assert result.returncode == 0 and result.stdout == "passed through\n"


def test_the_command_replaces_the_shell_so_signals_reach_it() -> None:
    process = subprocess.Popen(
        ["/bin/sh", str(ENTRYPOINT), "python", "-c", "import os; print(os.getpid())"],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    out, _ = process.communicate(timeout=60)
    assert int(out) == process.pid


def test_sigterm_through_the_entrypoint_stops_the_bot_cleanly(tmp_path: Path) -> None:
    bot = Running(
        ["/bin/sh", str(ENTRYPOINT), "console"],
        environment(BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}"),
        stdin=True,
    )
    bot.send("/journey")
    bot.wait_for(lambda: any("[m1]" in line for line in bot.stdout), "an answer")
    bot.process.send_signal(signal.SIGTERM)
    assert bot.finish() == 0, bot.output


@pytest.mark.parametrize(
    ("groups", "count", "host", "index", "expected"),
    [
        ("1", "1", "bounceback-discord-0", None, "0"),
        ("2", "4", "bounceback-discord-0", None, "0,2"),
        ("2", "4", "bounceback-discord-1", None, "1,3"),
        ("3", "8", "bounceback-discord-2", None, "2,5"),
        ("3", "8", "anything", "1", "1,4,7"),
    ],
)
def test_a_shard_group_runs_every_groups_th_shard(
    groups: str, count: str, host: str, index: str | None, expected: str
) -> None:
    env = {"SHARD_GROUPS": groups, "DISCORD_SHARD_COUNT": count, "HOSTNAME": host}
    if index is not None:
        env["SHARD_GROUP_INDEX"] = index
    result = entrypoint("printenv", "DISCORD_SHARD_IDS", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{expected}\n"


def test_shard_groups_leave_explicit_shard_ids_alone() -> None:
    result = entrypoint(
        "printenv", "DISCORD_SHARD_IDS", SHARD_GROUPS="2", DISCORD_SHARD_COUNT="4", DISCORD_SHARD_IDS="3"
    )
    assert result.stdout == "3\n"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SHARD_GROUPS": "2", "HOSTNAME": "bot-0"}, "SHARD_GROUPS needs DISCORD_SHARD_COUNT"),
        ({"SHARD_GROUPS": "two", "DISCORD_SHARD_COUNT": "4", "HOSTNAME": "bot-0"}, "whole number"),
        (
            {"SHARD_GROUPS": "2", "DISCORD_SHARD_COUNT": "4", "HOSTNAME": "bot-2"},
            "shard group 2 does not exist",
        ),
        ({"SHARD_GROUPS": "2", "DISCORD_SHARD_COUNT": "4", "HOSTNAME": "laptop"}, "no shard group index"),
        (
            {"SHARD_GROUPS": "5", "DISCORD_SHARD_COUNT": "4", "HOSTNAME": "bot-0"},
            "more than DISCORD_SHARD_COUNT",
        ),
    ],
)
def test_a_wrong_shard_group_stops_with_its_reason(env: dict[str, str], message: str) -> None:
    result = entrypoint("printenv", "DISCORD_SHARD_IDS", **env)
    assert result.returncode == 64 and message in result.stderr and result.stdout == ""
