"""SIGTERM as an operator sends it: a clean exit 0 with nothing lost, and never longer than the bound.

Also the ways a platform process ends early or mid-work: a scheduler tick still running at SIGTERM
is finished, not cancelled (no "job raised an exception" traceback), and a Discord token refused
while the first tick runs ends the process at once with one line saying so, every time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sqlite3
import sys
import textwrap
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import Community
from bot.ops.lifecycle import EXIT_STUCK, Lifecycle
from bot.scheduling.models import ScheduledRun
from tests.databases import sqlite_url
from tests.discord.conftest import TOKEN
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import option, slash
from tests.discord.helpers import ANA
from tests.ops.processes import ROOT, Running, bounceback_command, clean_environment
from tests.ops.test_server import free_port
from tests.slack import payloads as p
from tests.slack.fake_slack import TEAM, FakeSlack

SHUTDOWN_LIMIT = 60.0  # generous: a bound against hanging, not a timing assertion


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


def test_a_process_that_stops_on_its_own_is_also_bound() -> None:
    """No signal (the platform refused us, say), and a clean-up that never ends: cut off all the same."""
    script = textwrap.dedent(
        """
        import asyncio, logging, time
        from bot.config import load_settings
        from bot.ops.runtime import operations

        async def main():
            env = {"BOUNCEBACK_SHUTDOWN_TIMEOUT": "1", "BOUNCEBACK_OPS_PORT": "0"}
            try:
                async with operations(load_settings(env, env_file=None), None):
                    raise ConnectionError("the platform refused us")
            finally:
                time.sleep(120)  # a clean-up stuck in a blocking call

        logging.basicConfig(level="INFO")
        asyncio.run(main())
        """
    )
    stuck = Running([sys.executable, "-c", script], clean_environment())
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


class Process:
    """A ``bounceback`` child process on this event loop, its JSON log lines collected as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.stderr: list[str] = []
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._collect())

    @classmethod
    async def start(cls, *args: str, **env: str) -> Process:
        process = await asyncio.create_subprocess_exec(
            *bounceback_command(*args),
            cwd=ROOT,
            env=clean_environment(BOUNCEBACK_LOG_FORMAT="json", BOUNCEBACK_LOG_LEVEL="INFO", **env),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def _collect(self) -> None:
        assert self.process.stderr is not None
        async for line in self.process.stderr:
            self.stderr.append(line.decode())
            self._changed.set()
        self._changed.set()

    def records(self) -> Iterator[dict[str, Any]]:
        for line in self.stderr:
            with contextlib.suppress(ValueError):
                yield json.loads(line)

    async def wait_for_record(self, seen: Callable[[dict[str, Any]], bool], what: str) -> None:
        async with asyncio.timeout(SHUTDOWN_LIMIT):
            while not any(seen(r) for r in self.records()):
                if self._reader.done():
                    raise AssertionError(f"exited before {what}:\n{self.output}")
                self._changed.clear()
                await self._changed.wait()

    async def finish(self) -> int:
        """The exit status; a process still running after the bound is killed and fails the test."""
        try:
            async with asyncio.timeout(SHUTDOWN_LIMIT):
                await self._reader
                return await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError(f"still running {SHUTDOWN_LIMIT:.0f} s on:\n{self.output}") from None

    @property
    def output(self) -> str:
        return "".join(self.stderr)


def _is_tick_start(record: dict[str, Any]) -> bool:
    return record.get("logger", "").startswith("apscheduler") and record["message"].startswith(
        'Running job "SchedulingRuntime.scheduled_tick'
    )


def refuse_the_token(api: FakeDiscordAPI) -> None:
    """Discord's answer to a log-in with a wrong or reset token."""
    api.answer_once("GET", "/users/@me", 401, {"message": "401: Unauthorized", "code": 0})


async def test_a_refused_discord_token_ends_the_process_with_one_line_every_time(
    discord_api: FakeDiscordAPI, tmp_path: Path
) -> None:
    """As a new user meets it: a fresh SQLite file, its first scheduler tick running as Discord says no.

    Cancelling that tick used to print a traceback every time and, about one run in twelve, hang
    for ever closing the database; ten runs in a row must each end at once, with one clear line.
    """
    for attempt in range(10):
        refuse_the_token(discord_api)
        bot = await Process.start(
            "discord",
            DISCORD_TOKEN=TOKEN,
            DISCORD_API_URL=discord_api.url,
            BOUNCEBACK_DATABASE_URL=sqlite_url(tmp_path, f"new-user-{attempt}.sqlite3"),
            BOUNCEBACK_OPS_PORT="0",
        )
        assert await bot.finish() == 2, bot.output
        assert "Traceback" not in bot.output, bot.output
        [said] = [line for line in bot.stderr if not line.startswith("{")]
        assert said.startswith("bounceback: Discord refused the token (HTTP 401 Unauthorized)"), said
        assert "DISCORD_TOKEN" in said and TOKEN not in said
        assert not [r for r in bot.records() if r["level"] in ("ERROR", "CRITICAL")], bot.output


async def test_a_refused_token_says_so_in_one_line_when_registering_commands_too(
    discord_api: FakeDiscordAPI, tmp_path: Path
) -> None:
    refuse_the_token(discord_api)
    sync = await Process.start(
        "discord",
        "sync",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=discord_api.url,
        BOUNCEBACK_DATABASE_URL=sqlite_url(tmp_path),
    )
    assert await sync.finish() == 2, sync.output
    [said] = [line for line in sync.stderr if not line.startswith("{")]
    assert said.startswith("bounceback: Discord refused the token (HTTP 401 Unauthorized)"), said
    assert "Traceback" not in sync.output


@contextlib.asynccontextmanager
async def runs_held_back(db: AsyncEngine, database_url: str) -> AsyncIterator[Callable[[], Any]]:
    """Keep any process from claiming a scheduled run until the block ends.

    Yields ``blocked()``: whether a claim is waiting on the lock now. PostgreSQL can tell; SQLite
    can't, so there it answers True at once (the tick then may or may not have reached its claim).
    """
    if db.dialect.name == "sqlite":
        holder = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock: a claim's INSERT waits (busy_timeout)

        async def held() -> bool:
            return True

        try:
            yield held
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    async with db.connect() as holder, holder.begin():
        await holder.execute(text("LOCK TABLE scheduled_runs IN SHARE ROW EXCLUSIVE MODE"))

        async def blocked() -> bool:
            async with db.connect() as probe:
                waiting = await probe.scalar(
                    text(
                        "SELECT count(*) FROM pg_locks "
                        "WHERE relation = 'scheduled_runs'::regclass AND NOT granted"
                    )
                )
            return bool(waiting)

        yield blocked


async def add_week_old_community(db: AsyncEngine, platform: str, external_id: str) -> None:
    """A community with runs due at once (daily housekeeping, at least), so the first tick claims one."""
    week_ago = datetime.now(UTC) - timedelta(days=7)
    async with session_factory(db)() as session, session.begin():
        session.add(Community(platform=platform, external_id=external_id, name="g", created_at=week_ago))


async def start_discord(database_url: str, api: FakeDiscordAPI) -> Process:
    return await Process.start(
        "discord",
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=api.url,
        BOUNCEBACK_DATABASE_URL=database_url,
        BOUNCEBACK_OPS_PORT="0",
    )


async def start_slack(database_url: str, api: FakeSlack) -> Process:
    return await Process.start(
        "slack",
        "--host",
        "127.0.0.1",
        "--port",
        str(free_port()),
        SLACK_SIGNING_SECRET=p.SIGNING_SECRET,
        SLACK_BOT_TOKEN="xoxb-1111111111-2222222222-AbCdEfGhIjKlMnOpQrStUvWx",
        SLACK_API_URL=api.api_url,
        BOUNCEBACK_DATABASE_URL=database_url,
        BOUNCEBACK_OPS_PORT="0",
    )


@pytest.mark.parametrize("platform", ["discord", "slack"])
async def test_sigterm_during_a_scheduler_tick_lets_it_finish_and_exits_0_quietly(
    platform: str, db: AsyncEngine, database_url: str, discord_api: FakeDiscordAPI, slack_api: FakeSlack
) -> None:
    """The tick in flight is awaited, not cancelled: nothing is logged as failing, and a run it was
    claiming is claimed (a tick stopped before its claim leaves the run to the next process)."""
    await add_week_old_community(db, platform, TEAM if platform == "slack" else "290926798626357999")
    async with runs_held_back(db, database_url) as blocked:
        if platform == "discord":
            bot = await start_discord(database_url, discord_api)
        else:
            bot = await start_slack(database_url, slack_api)
        try:
            await bot.wait_for_record(_is_tick_start, "the first scheduler tick")
            for _ in range(600):  # until the tick is at its claim, waiting for the lock
                if await blocked():
                    break
                await asyncio.sleep(0.05)
            assert await blocked(), "the tick never reached its claim"
            bot.process.send_signal(signal.SIGTERM)
            await bot.wait_for_record(lambda r: r["message"].startswith("received SIGTERM"), "the stop")
        except BaseException:
            bot.process.kill()
            raise
    # The lock is released: the tick completes its claim, then the process stops.
    assert await bot.finish() == 0, bot.output
    assert "Traceback" not in bot.output, bot.output
    assert not [r for r in bot.records() if r["level"] in ("ERROR", "CRITICAL")], bot.output
    async with session_factory(db)() as session:
        claimed = list(await session.scalars(select(ScheduledRun.kind)))
    # Only the run in hand: once stopping, the tick claims nothing more.
    assert len(claimed) <= 1, claimed
    if db.dialect.name == "postgresql":  # it was seen waiting at its claim: it finished that run
        assert len(claimed) == 1, claimed


async def test_sigterm_while_discord_answers_a_member_lets_the_answer_land_and_exits_0(
    discord_api: FakeDiscordAPI, database_url: str, db: AsyncEngine
) -> None:
    """The gateway stops bringing interactions; the one under way still gets its answer out."""
    release = discord_api.hold("POST", r"/interactions/\d+/[^/]+/callback")
    bot = await start_discord(database_url, discord_api)
    try:
        await discord_api.wait_until(lambda: discord_api.identify is not None)
        await discord_api.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
        await discord_api.wait_until(lambda: bool(discord_api.held))  # the answer is on its way
        bot.process.send_signal(signal.SIGTERM)
        await bot.wait_for_record(lambda r: r["message"].startswith("received SIGTERM"), "the stop")
        # A process that didn't wait for its answers would close its connections under this one now;
        # give it the chance (this one waits, so the time runs out and the test goes on).
        with contextlib.suppress(TimeoutError):
            await discord_api.wait_until(lambda: discord_api.gateway_closed, limit=2.0)
        assert not discord_api.gateway_closed, "the client closed with an answer under way"
    except BaseException:
        bot.process.kill()
        raise
    finally:
        release.set()
    assert await bot.finish() == 0, bot.output
    assert "Traceback" not in bot.output, bot.output
    assert not [r for r in bot.records() if r["level"] in ("ERROR", "CRITICAL")], bot.output
    [answer] = discord_api.callbacks()
    assert "Acme" in answer.message["embeds"][0]["title"]
