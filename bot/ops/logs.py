"""Logging set-up for every ``bounceback`` command: one line per record, JSON off a terminal, redacted.

``BOUNCEBACK_LOG_FORMAT``: ``auto`` (JSON when standard error is not a terminal: containers,
systemd, files), ``json`` or ``text``. ``BOUNCEBACK_LOG_LEVEL`` applies to Bounceback's own
loggers; the platform SDKs' loggers never go below INFO, because their debug lines carry whole
request and response bodies (members' words, tokens in headers).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from typing import Literal, TextIO

from pythonjsonlogger.json import JsonFormatter

from bot.ops.redaction import RedactingFilter, Redactor, secret_values

LogFormat = Literal["auto", "json", "text"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose DEBUG output contains payloads or SQL parameters: INFO or above even when we debug.
PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "discord", "aiohttp.client", "asyncpg", "aiosqlite")
# Per-request access lines add nothing the event line doesn't say, and name every probe; SQLAlchemy's
# engine logger at INFO would print every statement with its parameters.
QUIET_LOGGERS = ("aiohttp.access", "sqlalchemy.engine", "alembic.runtime.plugins")


def wants_json(log_format: LogFormat, stream: TextIO) -> bool:
    if log_format == "auto":
        return not (hasattr(stream, "isatty") and stream.isatty())
    return log_format == "json"


def json_formatter() -> logging.Formatter:
    return JsonFormatter(
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
        json_formatter() if wants_json(log_format, stream) else logging.Formatter(TEXT_FORMAT)
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
