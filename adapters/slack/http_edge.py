"""The Slack port's HTTP edge: what reaches bolt is a whole, signed, well-formed request.

Bolt's own aiohttp adapter decodes a body in whatever charset the client names and parses it
before anything checks it, so a raw 0xFF byte, ``charset=bogus``, broken JSON, a JSON list, a
timestamp that isn't a number or a client hanging up mid-body each ended in a 500 and a
traceback. Here, in order:

1. the body arrives within ``body_timeout`` (408 and the connection closed: a client trickling
   it holds nothing for long) and within the application's ``client_max_size`` (aiohttp's 413);
   a request head must arrive within the server's idle timeout (:func:`server_options`);
2. it is UTF-8, the only charset Slack sends (400);
3. its signature is Slack's (slack_sdk's verifier; a malformed timestamp is a bad signature): 401;
4. it parses the way bolt parses it, into an object whose fields have Slack's types (400:
   ``shapes.py``);
5. bolt dispatches it (checking the signature again: one more HMAC, and no request skips it).

Each refusal is one log line naming the client's address and the reason, never the body.
``/slack/install`` is throttled per client address (429), since every visit writes a row.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TypedDict
from urllib.parse import parse_qs

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from adapters.slack.install_store import TooManyInstallsUnderWay
from adapters.slack.shapes import malformed_field
from adapters.slack.throttle import AddressThrottle

log = logging.getLogger(__name__)

# Slack sends its whole body at once, a few kilobytes; a slow client gets this long for it.
BODY_TIMEOUT = 10.0
# The biggest request Slack sends is a modal submission with its view: tens of kilobytes.
MAX_BODY = 1024**2
UTF8 = frozenset({"utf-8", "utf8"})
# Seconds the server still drains the unread rest of a refused request's body before it hangs up.
LINGER = 2.0


class SlackEdge:
    """The request handlers in front of bolt: events, commands and interactivity; the OAuth pages."""

    def __init__(
        self,
        bolt: AsyncApp,
        signing_secret: str,
        *,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.bolt = bolt
        # No secret (Socket Mode, where nothing should come here): no request is signed.
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self.body_timeout = body_timeout
        self.install_throttle = AddressThrottle()

    async def events(self, request: web.Request) -> web.StreamResponse:
        body = await self._body(request)
        if isinstance(body, web.StreamResponse):
            return body
        if "ssl_check=1" in body and parse_qs(body).get("ssl_check") == ["1"]:
            return web.Response(status=200)  # Slack's certificate check: bolt answers it unchecked, so do we
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        if not self._signed(body, timestamp, request.headers.get("X-Slack-Signature", "")):
            return refuse(request, 401, "the signature is missing, wrong or more than five minutes old")
        try:
            bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=_headers(request))
        except Exception as err:  # whatever bolt's parser trips on, it is the body's fault
            return refuse(request, 400, f"a signed body bolt cannot parse ({type(err).__name__})")
        wrong = malformed_field(bolt_request.body)
        if wrong is not None:
            return refuse(request, 400, f"a signed body whose {wrong!r} is not what Slack sends")
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    async def install(self, request: web.Request) -> web.StreamResponse:
        """Bolt's install page, which issues an OAuth state (a database row) on every visit."""
        flow = self.bolt.oauth_flow
        assert flow is not None, "the install page is served only in OAuth mode"
        retry_after = self.install_throttle.wait_for(request.remote or "")
        if retry_after:
            return refuse(request, 429, "too many install-page visits from one address", retry_after)
        try:
            answer = await flow.handle_installation(_bodiless(request))
        except TooManyInstallsUnderWay:
            return refuse(request, 429, "too many installs under way at once", 60.0)
        return await to_aiohttp_response(answer)

    async def oauth_redirect(self, request: web.Request) -> web.StreamResponse:
        flow = self.bolt.oauth_flow
        assert flow is not None, "the OAuth redirect is served only in OAuth mode"
        return await to_aiohttp_response(await flow.handle_callback(_bodiless(request)))

    async def _body(self, request: web.Request) -> str | web.StreamResponse:
        """The body as text, or the answer that refuses it."""
        try:
            async with asyncio.timeout(self.body_timeout):
                raw = await request.read()
        except TimeoutError:
            response = refuse(request, 408, f"the body did not arrive within {self.body_timeout:.0f} s")
            response.force_close()
            return response
        except (OSError, web.RequestPayloadError) as err:  # the client hung up or broke the framing
            return refuse(request, 400, f"the body was cut off ({type(err).__name__})")
        if request.charset is not None and request.charset.lower() not in UTF8:
            return refuse(request, 400, "a charset other than UTF-8")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return refuse(request, 400, "a body that is not UTF-8")

    def _signed(self, body: str, timestamp: str, signature: str) -> bool:
        if self.verifier is None:
            return False
        try:
            return self.verifier.is_valid(body, timestamp, signature)
        except ValueError:  # a timestamp that is not a number (int() refuses it)
            return False


def _bodiless(request: web.Request) -> AsyncBoltRequest:
    """A GET for bolt's OAuth flow: the query and headers are all it reads."""
    return AsyncBoltRequest(body="", query=request.query_string, headers=_headers(request))


def _headers(request: web.Request) -> dict[str, str | Sequence[str]]:
    """The request's headers as bolt takes them: every value of each name."""
    return {name: request.headers.getall(name) for name in request.headers}


def refuse(request: web.Request, status: int, why: str, retry_after: float | None = None) -> web.Response:
    """A short JSON refusal, and one log line without the body."""
    log.info("refused %s %s from %s: %s (%d)", request.method, request.path, request.remote, why, status)
    headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after else None
    return web.json_response({"ok": False, "error": why}, status=status, headers=headers)


class ServerOptions(TypedDict):
    keepalive_timeout: float
    lingering_time: float


def server_options(idle_timeout: float) -> ServerOptions:
    """aiohttp's connection limits for the Slack port: ``web.AppRunner(app, **server_options(...))``.

    ``keepalive_timeout`` runs from the moment a connection opens or answers a request until a
    whole request head arrives, so it closes a client trickling its headers as well as an idle one.
    """
    return {"keepalive_timeout": idle_timeout, "lingering_time": LINGER}


def slack_web_app(
    bolt: AsyncApp,
    signing_secret: str,
    events_path: str,
    *,
    body_timeout: float = BODY_TIMEOUT,
) -> web.Application:
    """The aiohttp application serving Slack: ``events_path``, and bolt's OAuth pages in OAuth mode."""
    edge = SlackEdge(bolt, signing_secret, body_timeout=body_timeout)
    application = web.Application(client_max_size=MAX_BODY)
    application.router.add_post(events_path, edge.events)
    if bolt.oauth_flow is not None:
        application.router.add_get(bolt.oauth_flow.install_path, edge.install)
        application.router.add_get(bolt.oauth_flow.redirect_uri_path, edge.oauth_redirect)
    return application
