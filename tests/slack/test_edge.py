"""The HTTP edge: a malformed request gets a 4xx and one log line, slow clients are cut off, no body logged.

Through the real bolt app behind its real aiohttp server, on loopback, requests signed as Slack signs them.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.slack.bolt_logs import SIGNATURE_LOGGER
from adapters.slack.http_edge import server_options
from adapters.slack.runtime import EVENTS_PATH, build_slack_runtime
from adapters.slack.settings import SlackSettings
from bot.clock import ManualClock
from bot.db.engine import create_engine
from bot.db.models import Community, ProcessedEvent
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
LIMIT = 30.0  # seconds before a hung step gives up; it measures nothing
MANAGER = "Prudence Quackenbush"

# What each one used to do: a 500 and a traceback, signed or not.
MALFORMED: dict[str, tuple[bytes, str, dict[str, str]]] = {
    "truncated JSON": (b'{"type":', JSON, {}),
    "a JSON list": (b"[1]", JSON, {}),
    "a broken payload": (b"payload=%7Bnot", FORM, {}),
    "a raw 0xFF byte": (b"text=\xff", FORM, {}),
    "an unknown charset": (b"text=hello", f"{FORM}; charset=bogus", {}),
    "a timestamp that is no number": (b"text=hello", FORM, {"X-Slack-Request-Timestamp": "soon"}),
}


@pytest.fixture
def log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def tracebacks(log: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in log.records if r.exc_info or r.levelno >= logging.ERROR]


def refusals(log: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in log.records if r.name == "adapters.slack.http_edge"]


async def nothing_happened(slack: SlackHarness, db: AsyncEngine) -> None:
    await slack.settle()
    assert slack.api.calls == []
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Community)) == 0
        assert await connection.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
@pytest.mark.parametrize("case", list(MALFORMED))
async def test_a_malformed_request_gets_a_4xx_and_one_line(
    slack: SlackHarness, db: AsyncEngine, log: pytest.LogCaptureFixture, case: str, signed: bool
) -> None:
    body, content_type, headers = MALFORMED[case]
    status, _ = await slack.post(
        body, content_type, headers=headers, secret=p.SIGNING_SECRET if signed else "x"
    )
    if signed and "timestamp" not in case:
        assert status == 400
    else:
        assert status in (400, 401)
    assert tracebacks(log) == []
    [line] = refusals(log)
    assert "\n" not in line and "hello" not in line
    await nothing_happened(slack, db)


async def test_slacks_ssl_check_is_answered_as_bolt_answers_it(slack: SlackHarness, db: AsyncEngine) -> None:
    status, _ = await slack.post(b"ssl_check=1&token=abc", FORM, secret="unsigned")
    assert status == 200
    await nothing_happened(slack, db)


def wrong_shapes() -> Iterator[tuple[str, bytes, str]]:
    """Slack's documented payloads with one field of the wrong JSON type, or missing, each."""
    documented = {
        "command": dict(p.documented("slack_slash_command.json")),
        "block_actions": p.documented("slack_block_actions.json"),
        "view_submission": p.documented("slack_view_submission.json"),
        "event": p.documented("slack_event_reaction_added.json"),
    }
    for kind, payload in documented.items():
        for path in field_paths(payload):
            for wrong in (5, "x", {}, None, [5], KeyError):
                changed = copy.deepcopy(payload)
                parent = changed
                for step in path[:-1]:
                    parent = parent[step]
                if wrong is KeyError:
                    if isinstance(parent, list):
                        continue
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = wrong
                if kind == "command":  # a form: only top-level strings can differ
                    if len(path) > 1 or not isinstance(wrong, (int, str, type(KeyError))):
                        continue
                    yield kind, urlencode({k: str(v) for k, v in changed.items()}).encode(), FORM
                elif kind == "event":
                    yield kind, json.dumps(changed).encode(), JSON
                else:
                    yield kind, f"payload={quote(json.dumps(changed), safe='')}".encode(), FORM


def field_paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    children = (
        node.items() if isinstance(node, dict) else enumerate(node[:1]) if isinstance(node, list) else ()
    )
    for key, child in children:
        yield (*prefix, key)
        if len(prefix) < 5:
            yield from field_paths(child, (*prefix, key))


