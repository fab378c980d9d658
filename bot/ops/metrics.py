"""Every Prometheus metric Bounceback exports, in one place.

Code that observes something calls one function here (``metrics.delivery("slack", "sent")``),
so names and labels stay consistent. Labels take values from small fixed sets (platform names,
outcomes, route names registered in code), never user input, so the series count stays bounded.
The default registry also carries prometheus-client's process and Python collectors.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Literal

from prometheus_client import Counter, Gauge, Histogram, Info, disable_created_metrics

PLATFORMS = ("console", "slack", "discord")
# The *_created series double the exposition and no dashboard here reads them.
disable_created_metrics()

EventOutcome = Literal["ok", "user_error", "error", "duplicate", "unknown_command", "ignored"]
DeliveryOutcome = Literal["sent", "retried", "failed", "released"]
RunOutcome = Literal["claimed", "skipped"]
InboxOutcome = Literal["accepted", "repeated", "refused", "done", "retried", "failed", "released"]

DELIVERY_OUTCOMES: tuple[DeliveryOutcome, ...] = ("sent", "retried", "failed", "released")
INBOX_OUTCOMES: tuple[InboxOutcome, ...] = (
    "accepted",
    "repeated",
    "refused",
    "done",
    "retried",
    "failed",
    "released",
)

EVENTS_HANDLED = Counter(
    "bounceback_events_handled",
    "Events handled by the core, by platform, kind (command, action, form, reaction, home), "
    "route name (the command, action or form id) and outcome.",
    ["platform", "kind", "name", "outcome"],
)
HANDLING_SECONDS = Histogram(
    "bounceback_event_handling_seconds",
    "Time the core took to handle one event, database transaction included.",
    ["platform", "kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DELIVERIES = Counter(
    "bounceback_deliveries",
    "Messages delivered outside an interaction (scheduled posts, DMs), by platform and outcome: "
    "sent; retried (put back to try later); failed (given up); released (handed back on shutdown).",
    ["platform", "outcome"],
)
RATE_LIMITED = Counter(
    "bounceback_rate_limited_responses",
    "HTTP 429 answers received from a platform's API.",
    ["platform"],
)
SCHEDULED_RUNS = Counter(
    "bounceback_scheduled_runs",
    "Runs of periodic jobs this process claimed (and did) or skipped as too late, by job kind.",
    ["kind", "outcome"],
)
INBOX_ITEMS = Counter(
    "bounceback_inbox_items",
    "Platform events through the inbox, by platform and outcome: accepted (saved, then acknowledged); "
    "repeated (already saved); refused (not saved: busy, or the database did not answer); done "
    "(answered); retried (the core failed, tried again later); failed (given up); released "
    "(handed back on shutdown).",
    ["platform", "outcome"],
)
INBOX_DEPTH = Gauge(
    "bounceback_inbox_depth",
    "Inbox rows not yet answered (pending or being worked on), as last sampled.",
)
INBOX_OLDEST_AGE = Gauge(
    "bounceback_inbox_oldest_age_seconds",
    "Age of the oldest inbox row not yet answered, as last sampled (0 when the inbox is empty).",
)
BUILD = Info("bounceback_build", "The running version of Bounceback.")


def _version() -> str:
    try:
        return version("bounceback")
    except PackageNotFoundError:
        return "unknown"


BUILD.info({"version": _version()})
for _platform in PLATFORMS:
    # Zero-valued series exist from the start, so rates and alerts work before the first event.
    for _outcome in DELIVERY_OUTCOMES:
        DELIVERIES.labels(platform=_platform, outcome=_outcome)
    RATE_LIMITED.labels(platform=_platform)
    for _inbox_outcome in INBOX_OUTCOMES:
        INBOX_ITEMS.labels(platform=_platform, outcome=_inbox_outcome)


def event_handled(platform: str, kind: str, name: str, outcome: EventOutcome, seconds: float) -> None:
    EVENTS_HANDLED.labels(platform=platform, kind=kind, name=name, outcome=outcome).inc()
    HANDLING_SECONDS.labels(platform=platform, kind=kind).observe(seconds)


def delivery(platform: str, outcome: DeliveryOutcome) -> None:
    """One outbox message sent, put back for a retry, given up, or handed back on shutdown."""
    DELIVERIES.labels(platform=platform, outcome=outcome).inc()


def rate_limited(platform: str) -> None:
    """The platform answered 429 (whether or not the library then retried by itself)."""
    RATE_LIMITED.labels(platform=platform).inc()


def scheduled_run(kind: str, outcome: RunOutcome) -> None:
    """A periodic job's run claimed by this process (``claimed``) or recorded as too late (``skipped``)."""
    SCHEDULED_RUNS.labels(kind=kind, outcome=outcome).inc()


def inbox_item(platform: str, outcome: InboxOutcome) -> None:
    """One platform event saved, repeated, refused, answered, put back, given up, or handed back."""
    INBOX_ITEMS.labels(platform=platform, outcome=outcome).inc()


def inbox_backlog(depth: int, oldest_age: float) -> None:
    """The inbox as last sampled: rows not yet answered, and how long the oldest has waited."""
    INBOX_DEPTH.set(depth)
    INBOX_OLDEST_AGE.set(oldest_age)
