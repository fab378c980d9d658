"""SIGTERM as an operator sends it: a clean exit 0 with nothing lost, and never longer than the bound."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest

from bot.ops.lifecycle import EXIT_STUCK, Lifecycle
from tests.ops.processes import Running, bounceback_command, clean_environment


def test_the_console_stops_on_sigterm_with_its_work_saved(tmp_path: Path) -> None:
    """Even while it waits on a pipe that stays open (``docker run -i``), SIGTERM ends it cleanly."""
    database = tmp_path / "console.sqlite3"
    console = Running(
        bounceback_command("console"),
        clean_environment(
            BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
            BOUNCEBACK_LOG_LEVEL="INFO",
            BOUNCEBACK_LOG_FORMAT="json",
        ),
        stdin=True,
    )
    console.send("/rejected Acme | Data Analyst | final round")
    console.wait_for(lambda: any("[m1]" in line for line in console.stdout), "reply to /rejected")
    console.process.send_signal(signal.SIGTERM)
    assert console.finish() == 0, console.output
    assert "Traceback" not in console.output
    assert any('"received SIGTERM: stopping within' in line for line in console.stderr)
    with sqlite3.connect(database) as saved:
        assert saved.execute("SELECT count(*) FROM rejections").fetchone() == (1,)


def test_a_shutdown_that_hangs_is_cut_off_at_the_bound() -> None:
    """The watchdog ends a process whose clean-up never finishes, with a status saying so."""
    script = textwrap.dedent(
        """
        import asyncio, logging, time
        from bot.ops.lifecycle import Lifecycle

        async def main():
            lifecycle = Lifecycle(timeout=1.0)
            lifecycle.install_signal_handlers()
            print("running", flush=True)
            await lifecycle.stopping.wait()
            time.sleep(120)  # a clean-up stuck in a blocking call

        logging.basicConfig(level="INFO")
        asyncio.run(main())
        """
    )
    stuck = Running([sys.executable, "-c", script], clean_environment())
    stuck.wait_for(lambda: "running\n" in stuck.stdout, "start")
    stuck.process.send_signal(signal.SIGTERM)
    assert stuck.finish(limit=30) == EXIT_STUCK
    assert "shutdown took longer than 1 s; exiting now" in stuck.output


async def test_stopping_cancels_the_main_task_and_lets_it_clean_up() -> None:
    lifecycle = Lifecycle(timeout=5)
    cleaned = asyncio.Event()

    async def serve_forever() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.set()

    running = asyncio.create_task(lifecycle.run_until_stopped(serve_forever()))
    await asyncio.sleep(0)
    lifecycle.stop()
    await running
    assert cleaned.is_set()


async def test_a_main_task_that_fails_says_why() -> None:
    async def fails() -> None:
        raise ConnectionError("gateway refused")

    with pytest.raises(ConnectionError, match="gateway refused"):
        await Lifecycle(timeout=5).run_until_stopped(fails())
