"""A local stand-in for Discord's HTTP API: records every request and answers in documented shapes.

Starting it aims this process's discord.py at it (``adapters.discord.api_base``), as
``DISCORD_API_URL`` aims a ``bounceback discord`` process; closing it aims back. It answers
the routes the bot uses (log-in, interaction callbacks and follow-ups, channel
messages, DM channels, command registration) with the objects Discord's API
reference describes, and can be told to answer a route with an error once, such
as a 429 with the documented rate-limit body and headers.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from adapters.discord.api_base import use_api_url

PAYLOADS = Path(__file__).parent / "payloads"
API_PREFIX = "/api/v10"
BOT_ID = "881207955029110855"
APPLICATION_ID = BOT_ID
BOT_USER = {
    "id": BOT_ID,
    "username": "Bounceback",
    "global_name": None,
    "discriminator": "0",
    "avatar": None,
    "bot": True,
    "public_flags": 0,
    "flags": 0,
}


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly "application/json", as Discord sends it: discord.py compares the header verbatim.
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


@dataclass
class Recorded:
    method: str
    path: str
    json: Any
    files: list[str] = field(default_factory=list)
    unanswered: bool = False  # kept waiting by :meth:`FakeDiscordAPI.hold_unanswered`, then failed

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """What the message lets ping (an interaction callback carries it inside ``data``)."""
        return self.message.get("allowed_mentions")

    @property
    def message(self) -> dict[str, Any]:
        """The message sent: the body, or an interaction callback's ``data``."""
        if isinstance(self.json, dict) and "type" in self.json and "data" in self.json:
            return self.json["data"] or {}
        return self.json if isinstance(self.json, dict) else {}

    @property
    def text(self) -> str:
        """Everything a member would read in the message: content, embed text, button labels."""
        message = self.message
        parts = [message.get("content") or ""]
        for embed in message.get("embeds") or []:
            parts += [embed.get("title") or "", embed.get("description") or ""]
            parts += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
        for row in message.get("components") or []:
            parts += [c.get("label") or "" for c in row.get("components", [])]
        return "\n".join(parts)

    def custom_ids(self) -> list[str]:
        return [
            c["custom_id"]
            for row in self.message.get("components") or []
            for c in row.get("components", [])
            if "custom_id" in c
        ]


@dataclass
class Canned:
    method: str
    path: re.Pattern[str]
    status: int
    body: Any
    headers: dict[str, str]
    times: int


