"""Counting the 429s a platform's API sends, from inside the HTTP client that receives them.

Both platform SDKs talk over aiohttp and accept a trace configuration (discord.py's ``http_trace``;
an aiohttp session handed to slack_sdk), so every 429 is counted once, whether or not the
library then waits and retries by itself.
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp

from bot.ops import metrics

TOO_MANY_REQUESTS = 429


def rate_limit_trace(platform: str) -> aiohttp.TraceConfig:
    async def on_request_end(
        _session: aiohttp.ClientSession, _context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
    ) -> None:
        if params.response.status == TOO_MANY_REQUESTS:
            metrics.rate_limited(platform)

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_request_end)
    return trace
