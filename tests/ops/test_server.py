"""/healthz, /readyz and /metrics over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError, load_settings
from bot.db.engine import create_engine
from bot.ops import metrics
from bot.ops.runtime import Operations, operations


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def settings_on_a_free_port():
    return load_settings({"BOUNCEBACK_OPS_PORT": str(free_port())}, env_file=None)


async def get(ops: Operations, path: str) -> tuple[int, str]:
    assert ops.server is not None
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{ops.server.port}{path}") as response,
    ):
        return response.status, await response.text()


@pytest.fixture
async def ops(db: AsyncEngine) -> AsyncIterator[Operations]:
    async with operations(settings_on_a_free_port(), db, handle_signals=False) as running:
        yield running


async def test_alive_and_ready_when_the_database_answers(ops: Operations) -> None:
    assert await get(ops, "/healthz") == (200, '{"status": "alive"}')
    status, body = await get(ops, "/readyz")
    assert status == 200 and '"database": "ok"' in body


async def test_not_ready_until_the_platform_says_so(ops: Operations) -> None:
    connected = False
    ops.ready_when("gateway", lambda: connected)
    status, body = await get(ops, "/readyz")
    assert status == 503 and '"gateway": "not ready"' in body
    connected = True
    assert (await get(ops, "/readyz"))[0] == 200


async def test_an_async_check_that_fails_is_not_ready(ops: Operations) -> None:
    async def broken() -> bool:
        raise ConnectionError("gateway gone")

    ops.ready_when("gateway", broken)
    status, body = await get(ops, "/readyz")
    assert status == 503 and '"gateway": "error"' in body


async def test_not_ready_once_stopping_but_still_alive(ops: Operations) -> None:
    ops.lifecycle.stop()
    status, body = await get(ops, "/readyz")
    assert status == 503 and '"shutdown": "stopping"' in body
    assert (await get(ops, "/healthz"))[0] == 200


async def test_not_ready_when_the_database_is_unreachable() -> None:
    unreachable = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none", connect_args={"timeout": 1})
    try:
        async with operations(settings_on_a_free_port(), unreachable, handle_signals=False) as ops:
            status, body = await get(ops, "/readyz")
            assert (await get(ops, "/healthz"))[0] == 200  # liveness never depends on the database
    finally:
        await unreachable.dispose()
    assert status == 503 and '"database": "unreachable"' in body
    assert "nobody" not in body and "127.0.0.1" not in body


async def test_metrics_are_exposed_in_prometheus_format(ops: Operations) -> None:
    metrics.delivery("discord", "retried")
    metrics.rate_limited("discord")
    metrics.scheduled_run("checkins.ping", "claimed")
    metrics.event_handled("slack", "command", "rejected", "ok", 0.02)
    status, body = await get(ops, "/metrics")
    assert status == 200
    for name in (
        "bounceback_events_handled_total",
        "bounceback_event_handling_seconds_bucket",
        'bounceback_deliveries_total{outcome="retried",platform="discord"}',
        # Series exist before anything happened, so rates and alerts work from the start.
        'bounceback_deliveries_total{outcome="released",platform="console"}',
        'bounceback_rate_limited_responses_total{platform="discord"}',
        'bounceback_inbox_items_total{outcome="refused",platform="slack"}',
        "bounceback_inbox_oldest_age_seconds",
        'bounceback_scheduled_runs_total{kind="checkins.ping",outcome="claimed"}',
        "bounceback_build_info{version=",
        "process_resident_memory_bytes",
    ):
        assert name in body, name


async def test_port_zero_turns_the_endpoints_off(db: AsyncEngine) -> None:
    off = load_settings({"BOUNCEBACK_OPS_PORT": "0"}, env_file=None)
    assert off.ops_port == 0
    async with operations(off, db, handle_signals=False) as ops:
        assert ops.server is None
        ops.ready_when("anything", lambda: False)  # harmless without a server


async def test_a_port_in_use_is_a_configuration_problem_naming_the_variable(ops: Operations) -> None:
    assert ops.server is not None
    taken = load_settings({"BOUNCEBACK_OPS_PORT": str(ops.server.port)}, env_file=None)
    with pytest.raises(ConfigError, match=r"BOUNCEBACK_OPS_PORT: cannot listen on 127\.0\.0\.1"):
        async with operations(taken, None, handle_signals=False):
            pass
