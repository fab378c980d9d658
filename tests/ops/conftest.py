"""Stand-ins for the platforms' web APIs, shared by the tests that run real bot processes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.discord.fake_api import FakeDiscordAPI
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
async def slack_api() -> AsyncIterator[FakeSlack]:
    api = FakeSlack()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
async def discord_api() -> AsyncIterator[FakeDiscordAPI]:
    api = FakeDiscordAPI()
    await api.start()
    yield api
    await api.close()