async def test_signed_bodies_of_the_wrong_shape_never_get_a_500(
    slack: SlackHarness, log: pytest.LogCaptureFixture
) -> None:
    statuses: dict[int, int] = {}
    for kind, body, content_type in wrong_shapes():
        status, _ = await slack.post(body, content_type)
        statuses[status] = statuses.get(status, 0) + 1
        assert status < 500, (kind, body[:300])
    await slack.settle()
    assert tracebacks(log) == []
    assert statuses[400] > 50 and statuses[200] > 50, statuses


async def test_a_client_hanging_up_mid_body_leaves_no_traceback(
    slack: SlackHarness, log: pytest.LogCaptureFixture
) -> None:
    _, writer = await asyncio.open_connection("127.0.0.1", slack.server.port)
    writer.write(request_head(1000) + b"command=%2Fjourney&te")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    status, _ = await slack.command("/journey")
    assert status == 200
    await slack.settle()
    assert tracebacks(log) == []


def request_head(content_length: int) -> bytes:
    return (
        f"POST {EVENTS_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {FORM}\r\n"
        f"Content-Length: {content_length}\r\n\r\n"
    ).encode()


async def test_slow_clients_are_cut_off_and_commands_still_get_through(
    db: AsyncEngine, clock: ManualClock, fake_slack: FakeSlack, slack_settings: SlackSettings
) -> None:
    runtime = build_slack_runtime(slack_settings, db, clock)
    # As `bounceback slack` serves it, with BOUNCEBACK_HTTP_IDLE_TIMEOUT=1 and a short body deadline.
    runner = web.AppRunner(runtime.web_app(body_timeout=0.5), **server_options(idle_timeout=1.0))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = int(runner.addresses[0][1])
    connections: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        for i in range(60):  # half stop inside the headers, half inside the body
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_head(500)[:40] if i % 2 else request_head(500) + b"command=%2F")
            await writer.drain()
            connections.append((reader, writer))
        body = p.command_body("/journey", trigger_id="1.slow", response_url=fake_slack.response_url("slow"))
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"http://127.0.0.1:{port}{EVENTS_PATH}", data=body, headers=p.signed_headers(body, FORM)
            ) as answer,
        ):
            assert answer.status == 200
        await fake_slack.wait_for("response_url")
        async with asyncio.timeout(LIMIT):
            answers = [await reader.read() for reader, _ in connections]  # until the server closes each
        assert all(a == b"" for a in answers[1::2])  # no whole request head: just closed
        assert all(a.startswith(b"HTTP/1.1 408") for a in answers[::2])
    finally:
        for _, writer in connections:
            writer.close()
        await runner.cleanup()
        await runtime.close()


async def test_a_late_signed_command_keeps_its_words_out_of_the_log(
    slack: SlackHarness, db: AsyncEngine, log: pytest.LogCaptureFixture
) -> None:
    body = p.command_body(
        "/rejected",
        f"Acme | {MANAGER} | final",
        trigger_id="1.late",
        response_url=slack.api.response_url("x"),
    )
    log.set_level(logging.INFO, logger=SIGNATURE_LOGGER)  # bolt set it from the root logger's level
    status, _ = await slack.post(body, FORM, age=10 * 60)
    assert status == 401
    # And bolt's own check, which logs the whole body of a request it refuses, says nothing of it either.
    answer = await slack.runtime.bolt.async_dispatch(
        AsyncBoltRequest(body=body.decode(), headers=p.signed_headers(body, FORM, age=10 * 60))
    )
    assert answer.status == 401
    assert any(r.name == SIGNATURE_LOGGER for r in log.records)
    for record in log.records:
        assert "Quackenbush" not in record.getMessage() and "Acme" not in record.getMessage()
    await nothing_happened(slack, db)


async def test_healthz_is_liveness_and_never_asks_the_database(
    clock: ManualClock, fake_slack: FakeSlack, slack_settings: SlackSettings
) -> None:
    nowhere = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/nothing")  # nothing listens there
    runtime = build_slack_runtime(slack_settings, nowhere, clock)
    server = TestServer(runtime.web_app(), host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as session, session.get(server.make_url("/healthz")) as answer:
            assert answer.status == 200
            assert await answer.json() == {"status": "alive"}
    finally:
        await server.close()
        await runtime.close()
        await nowhere.dispose()
