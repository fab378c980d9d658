"""The operations endpoints, on their own port so they never share a public ingress with platform traffic.

- ``GET /healthz``: 200 while the process (its event loop) is alive. Liveness only: a database
  outage must not make an orchestrator restart every replica.
- ``GET /readyz``: 200 when the database answers ``SELECT 1`` in time, every readiness check the
  platform registered says yes (connected to the gateway, serving HTTP), and no shutdown began;
  503 otherwise. The JSON body names each check's state.
- ``GET /metrics``: Prometheus exposition (prometheus-client's own handler).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client.aiohttp import make_aiohttp_handler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import ConfigError
from bot.ops.lifecycle import Lifecycle

log = logging.getLogger(__name__)

ReadyCheck = Callable[[], bool | Awaitable[bool]]
DATABASE_TIMEOUT = 2.0


async def alive(_request: web.Request) -> web.Response:
    """Liveness: the event loop answers. Never the database: an outage must not restart every replica."""
    return web.json_response({"status": "alive"})


class OpsServer:
    def __init__(self, engine: AsyncEngine | None, lifecycle: Lifecycle, host: str, port: int) -> None:
        self.engine = engine
        self.lifecycle = lifecycle
        self.host = host
        self.requested_port = port
        self.checks: dict[str, ReadyCheck] = {}
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    def ready_when(self, name: str, check: ReadyCheck) -> None:
        """Add a readiness condition (``"discord"``: ``client.is_ready``); sync or async, true when ready."""
        self.checks[name] = check

    def application(self) -> web.Application:
        application = web.Application()
        application.router.add_get("/healthz", alive)
        application.router.add_get("/readyz", self.readyz)
        application.router.add_get("/metrics", make_aiohttp_handler())
        return application

    async def start(self) -> None:
        self._runner = web.AppRunner(self.application(), access_log=None, handle_signals=False)
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, self.host, self.requested_port)
        try:
            await self._site.start()
        except OSError as err:
            await self._runner.cleanup()
            self._runner = None
            raise ConfigError(
                f"BOUNCEBACK_OPS_PORT: cannot listen on {self.host}:{self.requested_port} ({err.strerror}); "
                "choose a free port, or 0 to turn the operations endpoints off."
            ) from err
        log.info("operations endpoints on http://%s:%d (/healthz, /readyz, /metrics)", self.host, self.port)

    @property
    def port(self) -> int:
        """The port actually bound (useful when 0 asked the system for a free one)."""
        assert self._runner is not None and self._runner.addresses, "not started"
        return int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def readyz(self, _request: web.Request) -> web.Response:
        states: dict[str, str] = {}
        if self.lifecycle.stopping.is_set():
            states["shutdown"] = "stopping"
        states["database"] = await self._database_state()
        for name, check in self.checks.items():
            states[name] = await self._check_state(name, check)
        ready = all(state == "ok" for state in states.values())
        return web.json_response({"ready": ready, "checks": states}, status=200 if ready else 503)

    async def _database_state(self) -> str:
        if self.engine is None:
            return "ok"
        try:
            async with asyncio.timeout(DATABASE_TIMEOUT):
                async with self.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except TimeoutError:
            log.warning("readiness: the database did not answer within %.0f s", DATABASE_TIMEOUT)
            return "timeout"
        except Exception as err:
            log.warning("readiness: the database is unreachable (%s)", type(err).__name__)
            return "unreachable"
        return "ok"

    async def _check_state(self, name: str, check: ReadyCheck) -> str:
        try:
            result = check()
            if inspect.isawaitable(result):
                result = await result
        except Exception:
            log.exception("readiness check %s failed", name)
            return "error"
        return "ok" if result else "not ready"
