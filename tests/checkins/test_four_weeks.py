"""End to end: a group walks through four weeks of check-ins in the console, by script."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from adapters.console.gateway import ConsoleGateway
from bot.checkins.models import Checkin, CheckinWeek
from bot.db.models import PostedMessage
from bot.scheduling.models import OutboxMessage
from tests.checkins.conftest import sent
from tests.core.helpers import count, rows

SCRIPT = Path(__file__).with_name("four_weeks.txt")
ROOT = Path(__file__).resolve().parents[2]


async def play(group: ConsoleGateway) -> str:
    out: list[str] = []
    for line in SCRIPT.read_text().splitlines():
        if line.startswith("#"):
            continue
        out += [f"{group.prompt}{line}", *await group.send(line)]
    return "\n".join(out)


async def test_a_group_walks_through_four_weeks(db, group: ConsoleGateway):
    transcript = await play(group)
    assert "Traceback" not in transcript and "went wrong" not in transcript
    # Every week: a ping per active member in their zone, one reminder to those who hadn't answered.
    pings = await sent(db, "checkins.ping")
    weekly = {
        day: sorted(to for to, when in pings if when.date().isoformat() == day)
        for day in ("2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21")
    }
    assert weekly["2026-11-30"] == ["ana", "ben", "cleo", "dev"]
    assert weekly["2026-12-14"] == ["ana", "ben", "dev"]  # Cleo had opted out for a week
    assert weekly["2026-12-21"] == ["ana", "ben", "cleo", "dev"]
    reminders = await sent(db, "checkins.reminder")
    assert tuple(to for to, when in reminders if when.day in (2, 3)) == ("dev",)
    assert await count(db, OutboxMessage, OutboxMessage.status != "done") == 0
    # Four group summaries, each recorded for kudos; streaks count weeks, forgiving Cleo's opt-out.
    assert transcript.count("CHECK-INS FOR 2026-W") == 4
    assert await count(db, PostedMessage, PostedMessage.kind == "checkin_summary") == 4
    assert "got hired" in transcript or "landed a job" in transcript
    assert await count(db, PostedMessage, PostedMessage.kind == "checkin_hired") == 1
    assert "Your streak: 4 week(s)" in transcript
    outcomes = {(w.week, w.status) for w in await rows(db, CheckinWeek)}
    assert ("2026-W50", "opted_out") in outcomes and ("2026-W49", "missed") in outcomes
    # Ana's second check-in in week 52 edited the first.
    [edited] = await rows(db, Checkin, Checkin.week == "2026-W52", Checkin.edits == 1)
    assert edited.applications == 7
    # Buddies: paired every week, nudged midweek with each other's goals.
    assert len(await sent(db, "checkins.buddy_intro")) >= 9
    assert "aims for" in transcript


async def test_the_script_runs_in_the_real_console(tmp_path):
    env = {**os.environ, "BOUNCEBACK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.sqlite3'}"}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "console",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(SCRIPT.read_bytes()), 300)
    assert process.returncode == 0, stderr.decode()[-2000:]
    text = stdout.decode()
    assert "Traceback" not in text + stderr.decode()
    assert text.count("(DM to Dev)") >= 4
    assert "CHECK-INS FOR" in text
