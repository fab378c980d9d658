"""Settings, command registration and the invite link."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import discord
import pytest

from adapters.cli import main
from adapters.discord.client import build_client, gateway_intents
from adapters.discord.invite import invite_url
from adapters.discord.run import sync_commands
from adapters.discord.settings import DiscordSettings, load_discord_settings
from bot.config import ConfigError, Settings
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import APPLICATION_ID, FakeDiscordAPI


def test_settings_read_every_variable() -> None:
    settings = load_discord_settings(
        {
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_API_URL": "http://127.0.0.1:9999/api/v10/",
            "DISCORD_SHARD_COUNT": "4",
            "DISCORD_SHARD_IDS": "2, 3",
            "DISCORD_ORGANISER_ROLES": "Mods, 539082325061837000",
        }
    )
    assert settings.api_url == "http://127.0.0.1:9999/api/v10"
    assert (settings.shard_count, settings.shard_ids) == (4, (2, 3))
    assert settings.organiser_roles == ("Mods", "539082325061837000")
    assert settings.require_application_id() == int(APPLICATION_ID)  # read from the token


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "two"}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "²"}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "9" * 5000}, "DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "0,¹"}, "DISCORD_SHARD_IDS"),
        ({"DISCORD_APPLICATION_ID": "١٢٣"}, "DISCORD_APPLICATION_ID"),
        ({"DISCORD_APPLICATION_ID": "9" * 30}, "DISCORD_APPLICATION_ID"),
        ({"DISCORD_SHARD_IDS": "0"}, "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "2"}, "DISCORD_SHARD_IDS"),
        ({"DISCORD_SHARD_COUNT": "2", "DISCORD_SHARD_IDS": "a,b"}, "DISCORD_SHARD_IDS"),
        ({"DISCORD_API_URL": "discord.local"}, "DISCORD_API_URL"),
        ({"DISCORD_APPLICATION_ID": "my-bot"}, "DISCORD_APPLICATION_ID"),
        ({"DISCORD_TOKEN": "Bot abc"}, "DISCORD_TOKEN"),
        ({"DISCORD_SHARD_ID": "1"}, "Did you mean DISCORD_SHARD_IDS?"),
    ],
)
def test_a_bad_value_names_its_variable(environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        load_discord_settings(environ)


def test_a_missing_token_is_named() -> None:
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set"):
        load_discord_settings({}).require_token()


def test_the_cli_reports_configuration_problems_without_a_trace(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setenv("DISCORD_SHARD_COUNT", "-1")
    assert main(["discord"]) == 2
    assert "DISCORD_SHARD_COUNT" in capsys.readouterr().err


def test_the_invite_asks_for_the_two_scopes_and_five_permissions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    assert main(["discord", "invite-url"]) == 0
    url = urlparse(capsys.readouterr().out.strip())
    query = parse_qs(url.query)
    assert query["client_id"] == [APPLICATION_ID]
    assert query["scope"] == ["bot applications.commands"]
    granted = discord.Permissions(int(query["permissions"][0]))
    assert {name for name, on in granted if on} == {
        "read_messages",  # discord.py's name for View Channel
        "send_messages",
        "send_messages_in_threads",
        "embed_links",
        "attach_files",
    }
    assert invite_url(DiscordSettings(application_id=42)).count("client_id=42") == 1


def test_no_privileged_intent_is_asked_for() -> None:
    intents = gateway_intents()
    assert intents.guilds and intents.guild_reactions
    assert not (intents.members or intents.presences or intents.message_content)


async def test_sync_registers_every_command_in_one_server(fake_api: FakeDiscordAPI, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}")
    await sync_commands(
        settings, DiscordSettings(token=TOKEN, api_url=fake_api.url), guild_id=290926798626357999
    )
    [put] = fake_api.sent("PUT", rf"/applications/{APPLICATION_ID}/guilds/290926798626357999/commands")
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == {"rejected", "reflect", "journey", "kudos", "checkin", "bounceback"}
    options = {o["name"]: o for o in commands["rejected"]["options"]}
    assert list(options) == [
        "company",
        "role",
        "stage",
        "date",
        "manager",
        "met",
        "reason",
        "feeling",
        "notes",
    ]
    assert [c["value"] for c in options["stage"]["choices"]][:2] == ["applied", "screening"]
    assert options["date"]["autocomplete"] is True
    assert all(not o.get("required") for o in options.values())
    subcommands = {o["name"] for o in commands["bounceback"]["options"]}
    assert {"help", "export", "forget", "channel", "timezone"} <= subcommands
    bounceback = {o["name"]: o for o in commands["bounceback"]["options"]}
    assert [(o["name"], o["autocomplete"]) for o in bounceback["timezone"]["options"]] == [("zone", True)]
    assert bounceback["channel"].get("options", []) == []
    assert [o["name"] for o in bounceback["checkins"]["options"]] == ["details"]
    assert [o["name"] for o in commands["reflect"]["options"]] == ["done", "show", "lesson", "action", "kind"]

    kudos = {o["name"]: o for o in commands["kudos"]["options"]}
    assert set(kudos) == {"give", "top", "me", "help", "leaderboard", "messages", "emojis", "cap"}
    assert all(o["type"] == 1 for o in kudos.values())  # subcommands
    give = {o["name"]: o for o in kudos["give"]["options"]}
    assert (give["member"]["type"], give["member"]["required"]) == (6, True)  # a user
    assert give["why"]["type"] == 3 and not give["why"].get("required")
    assert [c["value"] for c in kudos["top"]["options"][0]["choices"]] == ["week", "month", "all"]
    assert kudos["cap"]["options"][0]["type"] == 4  # an integer
    assert kudos["me"].get("options", []) == []

    checkin = {o["name"]: o for o in commands["checkin"]["options"]}
    assert set(checkin) == {"open", "pause", "resume", "stop", "start", "buddies", "hired", "status", "help"}
    [until] = checkin["pause"]["options"]
    assert until["required"] and until["autocomplete"]
    [pairing] = checkin["buddies"]["options"]
    assert [c["value"] for c in pairing["choices"]] == ["on", "off"]
    assert all(c["dm_permission"] is False for c in put.json)  # servers only
    assert all(len(c["description"]) <= 100 for c in put.json)


async def test_sync_without_a_server_registers_globally(fake_api: FakeDiscordAPI, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}")
    await sync_commands(settings, DiscordSettings(token=TOKEN, api_url=fake_api.url), guild_id=None)
    assert fake_api.sent("PUT", rf"/applications/{APPLICATION_ID}/commands")


def test_a_dot_env_file_supplies_what_the_environment_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nDISCORD_ORGANISER_ROLES=Mods\n", encoding="utf-8")
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setenv("DISCORD_ORGANISER_ROLES", "Admins")
    settings = load_discord_settings(env_file=env_file)
    assert settings.require_token() == TOKEN
    assert TOKEN not in repr(settings)
    assert settings.organiser_roles == ("Admins",)  # the environment wins


async def test_the_client_runs_the_shards_it_is_given(discord_app, fake_api: FakeDiscordAPI) -> None:
    settings = DiscordSettings(token=TOKEN, api_url=fake_api.url, shard_count=4, shard_ids=(2, 3))
    client = build_client(settings, discord_app)
    assert (client.shard_count, client.shard_ids) == (4, [2, 3])
    everything = build_client(DiscordSettings(token=TOKEN, api_url=fake_api.url), discord_app)
    assert (everything.shard_count, everything.shard_ids) == (
        None,
        None,
    )  # Discord's recommendation, all here
