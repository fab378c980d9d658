"""Keeping request bodies out of what slack_bolt logs.

Bolt logs every request whose signature fails, at INFO, with the signature, the timestamp and
the whole body: a late but genuine slash command carries a member's words, and an attacker
chooses the size. The edge (``http_edge.py``) refuses such requests before bolt sees them; this
filter covers the rest (a signature that expires between the two checks), keeping the line
and dropping what came with it.
"""

from __future__ import annotations

import logging

from slack_bolt.middleware import RequestVerification

SIGNATURE_LOGGER = f"slack_bolt.{RequestVerification.__name__}"  # as bolt's get_bolt_logger names it
WITHHELD = "Invalid request signature detected (signature, timestamp and body withheld)"


class WithholdRequestBody(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Invalid request signature detected"):
            record.msg, record.args = WITHHELD, None
        return True


def withhold_request_bodies() -> None:
    """Install the filter on bolt's signature logger (once, however many runtimes are built)."""
    logger = logging.getLogger(SIGNATURE_LOGGER)
    if not any(isinstance(existing, WithholdRequestBody) for existing in logger.filters):
        logger.addFilter(WithholdRequestBody())
