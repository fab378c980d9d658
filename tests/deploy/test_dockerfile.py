"""The image's recipe: hadolint clean, multi-stage, pinned and locked, unprivileged, with a health check."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from tests.deploy.tools import DEPLOY, ROOT, run, script

DOCKERFILE = DEPLOY / "Dockerfile"
LOCK = DEPLOY / "requirements.lock"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_hadolint_finds_nothing() -> None:
    result = run(script("hadolint"), "--failure-threshold", "info", DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install curl\nUSER root\n")
    result = run(script("hadolint"), bad)
    assert result.returncode != 0 and "DL3007" in result.stdout  # the check runs for real


def test_multi_stage_on_a_pinned_slim_base() -> None:
    steps = instructions()
    [base] = [
        args.split("=", 1)[1] for word, args in steps if word == "ARG" and args.startswith("PYTHON_IMAGE=")
    ]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base), base
    stages = [args for word, args in steps if word == "FROM"]
    assert stages == ["${PYTHON_IMAGE} AS build", "${PYTHON_IMAGE} AS runtime"]


def test_dependencies_come_from_the_lock_file_with_hashes() -> None:
    steps = instructions()
    build = steps[: [i for i, (w, _a) in enumerate(steps) if w == "FROM"][-1]]
    installs = [args for word, args in build if word == "RUN" and "pip install" in args]
    assert len(installs) == 2, installs
    locked, package = installs
    assert "--require-hashes -r deploy/requirements.lock" in locked
    assert ("COPY", "deploy/requirements.lock ./deploy/requirements.lock") in build
    # The package goes on top without resolving anything more, and pip check proves the lock was enough.
    assert "--no-deps ." in package and "pip check" in package


def test_the_lock_file_pins_every_dependency_of_the_all_extra() -> None:
    """Stale after a dependency is added or its range moves: run the refresh command in the Dockerfile."""
    pinned = {}
    for line in LOCK.read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            requirement = Requirement(line.removesuffix("\\").strip())
            [spec] = requirement.specifier
            assert spec.operator == "==", line
            pinned[requirement.name.lower().replace("_", "-").replace(".", "-")] = spec.version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    [everything] = extras["all"]
    wanted = [*project["dependencies"]]
    for extra in Requirement(everything).extras:
        wanted += extras[extra]
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"sys_platform": "linux"}):
            name = requirement.name.lower().replace("_", "-").replace(".", "-")
            assert name in pinned, f"{name} is not in deploy/requirements.lock"
            assert requirement.specifier.contains(pinned[name]), f"{name}=={pinned[name]} {requirement}"
    assert "--hash=sha256:" in LOCK.read_text()


def test_runs_unprivileged_with_a_health_check_and_the_entrypoint() -> None:
    steps = instructions()
    runtime = steps[[i for i, (w, a) in enumerate(steps) if w == "FROM"][-1] :]
    [user] = [args for word, args in runtime if word == "USER"]
    assert user == "10001:10001"
    [health] = [args for word, args in runtime if word == "HEALTHCHECK"]
    assert health.endswith('CMD ["bounceback", "healthcheck"]')
    assert ("ENTRYPOINT", '["/usr/local/bin/docker-entrypoint.sh"]') in runtime
    env = " ".join(args for word, args in runtime if word == "ENV")
    assert "BOUNCEBACK_OPS_HOST=0.0.0.0" in env and "BOUNCEBACK_LOG_FORMAT=json" in env


def test_everything_copied_exists_and_passes_the_dockerignore() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for word, args in instructions():
        if word == "COPY" and "--from=" not in args:
            *sources, _target = args.split()
            for source in sources:
                source = source.removeprefix("./")
                assert (ROOT / source).exists(), source
                assert source in allowed, f"{source} is excluded from the build context"


def test_the_entrypoint_is_an_executable_posix_script() -> None:
    entrypoint = DEPLOY / "docker-entrypoint.sh"
    assert entrypoint.stat().st_mode & 0o111
    assert entrypoint.read_text().startswith("#!/bin/sh\n")
    shell = shutil.which("dash") or shutil.which("sh")
    assert shell is not None
    assert run(shell, "-n", entrypoint).returncode == 0