class FakeDiscordAPI:
    """The HTTP API under ``/api/v10``, and a gateway websocket at ``/gateway`` for whole-process tests."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.identify: dict[str, Any] | None = None
        self.gateway_closed = False
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Event()
        self._canned: list[Canned] = []
        self._holds: list[tuple[str, re.Pattern[str], asyncio.Event]] = []
        self.held: list[Recorded] = []
        self._unanswered: list[tuple[str, re.Pattern[str]]] = []
        self._released = asyncio.Event()
        self._ids = itertools.count(1_200_000_000_000_000_000)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._handle)
        app.router.add_get("/gateway", self._gateway)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}{API_PREFIX}"
        self.gateway_url = f"ws://127.0.0.1:{port}/gateway"
        use_api_url(self.url)

    async def close(self) -> None:
        use_api_url(None)
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_until(self, condition: Callable[[], bool], limit: float = 60.0) -> None:
        """Wait (at most ``limit`` seconds, a guard against hanging) until ``condition()`` holds."""
        async with asyncio.timeout(limit):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    async def dispatch(self, envelope: dict[str, Any]) -> None:
        """Send a gateway dispatch to the connected client, over the websocket."""
        await self._sockets[-1].send_json(envelope)

    # -- what the tests ask -------------------------------------------------

    def answer_once(
        self,
        method: str,
        path: str,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` requests matching ``method`` and the ``path`` regex with this."""
        self._canned.append(Canned(method, re.compile(path), status, body, headers or {}, times))

    def hold_unanswered(self, method: str, path: str) -> None:
        """Keep requests matching ``method`` and the ``path`` regex waiting until :meth:`release_unanswered`,
        then fail them (as when a process dies while Discord is still taking its request)."""
        self._unanswered.append((method, re.compile(path)))
        self._released.clear()

    def release_unanswered(self) -> None:
        """Answer matching requests normally from now on; the ones kept waiting get a 503."""
        self._unanswered.clear()
        self._released.set()

    def rate_limit_once(self, method: str, path: str, retry_after: float) -> None:
        """A 429 as Discord sends it, documented body and headers (``Via``: Discord's, not Cloudflare's)."""
        body = json.loads((PAYLOADS / "rate_limited_429.json").read_text()) | {"retry_after": retry_after}
        headers = {
            "Retry-After": str(max(1, round(retry_after))),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(retry_after),
            "X-RateLimit-Bucket": "abcd1234",
            "X-RateLimit-Scope": "user",
            "Via": "1.1 google",
        }
        self.answer_once(method, path, 429, body, headers)

    def hold(self, method: str, path: str) -> asyncio.Event:
        """Keep requests matching ``method`` and the ``path`` regex unanswered until the event is set."""
        release = asyncio.Event()
        self._holds.append((method, re.compile(path), release))
        return release

    def sent(self, method: str | None = None, path: str | None = None) -> list[Recorded]:
        return [
            r
            for r in self.requests
            if (method is None or r.method == method) and (path is None or re.fullmatch(path, r.path))
        ]

    def callbacks(self) -> list[Recorded]:
        return self.sent("POST", r"/interactions/\d+/[^/]+/callback")

    def followups(self) -> list[Recorded]:
        """Follow-ups through an interaction's webhook that were answered (not kept waiting by ``hold``)."""
        return [r for r in self.sent("POST", r"/webhooks/\d+/[^/]+") if not r.unanswered]

    def channel_posts(self, channel_id: str | None = None) -> list[Recorded]:
        return self.sent("POST", "/channels/" + (channel_id or r"\d+") + "/messages")

    def replies(self) -> list[Recorded]:
        """Every message the bot showed: interaction responses, follow-ups and posts, in order."""
        found = []
        for r in self.requests:
            if r.method != "POST":
                continue
            callback = re.fullmatch(r"/interactions/\d+/[^/]+/callback", r.path)
            if (callback and r.json.get("type") in (4, 7)) or re.fullmatch(
                r"/webhooks/\d+/[^/]+|/channels/\d+/messages", r.path
            ):
                found.append(r)
        return found

    # -- the server -----------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body, files = await self._read(request)
        unanswered = any(
            method == request.method and pattern.fullmatch(path) for method, pattern in self._unanswered
        )
        self.requests.append(Recorded(request.method, path, body, files, unanswered))
        self._changed.set()
        for method, pattern, release in self._holds:
            if method == request.method and pattern.fullmatch(path) and not release.is_set():
                self.held.append(self.requests[-1])
                await release.wait()
        if unanswered:
            await self._released.wait()
            return _json({"message": "Service Unavailable", "code": 0}, status=503)
        for canned in self._canned:
            if canned.times > 0 and canned.method == request.method and canned.path.fullmatch(path):
                canned.times -= 1
                return _json(canned.body, canned.status, canned.headers)
        return self._answer(request.method, path, body)

    @staticmethod
    async def _read(request: web.Request) -> tuple[Any, list[str]]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            files = [f.filename for k, f in form.items() if hasattr(f, "filename")]
            return json.loads(str(form.get("payload_json", "{}"))), files
        raw = await request.read()
        return (json.loads(raw) if raw else None), []

    def _answer(self, method: str, path: str, body: Any) -> web.Response:
        if method == "GET" and path == "/users/@me":
            return _json(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(self._application())
        if method == "GET" and path == "/gateway/bot":
            limit = {"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1}
            return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})
        if m := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            return _json(self._callback(m.group(1), body))
        if m := re.fullmatch(r"/webhooks/\d+/[^/]+(?:/messages/(?:@original|\d+))?", path):
            return _json(self._message(body or {}, "645027906669510667"))
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            return _json(self._message(body or {}, m.group(1)))
        if method == "POST" and path == "/users/@me/channels":
            return _json(self._dm_channel(str(body["recipient_id"])))
        if method == "PUT" and re.fullmatch(r"/applications/\d+(?:/guilds/\d+)?/commands", path):
            return _json([self._command(c) for c in body])
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        """The gateway handshake as documented: Hello, then Ready and the server after Identify."""
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"op": 10, "s": None, "t": None, "d": {"heartbeat_interval": 45000}})
        async for message in socket:
            payload = json.loads(message.data)
            if payload["op"] == 1:  # Heartbeat
                await socket.send_json({"op": 11})
            elif payload["op"] == 2:  # Identify
                self.identify = payload["d"]
                await socket.send_json({"op": 0, "s": 1, "t": "READY", "d": self._ready()})
                guild = json.loads((PAYLOADS / "guild_create.json").read_text())
                await socket.send_json(guild)
            self._changed.set()
        self.gateway_closed = True
        self._changed.set()
        return socket

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": "290926798626357999", "unavailable": True}],
            "session_id": "d0cd5a1ae3b6b6e0a1e2f3a4b5c6d7e8",
            "resume_gateway_url": self.gateway_url,
            "shard": [0, 1],
            "application": {"id": APPLICATION_ID, "flags": 0},
        }

    def _application(self) -> dict[str, Any]:
        return {
            "id": APPLICATION_ID,
            "name": "Bounceback",
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": BOT_USER,
            "owner": {"id": "80351110224678912", "username": "Nelly", "discriminator": "0", "avatar": None},
            "summary": "",
            "verify_key": "1e0a356058d627ca38a5c8c9648818061d49e49bd9da9e3ab17d98ad4d6bg2u8",
            "team": None,
            "flags": 0,
        }

    def _callback(self, interaction_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """The documented interaction callback response (``with_response=true``)."""
        kind = body["type"]
        data = body.get("data") or {}
        ephemeral = bool((data.get("flags") or 0) & 64)
        response: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            },
            "resource": {"type": kind},
        }
        if kind in (4, 5, 7):
            message = self._message(data, "645027906669510667")
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"]["message"] = message
        return response

    def _message(self, body: dict[str, Any], channel_id: str) -> dict[str, Any]:
        """A message object as the API returns one after creating it."""
        return {
            "id": str(next(self._ids)),
            "channel_id": channel_id,
            "author": BOT_USER,
            "content": body.get("content") or "",
            "timestamp": "2026-11-23T09:00:00.000000+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }

    def _dm_channel(self, user_id: str) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "type": 1,
            "last_message_id": None,
            "recipients": [{"id": user_id, "username": "member", "discriminator": "0", "avatar": None}],
        }

    def _command(self, command: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "application_id": APPLICATION_ID,
            "version": "1",
            "default_member_permissions": None,
            "type": 1,
            "nsfw": False,
            "description": "",
            "options": [],
            **command,
        }
