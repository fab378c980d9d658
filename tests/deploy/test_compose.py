"""deploy/compose.yaml as Docker Compose itself reads it, and .env.example documenting every variable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from adapters.discord.settings import DiscordSettings
from adapters.slack.settings import SlackSettings
from bot.config import Settings
from tests.deploy.tools import DEPLOY, docker_compose, run

COMPOSE = DEPLOY / "compose.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"


def config(*profiles: str, compose: Path = COMPOSE, env_file: Path = ENV_EXAMPLE) -> dict:
    args = ["-f", compose, "--env-file", env_file]
    for profile in profiles:
        args += ["--profile", profile]
    result = run(docker_compose(), *args, "config", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def documented() -> set[str]:
    names = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        if match := re.match(r"#?\s*([A-Z][A-Z0-9_]+)=", line):
            names.add(match.group(1))
    return names


def test_compose_validates_the_file_against_its_schema() -> None:
    result = run(docker_compose(), "-f", COMPOSE, "--env-file", ENV_EXAMPLE, "config", "--quiet")
    assert result.returncode == 0, result.stderr


def test_compose_would_catch_a_mistake(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("    healthcheck:\n", "    healthchek:\n", 1))
    result = run(docker_compose(), "-f", broken, "--env-file", ENV_EXAMPLE, "config", "--quiet")
    assert result.returncode != 0 and "'healthchek' not allowed" in result.stderr


def test_the_database_password_is_required(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")
    result = run(docker_compose(), "-f", COMPOSE, "--env-file", empty, "config", "--quiet")
    assert result.returncode != 0 and "set POSTGRES_PASSWORD in deploy/.env" in result.stderr


def test_compose_profiles_in_the_env_file_picks_the_bot(tmp_path: Path) -> None:
    assert set(config()["services"]) == {"postgres", "migrate", "slack"}  # .env.example says slack
    no_profile = tmp_path / "no-profile.env"
    no_profile.write_text(ENV_EXAMPLE.read_text().replace("COMPOSE_PROFILES=slack", "COMPOSE_PROFILES="))
    assert set(config(env_file=no_profile)["services"]) == {"postgres", "migrate"}


@pytest.mark.parametrize("platform", ["slack", "discord"])
def test_each_bot_waits_for_a_successful_migration(platform: str) -> None:
    services = config(platform)["services"]
    assert set(services) == {"postgres", "migrate", platform}
    bot, migrate = services[platform], services["migrate"]
    assert migrate["command"] == ["db", "upgrade"] and migrate["restart"] == "no"
    assert bot["command"] == [platform]
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["environment"]["BOUNCEBACK_DATABASE_URL"].startswith("postgresql+asyncpg://bounceback:")
    assert bot["read_only"] and bot["cap_drop"] == ["ALL"] and bot["init"]
    assert bot["stop_grace_period"] == "30s"
    published = {(p["target"], p.get("host_ip")) for p in bot["ports"]}
    assert (9464, "127.0.0.1") in published  # metrics stay on the host


def test_every_variable_compose_reads_is_documented() -> None:
    text = COMPOSE.read_text()
    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert used and used <= documented(), used - documented()


def test_every_setting_the_bot_reads_is_documented() -> None:
    bot = {Settings.variable(name) for name in Settings.model_fields}
    areas = (SlackSettings, DiscordSettings)
    platforms = {area.variable(name) for area in areas for name in area.model_fields}
    entrypoint = set(re.findall(r"\$\{?(SHARD_[A-Z_]+)", (DEPLOY / "docker-entrypoint.sh").read_text()))
    needed = bot | platforms | entrypoint
    assert platforms and entrypoint
    assert needed <= documented(), needed - documented()


def test_the_example_values_are_ones_the_bot_accepts() -> None:
    """Copying .env.example as it is must not stop the bot on a value it lists (empty ones keep defaults)."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if re.match(r"[A-Z]", line) and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    settings = Settings.load(values, env_file=None)
    assert settings.ops_port == 9464 and settings.log_format == "json"
    discord = DiscordSettings.load(values, env_file=None)
    assert discord.token is None and discord.organiser_roles == ("Bounceback organisers",)
    slack = SlackSettings.load(
        {**values, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, env_file=None
    )
    assert not slack.oauth and not slack.socket_mode
