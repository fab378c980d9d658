"""A local stand-in for Slack's Web API: answers like Slack, records every call, fails on request.

The adapter's clients are aimed at it with ``SLACK_API_URL``. It also serves
the interaction ``response_url`` endpoints and the file-upload URLs that
files upload v2 hands out, so every byte the adapter sends lands here.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.test_utils import TestServer

TEAM = "T0BOUNCE"
BOT_USER = "U0BOT"
BOT_ID = "B0BOT"
APP_ID = "A0BOUNCE"
SAFETY_LIMIT = 30.0
_JSON_ARGS = ("blocks", "view", "files", "attachments")


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None


@dataclass
class Failure:
    status: int
    retry_after: int | None = None
    error: str | None = None


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # posted to response_url
    uploads: dict[str, bytes] = field(default_factory=dict)
    admins: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    time_zones: dict[str, str] = field(default_factory=dict)
    channel_members: dict[str, list[str]] = field(default_factory=dict)
    bots: set[str] = field(default_factory=set)
    strangers: set[str] = field(default_factory=set)  # users.info answers user_not_found
    org_install: str | None = None  # an Enterprise Grid org's id: oauth.v2.access installs org-wide
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    socket: web.WebSocketResponse | None = None  # the Socket Mode connection, once the app opened it
    socket_replies: list[dict[str, Any]] = field(default_factory=list)
    server: TestServer | None = None
    _ts: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    # -- control ---------------------------------------------------------

    @property
    def base(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    def fail(
        self,
        method: str,
        status: int = 500,
        *,
        times: int = 1,
        retry_after: int | None = None,
        error: str | None = None,
    ) -> None:
        """The next ``times`` calls to ``method`` answer ``status`` (with ``Retry-After``, or an error)."""
        self.failures.setdefault(method, []).extend([Failure(status, retry_after, error)] * times)

    def hold(self, method: str) -> asyncio.Event:
        """Calls to ``method`` wait for an answer until the returned event is set."""
        self.held[method] = asyncio.Event()
        return self.held[method]

    def to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int = 1, limit: float = SAFETY_LIMIT) -> list[Call]:
        """Until ``method`` was called ``count`` times (the time limit stops a hung run, nothing more)."""
        async with asyncio.timeout(limit), self._changed:
            await self._changed.wait_for(lambda: len(self.to(method)) >= count)
        return self.to(method)

    # -- the server ------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{name}", self._response)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/socket-mode", self._socket_mode)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    async def close(self) -> None:
        if self.server is not None:
            await self.server.close()

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(parse_qsl((await request.read()).decode()))
        for name in _JSON_ARGS:
            if isinstance(args.get(name), str):
                args[name] = json.loads(args[name])
        auth = request.headers.get("Authorization", "")
        await self._record(Call(method, args, auth.removeprefix("Bearer ") or None))
        if method in self.held:
            await self.held[method].wait()
        pending = self.failures.get(method)
        if pending:
            failure = pending.pop(0)
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            body = {"ok": False, "error": failure.error or "fatal_error"}
            status = failure.status
            return web.json_response(body, status=status, headers=headers)
        return web.json_response(self._answer(method, args))

    async def _response(self, request: web.Request) -> web.Response:
        message = await request.json()
        if pending := self.failures.get("response_url"):
            await self._record(Call("response_url", message, None))
            return web.Response(status=pending.pop(0).status, text="expired_url")
        async with self._changed:
            self.responses.append({"url_name": request.match_info["name"], **message})
            self._changed.notify_all()
        await self._record(Call("response_url", message, None))
        return web.Response(text="ok")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text="OK - 0")

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        async with self._changed:
            self.socket = socket
            self._changed.notify_all()
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {"host": "fake"}})
        async for message in socket:
            reply = json.loads(message.data)
            async with self._changed:
                self.socket_replies.append(reply)
                self._changed.notify_all()
            await self._record(Call("socket_mode_ack", reply, None))
        return socket

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send an envelope down the Socket Mode connection, as Slack does (waits for the app to connect)."""
        async with asyncio.timeout(SAFETY_LIMIT), self._changed:
            await self._changed.wait_for(lambda: self.socket is not None)
        assert self.socket is not None
        await self.socket.send_json(envelope)

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        match method:
            case "auth.test":
                return {
                    "ok": True,
                    "url": "https://bounceback-test.slack.com/",
                    "team": "Bounceback test",
                    "user": "bounceback",
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "bot_id": BOT_ID,
                    "is_enterprise_install": False,
                }
            case "users.info" if args.get("user") in self.strangers:
                return {"ok": False, "error": "user_not_found"}
            case "users.info":
                user = str(args.get("user"))
                name = self.names.get(user, user.lower())
                return {
                    "ok": True,
                    "user": {
                        "id": user,
                        "name": name.lower(),
                        "tz": self.time_zones.get(user, "Europe/Paris"),
                        "is_admin": user in self.admins,
                        "is_owner": False,
                        "is_bot": user in self.bots,
                        "deleted": False,
                        "profile": {"display_name": name, "real_name": name},
                    },
                }
            case "apps.connections.open":
                return {"ok": True, "url": self.base.replace("http", "ws", 1) + "/socket-mode"}
            case "conversations.members":
                members = self.channel_members.get(str(args.get("channel")), [])
                start = int(args.get("cursor") or 0)
                page = members[start : start + 2]  # tiny pages, so paging is exercised
                more = start + 2 < len(members)
                return {
                    "ok": True,
                    "members": page,
                    "response_metadata": {"next_cursor": str(start + 2) if more else ""},
                }
            case "conversations.open":
                return {"ok": True, "channel": {"id": "D" + str(args.get("users"))}}
            case "chat.postMessage":
                return {"ok": True, "channel": args.get("channel"), "ts": self._next_ts()}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            case "views.open" | "views.publish" | "views.update":
                return {"ok": True, "view": {"id": "V0VIEW", **(args.get("view") or {})}}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ts)}"
                return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}
            case "files.completeUploadExternal":
                files = [{"id": f["id"], "title": f.get("title")} for f in args["files"]]
                return {"ok": True, "files": files}
            case "oauth.v2.access" if self.org_install:
                return {  # as documented for an org-wide install: no team, the org instead
                    "ok": True,
                    "access_token": "xoxb-org-token",
                    "token_type": "bot",
                    "scope": "commands,chat:write",
                    "bot_user_id": BOT_USER,
                    "app_id": APP_ID,
                    "team": None,
                    "enterprise": {"id": self.org_install, "name": "Org"},
                    "is_enterprise_install": True,
                    "authed_user": {"id": "U0INSTALLER"},
                }
            case "oauth.v2.access":
                return {
                    "ok": True,
                    "access_token": "xoxb-installed-token",
                    "token_type": "bot",
                    "scope": "commands,chat:write",
                    "bot_user_id": BOT_USER,
                    "app_id": APP_ID,
                    "team": {"id": "T0INSTALL", "name": "Installed team"},
                    "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": "U0INSTALLER"},
                }
            case _:
                return {"ok": False, "error": "unknown_method"}
