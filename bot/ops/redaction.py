"""Keeping secrets and members' words out of the logs, whatever library wrote the line.

Two nets: the exact values of secret settings (tokens, signing and client secrets, database
passwords) as this process sees them, and the shapes of platform credentials and of SQL
parameter dumps (SQLAlchemy prints a failed statement's parameters, which can be a member's
rejection notes). Both apply to the message, its arguments and any traceback.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

MASK = "[redacted]"
# Variables whose values are secrets, by name; their exact values are masked wherever they appear.
SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)$")
URL_NAMES = ("BOUNCEBACK_DATABASE_URL", "DATABASE_URL")
MIN_SECRET_LENGTH = 6

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Slack tokens: bot, user, app-level, refresh, config.
    (re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{8,}"), MASK),
    # Discord bot tokens: base64 id . timestamp . hmac.
    (re.compile(r"\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"), MASK),
    # Authorization headers, however a library prints them.
    (
        re.compile(r"(?i)\b(authorization['\"]?\s*[:=]\s*['\"]?(?:bot|bearer|basic)\s+)[^\s'\",}]+"),
        rf"\1{MASK}",
    ),
    # Passwords inside URLs: scheme://user:password@host.
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]*:)[^@\s/]+@"), rf"\1{MASK}@"),
    # Slack incoming-webhook URLs carry their own secret.
    (re.compile(r"https://hooks\.slack\.com/[^\s'\"]+"), MASK),
    # SQLAlchemy's "[parameters: (...)]": the values a failed statement carried.
    # Everything up to SQLAlchemy's "(Background on this error..." line or the end goes.
    (re.compile(r"\[parameters: .*?(?=\n\(Background on this error|\Z)", re.DOTALL), f"[parameters: {MASK}]"),
)


def secret_values(environ: Mapping[str, str]) -> list[str]:
    """The values in ``environ`` that are secrets: by variable name, and database URL passwords."""
    values = {
        value
        for name, value in environ.items()
        if SECRET_NAME.search(name.upper()) and len(value.strip()) >= MIN_SECRET_LENGTH
    }
    for name in URL_NAMES:
        password = _url_password(environ.get(name, ""))
        if password and len(password) >= MIN_SECRET_LENGTH:
            values.add(password)
    return sorted(values, key=len, reverse=True)


def _url_password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = [s.strip() for s in secrets if len(s.strip()) >= MIN_SECRET_LENGTH]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        for pattern, replacement in PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class RedactingFilter(logging.Filter):
    """A handler filter: formats the message and traceback, redacts them, and leaves only the result.

    Extra fields given as strings are redacted too. Returns True: it cleans lines, it never drops them.
    """

    _formatter = logging.Formatter()

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
