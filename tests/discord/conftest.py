"""Discord fixtures: a local stand-in for the HTTP API, and real clients logged in against it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest

from adapters.discord.client import BouncebackClient, build_client
from adapters.discord.roles import DiscordRoles
from adapters.discord.settings import DEFAULT_ORGANISER_ROLES, DiscordSettings
from bot.app import Bounceback
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import Gateway, load

TOKEN = "ODgxMjA3OTU1MDI5MTEwODU1.GZtest.test-token-for-the-local-api"

MakeClient = Callable[[], Awaitable[BouncebackClient]]


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeDiscordAPI]:
    api = FakeDiscordAPI()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
def settings(fake_api: FakeDiscordAPI) -> DiscordSettings:
    return DiscordSettings(token=TOKEN, api_url=fake_api.url)


@pytest.fixture
def discord_app(make_app: Callable[..., Bounceback]) -> Bounceback:
    return make_app(roles=DiscordRoles(DEFAULT_ORGANISER_ROLES))


@pytest.fixture
async def make_client(settings: DiscordSettings, discord_app: Bounceback) -> AsyncIterator[MakeClient]:
    """Start a fresh client (as after a restart): logged in against the local API, the server cached."""
    clients: list[BouncebackClient] = []

    async def make() -> BouncebackClient:
        client = build_client(settings, discord_app)
        await client.login(TOKEN)
        client._connection.parsers["GUILD_CREATE"](load("guild_create")["d"])
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
async def client(make_client: MakeClient) -> BouncebackClient:
    return await make_client()


@pytest.fixture
def gateway(client: BouncebackClient) -> Gateway:
    return Gateway(client)


@pytest.fixture(autouse=True)
def no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """discord.py logs (rather than raises) what goes wrong in listeners and callbacks: fail on it."""
    caplog.set_level(logging.WARNING)
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, "\n".join(f"{r.name}: {r.getMessage()}\n{r.exc_text or ''}" for r in errors)
