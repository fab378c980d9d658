"""What `pip install .` gives: the built wheel, with only its own dependencies, outside the source tree.

The wheel goes into a fresh virtualenv with the dependencies it declares and no extra, so no
platform SDK, no asyncpg and no uvloop, and runs from a directory far from the repository. A file
the package forgot to ship (copy, migrations, the demo) or a core module that imports an SDK fails
here; so does a platform command that doesn't say which extra it needs. The packages come through
pip's own cache, as any install does.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.tools import ROOT
from tests.ops.processes import clean_environment

OPTIONAL = ("slack_bolt", "slack_sdk", "aiohttp", "discord", "asyncpg", "uvloop")


def run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv holding the wheel and its declared dependencies; returns its bin directory."""
    tmp = tmp_path_factory.mktemp("installed")
    # Only our own wheel is built here; its dependencies are installed below, resolved by pip.
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", ROOT, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp / "dist").glob("bounceback-*.whl")
    venv = tmp / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp).returncode == 0
    python = venv / "bin" / "python"
    installed = run(sys.executable, "-m", "pip", "--python", python, "install", "-q", wheel, cwd=tmp)
    assert installed.returncode == 0, installed.stderr
    return venv / "bin"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A working directory far from the checkout."""
    home = tmp_path / "home"
    home.mkdir()
    return home


def test_no_platform_sdk_comes_with_the_core(installed: Path, home: Path) -> None:
    probe = f"import importlib.util as u; print(*[m for m in {OPTIONAL!r} if u.find_spec(m)])"
    found = run(installed / "python", "-c", probe, cwd=home)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == []


def test_the_console_runs_the_demo_from_the_installed_package(installed: Path, home: Path) -> None:
    env = clean_environment(BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{home / 'b.sqlite3'}")
    where = run(
        installed / "python",
        "-c",
        "import bot, migrations; print(bot.__file__, migrations.__file__)",
        cwd=home,
    )
    assert str(ROOT) not in where.stdout and str(installed.parent) in where.stdout, (
        where.stdout + where.stderr
    )

    upgraded = run(installed / "bounceback", "db", "upgrade", cwd=home, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    demo = (ROOT / "adapters" / "console" / "demo.txt").read_text()
    console = run(installed / "bounceback", "console", cwd=home, env=env, stdin=demo)
    assert console.returncode == 0, console.stderr
    assert "Rejections logged: 5" in console.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["slack"],
            "bounceback slack needs the slack extra: pip install 'bounceback[slack]'",
        ),
        (
            ["discord"],
            "bounceback discord needs the discord extra: pip install 'bounceback[discord]'",
        ),
        (
            ["--database-url", "postgresql://bounceback@127.0.0.1:9/bounceback", "db", "current"],
            "bounceback db needs the postgres extra: pip install 'bounceback[postgres]'",
        ),
    ],
)
def test_a_command_without_its_extra_says_which_to_install(
    installed: Path, home: Path, args: list[str], says: str
) -> None:
    env = clean_environment(BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{home / 'b.sqlite3'}")
    result = run(installed / "bounceback", *args, cwd=home, env=env)
    assert (result.returncode, result.stderr.splitlines()) == (2, [says])


@pytest.mark.parametrize(
    "module", ["adapters.console.repl", "adapters.slack.run", "adapters.discord.run", "asyncpg", "uvloop"]
)
def test_the_all_extra_brings_every_adapter(module: str) -> None:
    """This environment is `pip install -e '.[test]'`, which is `[all]` and the test tools."""
    importlib.import_module(module)
