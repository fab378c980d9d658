"""A bot process's background half, composed as a platform's run function composes it.

``python -m tests.ops.fanout_process DATABASE_URL STUB_URL`` runs :func:`bot.ops.runtime.operations`
around :func:`bot.scheduling.runtime.scheduling`, delivering outbox rows to the platform stub,
until SIGTERM; the ops port and log settings come from the ``BOUNCEBACK_*`` environment.
"""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta

from bot.clock import SystemClock
from bot.config import load_settings
from bot.db.engine import create_engine, session_factory
from bot.ops.logs import configure_logging
from bot.ops.runtime import operations
from bot.ports import EveryoneOrganises
from bot.scheduling.jobs import JobRegistry
from bot.scheduling.runtime import scheduling
from bot.wiring import build_app
from tests.scheduling.conftest import PLATFORM
from tests.scheduling.platform_stub import HttpReplySender


async def main(url: str, stub_url: str) -> int:
    settings = load_settings(os.environ, env_file=None)
    configure_logging(settings.log_level, settings.log_format, environ=os.environ)
    engine = create_engine(url)
    app = build_app(session_factory(engine), SystemClock(), EveryoneOrganises())
    sender = HttpReplySender(stub_url)
    try:
        async with (
            operations(settings, engine) as ops,
            scheduling(app, {PLATFORM: sender}, jobs=JobRegistry(), poll_every=timedelta(seconds=0.5)),
        ):
            await ops.wait_until_stopped()
    finally:
        await sender.close()
        await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
