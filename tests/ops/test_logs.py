"""Structured logs: one JSON object per line off a terminal, and no secret in any of them."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.db.engine import create_engine
from bot.ops.logs import LINE_LIMIT, configure_logging, wants_json
from bot.ops.redaction import MASK, Redactor, secret_values

SLACK_BOT = "xoxb-2048-4096-AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_APP = "xapp-1-A0123-456789-0a1b2c3d4e5f"
SIGNING = "8f742231b10e8888abcd99yyyzzz85a5"
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
DB_PASSWORD = "s3cret-pg-pass"
ENVIRON = {
    "SLACK_BOT_TOKEN": SLACK_BOT,
    "SLACK_SIGNING_SECRET": SIGNING,
    "SLACK_CLIENT_SECRET": "client-secret-value-1234",
    "DISCORD_TOKEN": DISCORD,
    "BOUNCEBACK_DATABASE_URL": f"postgresql+asyncpg://bounceback:{DB_PASSWORD}@db:5432/bounceback",
    "BOUNCEBACK_LOG_LEVEL": "INFO",
}


class NotATerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def captured() -> Iterator[NotATerminal]:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    stream = NotATerminal()
    configure_logging("DEBUG", "auto", environ=ENVIRON, stream=stream)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved_handlers:
        root.addHandler(handler)
    root.setLevel(saved_level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_the_secret_values_come_from_their_variables_and_the_database_url() -> None:
    found = secret_values(ENVIRON)
    assert {SLACK_BOT, SIGNING, DISCORD, DB_PASSWORD, "client-secret-value-1234"} <= set(found)
    assert "INFO" not in found


@pytest.mark.parametrize(
    "dirty",
    [
        f"calling chat.postMessage with token={SLACK_BOT}",
        f"socket mode with {SLACK_APP}",
        f"headers: {{'Authorization': 'Bot {DISCORD}'}}",
        f"Authorization: Bearer {SLACK_BOT}",
        "connecting to postgresql://bounceback:another-password@db/bounceback",
        "posting to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX",
        "xoxp-1111-2222-3333-abcdefabcdef user token",
    ],
)
def test_token_shapes_are_masked_even_when_not_configured(dirty: str) -> None:
    clean = Redactor()(dirty)
    assert MASK in clean
    for secret in (SLACK_BOT, SLACK_APP, DISCORD, "another-password", "XXXXXXXXXXXXXXXXXXXX", "abcdefabcdef"):
        assert secret not in clean


def test_json_lines_carry_extras_and_mask_secrets_in_messages_args_and_extras(captured) -> None:
    log = logging.getLogger("tests.ops.logs")
    log.info("signing secret is %s", SIGNING, extra={"event_id": "Ev1", "token": DISCORD})
    log.warning("db at %s", ENVIRON["BOUNCEBACK_DATABASE_URL"])
    first, second = lines(captured)
    assert first["message"] == f"signing secret is {MASK}" and first["token"] == MASK
    assert first["event_id"] == "Ev1" and first["level"] == "INFO" and first["logger"] == "tests.ops.logs"
    assert "time" in first
    assert DB_PASSWORD not in second["message"] and "bounceback@db:5432" not in second["message"]
    assert SIGNING not in captured.getvalue() and DISCORD not in captured.getvalue()


def test_a_traceback_is_one_json_line_with_secrets_masked(captured) -> None:
    try:
        raise RuntimeError(f"Slack refused {SLACK_BOT}")
    except RuntimeError:
        logging.getLogger("tests.ops.logs").exception("delivery failed")
    [record] = lines(captured)
    assert "Traceback" in record["error"] and "RuntimeError" in record["error"]
    assert SLACK_BOT not in captured.getvalue()
    assert len(captured.getvalue().splitlines()) == 1


async def test_sql_parameters_of_a_failed_statement_never_reach_the_log(captured, tmp_path) -> None:
    """SQLAlchemy prints the parameters of a statement that failed: a member's notes, say."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
            await connection.execute(text("INSERT INTO notes VALUES (1, 'x')"))
            await connection.execute(
                text("INSERT INTO notes VALUES (:id, :body)"),
                {"id": 1, "body": "I cried after the Initech final round"},
            )
    except IntegrityError:
        logging.getLogger("tests.ops.logs").exception("saving failed")
    finally:
        await engine.dispose()
    out = captured.getvalue()
    assert "IntegrityError" in out and "[parameters: [redacted]]" in out
    assert "Initech" not in out and "cried" not in out


def test_platform_sdks_stay_at_info_when_bounceback_debugs(captured) -> None:
    logging.getLogger("slack_sdk.web.base_client").debug("Sending a request - json_body: {'text': 'Initech'}")
    logging.getLogger("discord.gateway").debug("payload with member text")
    logging.getLogger("sqlalchemy.engine.Engine").info("INSERT ... ('Initech',)")
    logging.getLogger("bot.anything").debug("our own debug line")
    out = captured.getvalue()
    assert "Initech" not in out and "member text" not in out
    assert "our own debug line" in out


def test_auto_means_json_off_a_terminal_and_text_on_one() -> None:
    assert wants_json("auto", NotATerminal()) and not wants_json("auto", Terminal())
    assert wants_json("json", Terminal()) and not wants_json("text", NotATerminal())
    stream = Terminal()
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    try:
        configure_logging("INFO", "auto", environ={}, stream=stream)
        logging.getLogger("tests.ops.logs").info("plain for people")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    assert "INFO tests.ops.logs: plain for people" in stream.getvalue()


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_no_record_prints_a_line_longer_than_the_cap(log_format: str) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    stream = NotATerminal()
    configure_logging("INFO", log_format, environ=ENVIRON, stream=stream)  # type: ignore[arg-type]
    try:
        body = "text=" + 'é"<' * 400_000  # an attacker-sized body, with characters JSON escapes
        logging.getLogger("slack_bolt.App").info("a request came (body: %s)", body)
        try:
            raise ValueError(body)
        except ValueError:
            logging.getLogger("tests.ops.logs").exception("it failed")
        logging.getLogger("tests.ops.logs").info("a short line", extra={"route": "x" * 50_000})
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
    printed = stream.getvalue()
    records = printed.split("\n20") if log_format == "text" else printed.splitlines()
    assert len(records) == 3
    assert all(len(record) <= LINE_LIMIT for record in records)
    assert printed.count("characters in all]") == (3 if log_format == "json" else 2)  # text omits extras
    if log_format == "json":
        parsed = [json.loads(line) for line in records]
        assert parsed[0]["message"].startswith("a request came")
        assert parsed[1]["message"] == "it failed" and "ValueError" in parsed[1]["error"]
        assert parsed[2]["message"] == "a short line"
