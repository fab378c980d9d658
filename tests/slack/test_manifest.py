"""deploy/slack/manifest.yml creates the app this adapter expects, in one paste."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from adapters.slack.runtime import EVENTS_PATH, REDIRECT_PATH
from adapters.slack.settings import BOT_SCOPES

MANIFEST = Path(__file__).parents[2] / "deploy" / "slack" / "manifest.yml"


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


def test_the_six_commands_all_reach_the_events_endpoint_with_mentions_escaped() -> None:
    commands = manifest()["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [
        "/rejected",
        "/reflect",
        "/journey",
        "/kudos",
        "/checkin",
        "/bounceback",
    ]
    for command in commands:
        assert urlsplit(command["url"]).path == EVENTS_PATH
        assert command["should_escape"] is True  # members arrive as <@U…>, not as typed names
        assert len(command["description"]) <= 100


def test_scopes_events_interactivity_and_home() -> None:
    data = manifest()
    assert sorted(data["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)
    assert [urlsplit(u).path for u in data["oauth_config"]["redirect_urls"]] == [REDIRECT_PATH]
    settings = data["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_uninstalled",
        "reaction_added",
        "reaction_removed",
        "tokens_revoked",
    }
    assert urlsplit(settings["event_subscriptions"]["request_url"]).path == EVENTS_PATH
    assert settings["interactivity"]["is_enabled"] is True
    assert urlsplit(settings["interactivity"]["request_url"]).path == EVENTS_PATH
    assert data["features"]["app_home"]["home_tab_enabled"] is True
