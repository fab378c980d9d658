"""Settings: sensible defaults, and a clear stop naming the variable when one is wrong."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings({}, env_file=tmp_path / ".env")
    assert settings.database_url.get_secret_value() == DEFAULT_DATABASE_URL
    assert "bounceback.sqlite3" not in repr(settings)
    assert settings.async_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.log_level == "INFO"


def test_the_scheduler_grace_window_is_configurable() -> None:
    assert load_settings({}, env_file=None).scheduler_grace == timedelta(hours=12)
    settings = load_settings({"BOUNCEBACK_SCHEDULER_GRACE_HOURS": "2.5"}, env_file=None)
    assert settings.scheduler_grace == timedelta(hours=2.5)


def test_plain_urls_get_the_async_driver(tmp_path: Path) -> None:
    settings = load_settings({"BOUNCEBACK_DATABASE_URL": "postgresql://u@db/x"}, env_file=None)
    assert settings.async_database_url == "postgresql+asyncpg://u@db/x"


def test_a_typo_names_the_variable_and_suggests_the_right_one() -> None:
    with pytest.raises(
        ConfigError,
        match=r"BOUNCEBACK_DATABSE_URL is not a Bounceback setting\. Did you mean BOUNCEBACK_DATABASE_URL",
    ):
        load_settings({"BOUNCEBACK_DATABSE_URL": "x"}, env_file=None)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOUNCEBACK_LOG_LEVEL", "LOUD"),
        ("BOUNCEBACK_DATABASE_URL", "mysql://x"),
        ("BOUNCEBACK_PORT", "many"),
        ("BOUNCEBACK_SCHEDULER_GRACE_HOURS", "-1"),
    ],
)
def test_an_invalid_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value}, env_file=None)


def test_a_dot_env_file_is_read_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("BOUNCEBACK_LOG_LEVEL=debug\n# a comment\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings({}, env_file=env).log_level == "DEBUG"
    env.write_text("BOUNCEBACK_LOGLEVEL=debug\n")
    with pytest.raises(ConfigError, match="BOUNCEBACK_LOGLEVEL"):
        load_settings({}, env_file=env)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        (
            "postgresql://u:p%40ss@db:5433/x?sslmode=require",
            "postgresql+asyncpg://u:p%40ss@db:5433/x?ssl=require",
        ),
        ("postgresql+asyncpg://u@db/x?sslmode=verify-full", "postgresql+asyncpg://u@db/x?ssl=verify-full"),
        (
            "postgresql://u@db/x?ssl=prefer&application_name=bb",
            "postgresql+asyncpg://u@db/x?ssl=prefer&application_name=bb",
        ),
    ],
)
def test_libpq_sslmode_becomes_asyncpgs_ssl(given: str, used: str) -> None:
    settings = load_settings({"BOUNCEBACK_DATABASE_URL": given}, env_file=None)
    assert settings.async_database_url == used


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("BOUNCEBACK_PORT", "99999", "1 to 65535"),
        ("BOUNCEBACK_PORT", "0", "1 to 65535"),
        ("BOUNCEBACK_OPS_PORT", "65536", "or 0 to turn it off"),
        ("BOUNCEBACK_DATABASE_URL", "postgresql://u@db/x?sslmode=maybe", "sslmode should be one of disable"),
        ("BOUNCEBACK_DATABASE_URL", "postgresql://u@db/x?sslkey=/k.pem", "set PGSSLKEY instead"),
        ("BOUNCEBACK_DATABASE_URL", "postgresql://u@db/x?sslmode=require&ssl=disable", "disagree"),
    ],
)
def test_ports_and_database_urls_are_checked_in_one_line(name: str, value: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value}, env_file=None)
    said = str(caught.value)
    assert said.startswith(name) and expected in said and "\n" not in said and "Value error" not in said


def test_the_ops_server_may_be_turned_off() -> None:
    assert load_settings({"BOUNCEBACK_OPS_PORT": "0"}, env_file=None).ops_port == 0
