"""A local stand-in for a platform's message API, and a ReplySender that talks to it over HTTP.

The server enforces a documented rate limit the way Discord does (a global
number of requests per second; beyond it, HTTP 429 with ``Retry-After`` and a
JSON ``retry_after``), records every message it accepts, and can be told to
stop answering (a platform that hangs), so a process can be killed mid-delivery.
Used by the scheduling tests and by ``bench/checkin_fanout.py``.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from bot.ports import Delivered, DeliveryFailed
from bot.replies import Audience, Reply


@dataclass(frozen=True)
class Accepted:
    workspace_id: str
    to: str
    action_ids: tuple[str, ...]
    body: str


@dataclass
class PlatformStub:
    """``limit`` requests per ``window`` seconds, counted over a sliding window (None: no limit)."""

    limit: int | None = None
    window: float = 1.0
    hang_after: int | None = None
    refuse: frozenset[str] = frozenset()  # recipients that answer 403 (DMs closed)
    fail_once: set[str] = field(default_factory=set)  # recipients whose first request gets a 503
    accepted: list[Accepted] = field(default_factory=list)
    rejected_429: int = 0
    _recent: deque[float] = field(default_factory=deque)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    url: str = ""
    hanging: int = 0
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/send", self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/send"
        return self.url

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _send(self, request: web.Request) -> web.Response:
        if self.hang_after is not None and len(self.accepted) >= self.hang_after:
            self.hanging += 1
            await self._closing.wait()  # no answer until the server stops; the client is killed meanwhile
            return web.json_response({"message": "shutting down"}, status=503)
        now = time.monotonic()
        while self._recent and self._recent[0] <= now - self.window:
            self._recent.popleft()
        if self.limit is not None and len(self._recent) >= self.limit:
            self.rejected_429 += 1
            wait = self._recent[0] + self.window - now
            return web.json_response(
                {"message": "You are being rate limited.", "retry_after": round(wait, 3), "global": True},
                status=429,
                headers={"Retry-After": str(math.ceil(wait)), "X-RateLimit-Global": "true"},
            )
        self._recent.append(now)
        data: dict[str, Any] = await request.json()
        if data["to"] in self.refuse:
            return web.json_response({"message": "Cannot send messages to this user"}, status=403)
        if data["to"] in self.fail_once:
            self.fail_once.discard(data["to"])
            return web.json_response({"message": "upstream hiccup"}, status=503)
        self.accepted.append(
            Accepted(data["workspace_id"], data["to"], tuple(data["action_ids"]), data["body"])
        )
        return web.json_response({"channel_id": data["to"], "id": str(next(self._ids))})


class HttpReplySender:
    """Sends each reply as one POST; a 429 becomes ``DeliveryFailed(retry_after=…)``, like the adapters do."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout))

    async def close(self) -> None:
        await self._session.close()

    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        to = reply.channel_id if reply.audience is Audience.GROUP else reply.recipient_user_id
        payload = {
            "workspace_id": workspace_id,
            "to": to,
            "action_ids": [b.action_id for b in reply.buttons],
            "body": str(reply.body),
        }
        try:
            async with self._session.post(self.url, json=payload) as response:
                data = await response.json()
                if response.status == 429:
                    raise DeliveryFailed("rate limited", retry_after=float(data["retry_after"]))
                if response.status >= 400:
                    raise DeliveryFailed(f"HTTP {response.status}", permanent=response.status < 500)
                return Delivered(channel_id=data["channel_id"], message_id=data["id"])
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
