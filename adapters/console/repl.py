"""``bounceback console``: the gateway wrapped around a terminal, or around a script on standard input."""

from __future__ import annotations

import asyncio
from typing import TextIO

from adapters.console.attachments import default_directory
from adapters.console.gateway import ConsoleGateway
from adapters.console.outside import attach_scheduling
from bot.clock import ManualClock
from bot.config import Settings
from bot.db.engine import create_engine, session_factory
from bot.db.migrate import upgrade_async
from bot.ports import EveryoneOrganises
from bot.wiring import build_app


async def run_console(settings: Settings, stdin: TextIO, stdout: TextIO) -> int:
    url = settings.async_database_url
    await upgrade_async(url)
    engine = create_engine(url)
    clock = ManualClock()
    gateway = ConsoleGateway(
        build_app(session_factory(engine), clock, EveryoneOrganises(), settings.language),
        clock,
        attachments_dir=default_directory(url),
    )
    attach_scheduling(gateway)
    interactive = stdin.isatty()

    def emit(lines: list[str]) -> None:
        for line in lines:
            print(line, file=stdout)
        stdout.flush()

    try:
        emit(gateway.welcome())
        while not gateway.done:
            prompt = gateway.prompt
            if interactive:
                try:
                    line = await asyncio.to_thread(input, prompt)
                except EOFError:
                    emit(gateway.end_of_input())
                    break
            else:
                line = stdin.readline()
                if not line:
                    emit(gateway.end_of_input())
                    break
                line = line.rstrip("\n")
                if line.startswith("#"):  # comments in scripts narrate; they aren't sent
                    emit([line])
                    continue
                emit([prompt + line])
            emit(await gateway.send(line))
    finally:
        await engine.dispose()
    return 0
