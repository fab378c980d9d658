"""What one handled event's log line costs: JSON formatting plus redaction, against plain text.

Each figure is the time to write one event line (the line Bounceback.handle logs for every event)
through the handler ``configure_logging`` installs, into a stream that discards it, with secrets
configured as in production (a bot token, a signing secret, a database URL with a password).

    .venv/bin/python -m bench.ops_logging --lines 20000
"""

from __future__ import annotations

import argparse
import logging
import time

from bench.common import PRODUCTION_ENVIRON, Discard
from bot.ops.logs import configure_logging


def per_line(log_format: str, lines: int) -> float:
    configure_logging("INFO", log_format, environ=PRODUCTION_ENVIRON, stream=Discard())  # type: ignore[arg-type]
    log = logging.getLogger("bounceback.events")
    started = time.perf_counter()
    for i in range(lines):
        log.info(
            "handled %s %s: %s",
            "command",
            "rejected",
            "ok",
            extra={
                "event_id": f"Ev{i:08d}",
                "platform": "slack",
                "workspace_id": "T0BOUNCE",
                "kind": "command",
                "route": "rejected",
                "outcome": "ok",
                "duration_ms": 12.5,
            },
        )
    return (time.perf_counter() - started) / lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    text, json_ = per_line("text", args.lines), per_line("json", args.lines)
    print(f"event log line, text + redaction: {text * 1e6:.1f} µs")
    print(f"event log line, JSON + redaction: {json_ * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
