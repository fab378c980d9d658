"""What the image installs: the built wheel, outside the source tree, migrates and runs the demo.

The Dockerfile's build stage is `pip install .` into a virtualenv; here the same wheel goes into a
fresh virtualenv (its dependencies borrowed from this one) and runs from a directory far from the
repository, so a file the package forgot to ship (copy, migrations, the demo) fails this test.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.deploy.tools import ROOT
from tests.ops.processes import clean_environment


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )


def test_the_wheel_alone_migrates_and_runs_the_demo(tmp_path: Path) -> None:
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", ROOT, cwd=ROOT
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("bounceback-*.whl")

    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
    # The dependencies come from this environment, after the venv's own packages (so not our source).
    (Path(site.stdout.strip()) / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel, cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    home = tmp_path / "home"
    home.mkdir()
    env = clean_environment(BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{home / 'b.sqlite3'}")
    where = run(python, "-c", "import bot, migrations; print(bot.__file__, migrations.__file__)", cwd=home)
    assert str(ROOT) not in where.stdout and str(venv) in where.stdout, where.stdout + where.stderr

    upgraded = run(venv / "bin" / "bounceback", "db", "upgrade", cwd=home, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    demo = (ROOT / "adapters" / "console" / "demo.txt").read_text()
    console = subprocess.run(
        [str(venv / "bin" / "bounceback"), "console"],
        input=demo,
        capture_output=True,
        text=True,
        cwd=home,
        env=env,
        timeout=600,
    )
    assert console.returncode == 0, console.stderr
    assert "Rejections logged: 5" in console.stdout
