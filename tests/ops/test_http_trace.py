"""429s are counted as the HTTP client receives them, against a local server that answers 429."""

from __future__ import annotations

import aiohttp
from aiohttp import web
from prometheus_client import REGISTRY

from bot.ops.http_trace import rate_limit_trace


def rate_limited(platform: str) -> float:
    return REGISTRY.get_sample_value("bounceback_rate_limited_responses_total", {"platform": platform}) or 0.0


async def limited(_request: web.Request) -> web.Response:
    return web.json_response({"message": "You are being rate limited.", "retry_after": 0.1}, status=429)


async def fine(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def test_each_429_is_counted_once_and_other_answers_are_not() -> None:
    api = web.Application()
    api.router.add_get("/limited", limited)
    api.router.add_get("/fine", fine)
    runner = web.AppRunner(api)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    before = rate_limited("discord")
    try:
        async with aiohttp.ClientSession(trace_configs=[rate_limit_trace("discord")]) as http:
            for path in ("/limited", "/fine", "/limited"):
                async with http.get(base + path) as response:
                    await response.read()
    finally:
        await runner.cleanup()
    assert rate_limited("discord") == before + 2
