"""Logging for every ``bounceback`` command: one line per record, JSON off a terminal, redacted, capped.

``BOUNCEBACK_LOG_FORMAT``: ``auto`` (JSON when standard error is not a terminal: containers,
systemd, files), ``json`` or ``text``. ``BOUNCEBACK_LOG_LEVEL`` applies to Bounceback's own
loggers; the platform SDKs' loggers never go below INFO, because their debug lines carry whole
request and response bodies (members' words, tokens in headers). No record prints more than
``LINE_LIMIT`` characters, whatever a library put in it: the longest fields are cut, and a JSON
line stays valid JSON.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from typing import Literal, TextIO

from pythonjsonlogger.core import LogData
from pythonjsonlogger.json import JsonFormatter

from bot.ops.redaction import RedactingFilter, Redactor, secret_values

LogFormat = Literal["auto", "json", "text"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose DEBUG output contains payloads or SQL parameters: INFO or above even when we debug.
PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "discord", "aiohttp.client", "asyncpg", "aiosqlite")
# Per-request access lines add nothing the event line doesn't say, and name every probe; SQLAlchemy's
# engine logger at INFO would print every statement with its parameters.
QUIET_LOGGERS = ("aiohttp.access", "sqlalchemy.engine", "alembic.runtime.plugins")
# The longest line one record may print: room for a deep traceback, none for a request-sized message.
LINE_LIMIT = 16_000


def capped(text: str, limit: int = LINE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters, saying how long it was."""
    if len(text) <= limit:
        return text
    marker = f" …[cut: {len(text)} characters in all]"
    return text[: max(0, limit - len(marker))] + marker


class CappedTextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return capped(super().format(record))


class CappedJsonFormatter(JsonFormatter):
    """One JSON object per record, its longest string fields cut until the line fits ``LINE_LIMIT``."""

    def jsonify_log_record(self, log_data: LogData) -> str:
        line = super().jsonify_log_record(log_data)
        fields = dict(log_data)
        for _ in range(2 * len(fields)):
            excess = len(line) - LINE_LIMIT
            texts = [name for name, value in fields.items() if isinstance(value, str)]
            if excess <= 0 or not texts:
                break
            longest = max(texts, key=lambda name: len(fields[name]))
            value = fields[longest]
            # Escapes make a field longer in JSON than in Python: cut in proportion.
            encoded = len(json.dumps(value, ensure_ascii=self.json_ensure_ascii))
            keep = int((encoded - excess - 64) * len(value) / encoded)
            fields[longest] = capped(value, max(0, keep))
            line = super().jsonify_log_record(fields)
        return line


def wants_json(log_format: LogFormat, stream: TextIO) -> bool:
    if log_format == "auto":
        return not (hasattr(stream, "isatty") and stream.isatty())
    return log_format == "json"


def json_formatter() -> logging.Formatter:
    return CappedJsonFormatter(
        "%(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger", "exc_info": "error"},
        timestamp="time",
    )


def configure_logging(
    level: str,
    log_format: LogFormat = "auto",
    *,
    environ: Mapping[str, str],
    stream: TextIO | None = None,
) -> logging.Handler:
    """Replace the root logger's handlers with one redacting handler on ``stream`` (standard error)."""
    stream = stream if stream is not None else sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        json_formatter() if wants_json(log_format, stream) else CappedTextFormatter(TEXT_FORMAT)
    )
    handler.addFilter(RedactingFilter(Redactor(secret_values(environ))))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    library_floor = max(logging.getLevelName(level), logging.INFO)
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(library_floor)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)
    return handler
