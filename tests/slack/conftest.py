"""The Slack adapter under test: the real bolt AsyncApp behind its real aiohttp handler, on loopback.

Requests are signed exactly as Slack signs them; the Web API, response_urls
and file uploads go to a local :class:`FakeSlack` through ``SLACK_API_URL``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.runtime import EVENTS_PATH, SlackRuntime, build_slack_runtime
from adapters.slack.settings import SlackSettings
from bot.clock import ManualClock
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack

BOT_TOKEN = "xoxb-test-token"
SAFETY_LIMIT = 30.0  # seconds before a hung test gives up


@dataclass
class SlackHarness:
    runtime: SlackRuntime
    api: FakeSlack
    server: TestServer
    session: aiohttp.ClientSession
    baseline: set[asyncio.Task[Any]]
    _triggers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def trigger(self) -> str:
        return f"{next(self._triggers)}.4242.trigger"

    @property
    def url(self) -> str:
        return str(self.server.make_url(EVENTS_PATH))

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        secret: str = p.SIGNING_SECRET,
        age: int = 0,
        path: str = EVENTS_PATH,
    ) -> tuple[int, str]:
        signed = p.signed_headers(body, content_type, secret, age)
        signed.update(headers or {})
        async with self.session.post(self.server.make_url(path), data=body, headers=signed) as response:
            return response.status, await response.text()

    async def command(self, command: str, text: str = "", **kw: Any) -> tuple[int, str]:
        trigger = kw.pop("trigger_id", None) or self.trigger()
        body = p.command_body(
            command, text, trigger_id=trigger, response_url=self.api.response_url(trigger), **kw
        )
        return await self.post(body, "application/x-www-form-urlencoded")

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        body = aiohttp.helpers.quote(json.dumps(payload), safe="")
        return await self.post(f"payload={body}".encode(), "application/x-www-form-urlencoded", **kw)

    async def click(self, action_id: str, value: str = "", **kw: Any) -> tuple[int, str]:
        trigger = self.trigger()
        channel = kw.get("channel", p.CHANNEL)
        response_url = self.api.response_url(trigger) if channel else None
        payload = p.block_actions(action_id, value, trigger_id=trigger, response_url=response_url, **kw)
        return await self.interaction(payload)

    async def submit(self, opened_view: dict[str, Any], values: dict[str, Any], **kw: Any) -> tuple[int, str]:
        return await self.interaction(p.view_submission(opened_view, values, trigger_id=self.trigger(), **kw))

    async def event(self, envelope: dict[str, Any], *, retry_num: int | None = None) -> tuple[int, str]:
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(envelope).encode()
        return await self.post(body, "application/json", headers=headers)

    async def settle(self) -> None:
        """Until everything the app started (lazy listeners, deliveries, retries) has finished.

        The time limit only stops a hung test; it measures nothing.
        """
        waiting = {asyncio.current_task()}

        def started_since() -> list[asyncio.Task[Any]]:
            return [
                t
                for t in asyncio.all_tasks()
                if t not in self.baseline | waiting and not t.done() and not _serves_a_connection(t)
            ]

        async def drained() -> None:
            waiting.add(asyncio.current_task())
            while pending := started_since():
                await asyncio.wait(pending)

        async with asyncio.timeout(SAFETY_LIMIT):
            await drained()


def _serves_a_connection(task: asyncio.Task[Any]) -> bool:
    """An aiohttp server's loop over one kept-alive connection: it lives as long as the connection."""
    return getattr(task.get_coro(), "__qualname__", "") == "RequestHandler.start"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    api = FakeSlack()
    await api.start()
    yield api
    await api.close()


@pytest.fixture
def slack_settings(fake_slack: FakeSlack) -> SlackSettings:
    return SlackSettings(signing_secret=p.SIGNING_SECRET, bot_token=BOT_TOKEN, api_url=fake_slack.api_url)


@pytest.fixture
async def make_slack(
    db: AsyncEngine, clock: ManualClock, fake_slack: FakeSlack
) -> AsyncIterator[Callable[..., Any]]:
    """Build and serve a runtime: ``await make_slack(settings)``."""
    started: list[SlackHarness] = []

    async def make(settings: SlackSettings, **kw: Any) -> SlackHarness:
        runtime = build_slack_runtime(settings, db, clock)
        server = TestServer(runtime.web_app(), host="127.0.0.1")
        await server.start_server()
        session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True))
        harness = SlackHarness(runtime, fake_slack, server, session, set(asyncio.all_tasks()))
        started.append(harness)
        return harness

    yield make
    for harness in started:
        await harness.settle()
        await harness.session.close()
        await harness.server.close()
        await harness.runtime.close()


@pytest.fixture
async def slack(make_slack: Callable[..., Any], slack_settings: SlackSettings) -> SlackHarness:
    return await make_slack(slack_settings)
