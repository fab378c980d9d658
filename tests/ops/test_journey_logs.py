"""The shipped demo, a whole journey of two members, leaves a log with no personal detail in it.

Run as a real process at DEBUG with JSON logs: every line parses, every event has its line, and
no company, role, manager, colleague, note, plan or member name from the story appears.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from tests.ops.processes import ROOT, bounceback_command, clean_environment

DEMO = ROOT / "adapters" / "console" / "demo.txt"
PERSONAL = (
    "Amanda",
    "Haley",
    "Priya",
    "Northwind",
    "Contoso",
    "Fabrikam",
    "Tailspin",
    "Litware",
    "Globex",
    "Acme",
    "Dana Reyes",
    "Jane Doe",
    "Ada Park",
    "Data Analyst",
    "internal candidate",
    "hiring freeze",
    "Onwards",
    "over-explained",
    "mock interviews",
    "Google Data Analytics",
)


def test_a_full_console_journey_logs_outcomes_and_nothing_personal(tmp_path: Path) -> None:
    script = DEMO.read_text()
    assert all(word in script for word in PERSONAL)  # the story does tell all of these
    result = subprocess.run(
        bounceback_command("console"),
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=clean_environment(
            BOUNCEBACK_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'journey.sqlite3'}",
            BOUNCEBACK_LOG_LEVEL="DEBUG",
            BOUNCEBACK_LOG_FORMAT="json",
        ),
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    events = [r for r in records if r["logger"] == "bounceback.events"]
    commands = [
        line for line in script.splitlines() if re.match(r"/(rejected|journey|reflect|bounceback)\b", line)
    ]
    assert len(events) >= len(commands)
    assert {e["outcome"] for e in events} <= {"ok", "user_error", "duplicate", "ignored"}
    for word in PERSONAL:
        assert word not in result.stderr, word
    assert not any(r["level"] in ("ERROR", "CRITICAL") for r in records)
