"""The systemd unit: the same commands the image runs, a SIGTERM stop inside its bound, no privileges."""

from __future__ import annotations

from collections import defaultdict

from adapters.cli import build_parser
from bot.config import Settings
from tests.deploy.tools import DEPLOY

UNIT = DEPLOY / "systemd" / "bounceback@.service"


def directives() -> dict[str, dict[str, list[str]]]:
    """Section → key → values (a key such as Environment= may repeat)."""
    sections: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    section = ""
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        sections[section][key].append(value)
    return sections


def test_it_runs_the_platform_named_by_the_instance_after_migrating() -> None:
    service = directives()["Service"]
    assert service["ExecStartPre"] == ["/opt/bounceback/bin/bounceback db upgrade"]
    assert service["ExecStart"] == ["/opt/bounceback/bin/bounceback %i"]
    parser = build_parser()
    for platform in ("slack", "discord"):
        assert parser.parse_args([platform]).command == platform
    assert parser.parse_args(["db", "upgrade"]).revision == "head"


def test_it_stops_with_sigterm_inside_the_bots_own_bound() -> None:
    service = directives()["Service"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert float(service["TimeoutStopSec"][0]) > Settings().shutdown_timeout
    assert service["RestartPreventExitStatus"] == ["2"]  # a configuration problem: restarting won't help


def test_it_runs_unprivileged_and_logs_json_with_its_own_state_directory() -> None:
    service = directives()["Service"]
    assert service["User"] == ["bounceback"] and service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"] and service["CapabilityBoundingSet"] == [""]
    assert service["StateDirectory"] == ["bounceback"]
    assert "BOUNCEBACK_LOG_FORMAT=json" in service["Environment"]
    assert service["EnvironmentFile"] == ["/etc/bounceback/bounceback.env"]
    assert directives()["Install"]["WantedBy"] == ["multi-user.target"]
