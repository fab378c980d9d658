"""The console's own edges: private attachments, commands inside a form, end of input, /wait's limit."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

from adapters.console.gateway import ConsoleGateway
from bot.db.models import Rejection
from tests.console.test_console_process import bounceback
from tests.core.helpers import rows, text_of


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


async def test_exports_go_to_a_private_directory_as_private_files(app, clock, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    console = ConsoleGateway(app, clock, attachments_dir=folder)
    await console.send("/rejected Acme")
    out = text_of(await console.send("/bounceback export"))
    [saved] = list(folder.iterdir())
    assert str(saved) in out and saved.read_bytes().startswith(b"{")
    assert mode(folder) == 0o700 and mode(saved) == 0o600


async def test_a_loose_directory_of_ours_is_tightened(app, clock, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    console = ConsoleGateway(app, clock, attachments_dir=folder)
    await console.send("/bounceback export")
    assert mode(folder) == 0o700


async def test_a_planted_symlink_is_never_followed(app, clock, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    console = ConsoleGateway(app, clock, attachments_dir=folder)
    await console.send("/rejected Acme")  # m1
    (folder / "m2-bounceback-export.json").symlink_to(victim)  # where the next message's export would go
    out = text_of(await console.send("/bounceback export"))
    assert victim.read_text() == "keep me"
    written = [p for p in folder.iterdir() if not p.is_symlink()]
    assert len(written) == 1 and mode(written[0]) == 0o600 and str(written[0]) in out


async def test_a_symlinked_directory_is_refused_with_a_message(app, clock, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "exports"
    folder.symlink_to(elsewhere)
    console = ConsoleGateway(app, clock, attachments_dir=folder)
    out = text_of(await console.send("/bounceback export"))
    assert "couldn't save the attachment" in out and "symbolic link" in out
    assert list(elsewhere.iterdir()) == []


async def test_a_command_inside_a_form_leaves_it_and_runs(console: ConsoleGateway, db) -> None:
    await console.send("/rejected")  # the guided form: company first
    out = text_of(await console.send("/journey"))
    assert "nothing saved" in out or "unsaved" in out
    assert "/journey" in out
    assert console.form is None
    assert await rows(db, Rejection) == []
    out = text_of(await console.send("/rejected Acme"))  # the next line is a command again
    assert [r.company for r in await rows(db, Rejection)] == ["Acme"]


async def test_quit_inside_a_form_leaves_it_then_quits(console: ConsoleGateway, db) -> None:
    await console.send("/rejected")
    out = text_of(await console.send("/quit"))
    assert "/quit" in out and console.done
    assert await rows(db, Rejection) == []


async def test_answers_may_still_start_with_a_slash_that_is_no_command(console: ConsoleGateway, db) -> None:
    await console.send("/rejected")
    await console.send("/ Acme")
    assert console.form is not None  # taken as the company; the form goes on


async def test_wait_is_capped_with_a_message(console: ConsoleGateway) -> None:
    before = console.clock.now()
    for too_long in ("99999999999d", "500w", "8w1m", "9" * 5000 + "h"):
        out = text_of(await console.send(f"/wait {too_long}"))
        assert "8 weeks" in out, too_long
        assert console.clock.now() == before
    assert "/wait 8d" in text_of(await console.send("/wait ²d"))
    await console.send("/wait 8w")
    assert console.clock.now() - before == timedelta(weeks=8)


def test_a_script_that_ends_inside_a_form_says_it_was_dropped(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    result = bounceback("console", stdin="/rejected\nAcme\n", env={"BOUNCEBACK_DATABASE_URL": db})
    assert result.returncode == 0, result.stderr
    assert "dropped" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_a_script_missing_an_answer_keeps_its_later_commands(tmp_path: Path) -> None:
    """The form's last answer is missing: the next command leaves the form and still runs."""
    db = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    script = "/reflect\nI rambled\nPractise salary answers\n/rejected Acme\n/journey\n/quit\n/journey\n"
    result = bounceback("console", stdin=script, env={"BOUNCEBACK_DATABASE_URL": db})
    assert result.returncode == 0, result.stderr
    assert "Rejections logged: 1" in result.stdout
    assert result.stdout.count("Rejections logged") == 1  # /quit quit; the last line never ran


def test_the_console_saves_exports_beside_its_database(tmp_path: Path) -> None:
    db = f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}"
    script = "/rejected Acme\n/bounceback export\n"
    result = bounceback("console", stdin=script, env={"BOUNCEBACK_DATABASE_URL": db})
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "bounceback-exports"
    [saved] = list(folder.iterdir())
    assert str(saved) in result.stdout
    assert mode(folder) == 0o700 and mode(saved) == 0o600
