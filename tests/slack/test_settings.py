"""The SLACK_* settings: a bad or missing value stops start-up with a message naming the variable."""

from __future__ import annotations

import pytest

from adapters.cli import main
from adapters.slack.settings import DEFAULT_API_URL, load_slack_settings, secret
from bot.config import ConfigError

SECRET = {"SLACK_SIGNING_SECRET": "s3cret"}


def test_one_workspace_with_a_bot_token() -> None:
    settings = load_slack_settings({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1"})
    assert secret(settings.bot_token) == "xoxb-1" and not settings.oauth and not settings.socket_mode
    assert settings.api_url == DEFAULT_API_URL
    assert "xoxb-1" not in repr(settings) and "s3cret" not in repr(settings) and "s3cret" not in str(settings)


def test_a_misspelt_variable_is_named_with_the_right_one() -> None:
    with pytest.raises(
        ConfigError, match=r"SLACK_BOT_TOKN is not a Bounceback setting\. Did you mean SLACK_BOT_TOKEN\?"
    ):
        load_slack_settings({**SECRET, "SLACK_BOT_TOKN": "xoxb-1"}, env_file=None)
    # Other tools' SLACK_ variables, far from ours, are left alone.
    assert load_slack_settings(
        {**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_WEBHOOK_URL": "x"}, env_file=None
    )


def test_many_workspaces_through_oauth() -> None:
    settings = load_slack_settings({**SECRET, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x"})
    assert settings.oauth and settings.bot_token is None


def test_socket_mode_needs_no_signing_secret() -> None:
    settings = load_slack_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode


def test_empty_variables_keep_their_defaults() -> None:
    """As in deploy/.env.example, where every variable is listed and the unused ones are left empty."""
    empty = dict.fromkeys(("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"), "")
    settings = load_slack_settings({**SECRET, **empty, "SLACK_BOT_TOKEN": "xoxb-1"}, env_file=None)
    assert settings.api_url == DEFAULT_API_URL and not settings.oauth and not settings.socket_mode


def test_the_api_url_gets_its_trailing_slash() -> None:
    settings = load_slack_settings(
        {**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "http://127.0.0.1:9/api"}
    )
    assert settings.api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({**SECRET, "SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CLIENT_ID": "1.2"}, "SLACK_BOT_TOKEN"),
        ({**SECRET, "SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        ({**SECRET, "SLACK_CLIENT_SECRET": "x"}, "SLACK_CLIENT_ID"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-not-app"}, "SLACK_APP_TOKEN"),
        (
            {**SECRET, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_APP_TOKEN",
        ),
        ({**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({**SECRET, "SLACK_BOT_TOKEN": "  "}, "SLACK_BOT_TOKEN"),
        (
            {**SECRET, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CLIENT_ID": "", "SLACK_API_URL": "ftp://x"},
            "SLACK_API_URL",
        ),
    ],
)
def test_a_bad_or_missing_value_is_named(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_slack_settings(environ)


def test_bounceback_slack_stops_at_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s3cret")
    monkeypatch.chdir(tmp_path)
    assert main(["slack", "--port", "3000"]) == 2
    err = capsys.readouterr().err
    assert "configuration problem" in err and "SLACK_BOT_TOKEN" in err and "Traceback" not in err


def test_slack_settings_can_come_from_the_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-from-environment")
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_APP_TOKEN=xapp-from-file\n")
    settings = load_slack_settings(env_file=env_file)
    assert secret(settings.bot_token) == "xoxb-from-file"
    assert secret(settings.app_token) == "xapp-from-environment"  # the environment wins over the file
