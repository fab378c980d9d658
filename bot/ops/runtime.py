"""The one entry point a platform's run function wraps itself in.

::

    async with operations(settings, engine) as ops:
        ops.ready_when("discord", client.is_ready)
        async with scheduling(app, senders, jobs=jobs):
            await ops.run_until_stopped(client.start(token))

Inside the block: SIGTERM/SIGINT set ``ops.stopping``; ``/healthz``, ``/readyz`` and
``/metrics`` are served on ``BOUNCEBACK_OPS_HOST:BOUNCEBACK_OPS_PORT`` (port 0: not served).
Leaving the block stops the server and gives the signals back; from then on (or from the
signal, if one came first) the process has ``BOUNCEBACK_SHUTDOWN_TIMEOUT`` seconds to end.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.ops.lifecycle import Lifecycle
from bot.ops.server import OpsServer, ReadyCheck


@dataclass
class Operations:
    lifecycle: Lifecycle
    server: OpsServer | None

    @property
    def stopping(self) -> asyncio.Event:
        return self.lifecycle.stopping

    def ready_when(self, name: str, check: ReadyCheck) -> None:
        """``/readyz`` answers 200 only while ``check()`` is true (besides the database answering)."""
        if self.server is not None:
            self.server.ready_when(name, check)

    async def run_until_stopped(self, main: Awaitable[Any]) -> None:
        await self.lifecycle.run_until_stopped(main)

    async def wait_until_stopped(self) -> None:
        await self.lifecycle.stopping.wait()


@asynccontextmanager
async def operations(
    settings: Settings, engine: AsyncEngine | None, *, handle_signals: bool = True
) -> AsyncIterator[Operations]:
    lifecycle = Lifecycle(settings.shutdown_timeout)
    if handle_signals:
        lifecycle.install_signal_handlers()
    server = None
    try:
        if settings.ops_port:
            server = OpsServer(engine, lifecycle, settings.ops_host, settings.ops_port)
            await server.start()
        yield Operations(lifecycle, server)
    finally:
        lifecycle.stopping.set()
        if handle_signals:  # the process's own lifecycle: whyever it stops, it must not hang
            lifecycle.bound_the_rest()
        if server is not None:
            await server.stop()
        if handle_signals:
            lifecycle.remove_signal_handlers()
