"""Nothing acknowledged is ever lost: `bounceback slack` killed, stopped, overloaded, its database frozen.

Real processes against a local FakeSlack, with bursts of signed ``/rejected`` commands (each its own
trigger, response_url and company), on both databases; PostgreSQL also with two replicas.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_engine
from bot.db.migrate import upgrade_async
from tests.databases import fresh_postgres_database, frozen, require_postgres
from tests.ops.slack_burst import (
    SlackProcess,
    answers_by_trigger,
    burst,
    company,
    inbox_rows,
    mid_send,
    post_event,
    rejections_by_company,
    start_slack,
    trigger,
    until_answered,
)
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack

COMMANDS = 1000
CUT_AFTER = 300  # acknowledgements before the signal
BUSY = ("I'm a little busy", "there's a queue right now")
DELAYED = ("kept what you sent", "safe with me")
NOT_SAVED = ("couldn't save that", "didn't reach my notes")


def saved(status: int, body: str) -> bool:
    """Acknowledged as saved: a 200 that doesn't say the database couldn't take it (it can be slow here)."""
    return status == 200 and not any(words in body for words in NOT_SAVED)


@pytest.fixture
async def postgres_db(postgres_problem: str | None) -> AsyncIterator[tuple[str, AsyncEngine]]:
    require_postgres(postgres_problem)
    async with fresh_postgres_database() as url:
        await upgrade_async(url)
        engine = create_engine(url)
        yield url, engine
        await engine.dispose()


async def left_mid_send(killed: asyncio.Event, process: SlackProcess, db: AsyncEngine) -> set[str]:
    await killed.wait()
    await process.exit_status()
    return mid_send(await inbox_rows(db), process.process.pid)


def cut_after(count: int, signal: Callable[[], object]) -> Callable[[int], None]:
    """Send ``signal`` once ``count`` commands have been acknowledged."""
    acked: set[int] = set()

    def after_ack(i: int) -> None:
        acked.add(i)
        if len(acked) == count:
            signal()

    return after_ack


async def check_each_acknowledged_command_was_answered_once(
    db: AsyncEngine, api: FakeSlack, sent: dict[int, tuple[int, str]], maybe_twice: set[str]
) -> None:
    rows = {r.dedupe_key: r for r in await inbox_rows(db)}
    rejections = await rejections_by_company(db)
    answers = answers_by_trigger(api)
    acked = {i for i, (status, body) in sent.items() if saved(status, body)}
    assert len(acked) >= CUT_AFTER / 2
    for i in sent:
        twice = trigger(i) in maybe_twice
        if i in acked:
            assert rows[f"command:{trigger(i)}"].status == "done", i
            assert rejections[company(i)] == 1, i
            assert answers[trigger(i)] in ((1, 2) if twice else (1,)), (i, answers[trigger(i)])
        else:  # saved or not when the process died mid-request: never twice
            assert rejections[company(i)] <= 1 and answers[trigger(i)] <= (2 if twice else 1)
    assert {r.status for r in rows.values()} == {"done"}


async def test_sigkill_mid_burst_then_a_restart_answers_every_acknowledged_command_once(
    slack_api: FakeSlack, database_url: str, db: AsyncEngine, tmp_path
) -> None:
    first = await start_slack(database_url, slack_api, tmp_path, "first", inbox_lease="3")
    after_ack = cut_after(CUT_AFTER, first.kill)
    sent = await burst(slack_api, lambda _: first.url, COMMANDS, after_ack=after_ack)
    await first.exit_status()
    maybe_twice = mid_send(await inbox_rows(db), first.process.pid)

    second = await start_slack(database_url, slack_api, tmp_path, "second", inbox_lease="3")
    await until_answered(db)
    second.terminate()
    assert await second.exit_status() == 0, second.log
    await check_each_acknowledged_command_was_answered_once(db, slack_api, sent, maybe_twice)
    assert "Traceback" not in second.log


async def test_two_replicas_on_postgresql_one_killed_mid_burst(
    slack_api: FakeSlack, postgres_db: tuple[str, AsyncEngine], tmp_path
) -> None:
    url, db = postgres_db
    a, b = await asyncio.gather(
        start_slack(url, slack_api, tmp_path, "a", inbox_lease="4"),
        start_slack(url, slack_api, tmp_path, "b", inbox_lease="4"),
    )
    killed = asyncio.Event()
    after_ack = cut_after(CUT_AFTER, lambda: (a.kill(), killed.set()))
    # Looked at the moment a is gone, before b takes over its rows (the burst goes on meanwhile).
    left = asyncio.create_task(left_mid_send(killed, a, db))
    sent = await burst(slack_api, lambda i: (a, b)[i % 2].url, COMMANDS, after_ack=after_ack)
    maybe_twice = await left
    assert any(status == 200 for i, (status, _) in sent.items() if i % 2), "b took its share"

    await until_answered(db)  # b takes a's rows when their lease ends
    b.terminate()
    assert await b.exit_status() == 0, b.log
    await check_each_acknowledged_command_was_answered_once(db, slack_api, sent, maybe_twice)


async def test_sigterm_mid_burst_exits_0_and_keeps_every_acknowledged_command(
    slack_api: FakeSlack, database_url: str, db: AsyncEngine, tmp_path
) -> None:
    bot = await start_slack(database_url, slack_api, tmp_path, "bot", shutdown_timeout="10")
    after_ack = cut_after(CUT_AFTER, bot.terminate)
    sent = await burst(slack_api, lambda _: bot.url, COMMANDS, after_ack=after_ack)
    assert await bot.exit_status() == 0, bot.log
    assert "Traceback" not in bot.log

    rows = {r.dedupe_key: r for r in await inbox_rows(db)}
    answers = answers_by_trigger(slack_api)
    assert "working" not in {r.status for r in rows.values()}, "claimed rows finished or handed back"
    for i, (status, body) in sent.items():
        if saved(status, body):
            row = rows[f"command:{trigger(i)}"]  # saved: answered, or waiting for the next start
            assert answers[trigger(i)] == (1 if row.status == "done" else 0), (i, row.status)


async def test_overload_is_refused_or_saved_and_memory_stays_bounded(
    slack_api: FakeSlack, database_url: str, db: AsyncEngine, tmp_path
) -> None:
    stalled = slack_api.hold("users.info")  # the worker can't get through anything
    bot = await start_slack(
        database_url, slack_api, tmp_path, "bot", inbox_max_age="1", inbox_slots="2", shutdown_timeout="6"
    )
    await burst(slack_api, lambda _: bot.url, 200)
    for _ in range(100):  # until the sampled backlog is older than the allowed second
        if any(
            any(w in body for w in BUSY)
            for _, body in (await burst(slack_api, lambda _: bot.url, 1)).values()
        ):
            break
        await asyncio.sleep(0.1)
    before = bot.rss_kib()
    sent = await burst(slack_api, lambda _: bot.url, 1000, first=1000)
    after = bot.rss_kib()
    reaction = p.reaction("reaction_added", "tada", user="U0M001", channel=p.CHANNEL, ts="1700000000.1")
    assert await post_event(bot.url, p.event_envelope(reaction, event_id="Ev0OVERLOAD")) == 503
    assert {status for status, _ in sent.values()} == {200}
    busy = [i for i, (status, body) in sent.items() if saved(status, body)]
    assert busy and all(any(w in sent[i][1] for w in BUSY) for i in busy), "saved, and told it takes a while"
    assert after - before < 40 * 1024, f"RSS grew {(after - before) // 1024} MiB for 1000 queued commands"
    keys = {r.dedupe_key for r in await inbox_rows(db)}
    assert all(f"command:{trigger(i)}" in keys for i in busy)

    stalled.set()
    bot.terminate()
    assert await bot.exit_status() == 0, bot.log
    assert "Traceback" not in bot.log


async def test_a_frozen_database_means_an_apology_within_the_timeout_then_the_answer(
    slack_api: FakeSlack, database_url: str, db: AsyncEngine, tmp_path
) -> None:
    bot = await start_slack(database_url, slack_api, tmp_path, "bot", db_timeout="1", inbox_lease="2")
    looking_up = slack_api.hold("users.info")
    sent = await burst(slack_api, lambda _: bot.url, 1)
    assert sent[0][0] == 200
    await slack_api.wait_for("users.info")  # the row is claimed; the database freezes now
    async with frozen(db):
        looking_up.set()
        [apology] = await slack_api.wait_for("response_url")
        assert any(words in apology.args["text"] for words in DELAYED)
    await slack_api.wait_for("response_url", 2)
    assert slack_api.responses[-1]["text"] and company(0) in slack_api.responses[-1]["text"]
    assert (await rejections_by_company(db))[company(0)] == 1
    bot.terminate()
    assert await bot.exit_status() == 0, bot.log
