"""``bounceback slack``: serve the Slack app over HTTP (production) or Socket Mode (development)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping

from aiohttp import web

from adapters.slack.http_edge import server_options
from adapters.slack.runtime import EVENTS_PATH, HEALTH_PATH, build_slack_runtime
from adapters.slack.settings import SlackSettings, load_slack_settings
from adapters.slack.translate import PLATFORM
from bot import loop
from bot.clock import SystemClock
from bot.config import ConfigError, Settings
from bot.db.engine import create_engine
from bot.db.migrate import upgrade_async
from bot.inbox.runtime import InboxLimits, running
from bot.ops.memory import freeze_startup_heap
from bot.ops.runtime import operations
from bot.scheduling.runtime import scheduling
from bot.wiring import build_jobs

log = logging.getLogger(__name__)


def run_slack(
    settings: Settings, port: int | None, host: str, environ: Mapping[str, str] | None = None
) -> int:
    try:
        slack = load_slack_settings(environ)
    except ConfigError as err:
        print(f"bounceback: configuration problem: {err}", file=sys.stderr)
        return 2
    return loop.run(serve(settings, slack, port or settings.port, host))


async def serve(settings: Settings, slack: SlackSettings, port: int, host: str) -> int:
    url = settings.async_database_url
    await upgrade_async(url)
    engine = create_engine(url, timeout=settings.db_timeout)
    limits = InboxLimits(settings.inbox_slots, settings.inbox_lease_time, settings.inbox_max_age_time)
    runtime = build_slack_runtime(
        slack, engine, SystemClock(), language=settings.language, timeout=settings.db_timeout, limits=limits
    )
    socket_mode = None
    runner = web.AppRunner(
        runtime.health_app() if slack.app_token else runtime.web_app(),
        **server_options(settings.http_idle_timeout),  # slow clients are cut off
    )
    try:
        # Operations: /healthz, /readyz, /metrics and SIGTERM; scheduling: check-ins and the outbox;
        # the inbox: every acknowledged request, worked on until answered.
        async with (
            operations(settings, engine) as ops,
            # Left in reverse: the scheduler stops claiming runs first, then the inbox winds down.
            running(runtime.inbox, stop_within=settings.shutdown_timeout / 2),
            scheduling(
                runtime.core,
                {PLATFORM: runtime.sender},
                directory=runtime.directory,
                jobs=build_jobs(keep_processed_events=settings.processed_events_retention),
                grace=settings.scheduler_grace,
            ),
        ):
            try:
                await runner.setup()
                await web.TCPSite(runner, host, port).start()
                if slack.app_token:
                    socket_mode = runtime.socket_mode(slack.app_token.get_secret_value())
                    await socket_mode.connect_async()
                    ops.ready_when(PLATFORM, socket_mode.client.is_connected)
                    log.info(
                        "Bounceback is on Slack (Socket Mode); health on port %d at %s", port, HEALTH_PATH
                    )
                else:
                    ops.ready_when(PLATFORM, lambda: bool(runner.sites))
                    log.info("Bounceback is on Slack at http://%s:%d%s", host, port, EVENTS_PATH)
                freeze_startup_heap()
                await ops.wait_until_stopped()
            finally:
                # No new requests first; then the inbox worker finishes or hands back what it holds.
                log.info("stopping")
                if socket_mode is not None:
                    await socket_mode.close_async()
                await runner.cleanup()
    finally:
        await runtime.close()
        await engine.dispose()
    return 0
