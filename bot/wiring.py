"""The one place where features meet the router and the app meets its dependencies."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import community_settings, help, home, journey, privacy, reflect
from bot.app import DEFAULT_TIMEOUT, Bounceback
from bot.checkins import handlers as checkins
from bot.checkins import jobs as checkin_jobs
from bot.checkins import settings as checkin_settings
from bot.clock import Clock
from bot.copy import load_catalog
from bot.kudos import handlers as kudos
from bot.kudos import scheduled as kudos_jobs
from bot.ports import RoleDirectory
from bot.rejected import handlers as rejected
from bot.rejected import reconnect
from bot.router import Router
from bot.scheduling import housekeeping
from bot.scheduling.jobs import JobRegistry

FEATURES = (
    rejected,
    reflect,
    journey,
    privacy,
    community_settings,
    help,
    home,
    kudos,
    checkins,
    checkin_settings,
)


class Scheduled(Protocol):
    """A feature module with periodic jobs (see bot/scheduling/jobs.py)."""

    def schedule(self, jobs: JobRegistry) -> None: ...


# Features with periodic jobs: each has ``schedule(jobs: JobRegistry)`` (see bot/scheduling/jobs.py).
# Housekeeping (the scheduler's own tables and event ids; runs a feature still cites are kept) comes
# after them with its retention setting.
SCHEDULED: tuple[Scheduled, ...] = (kudos_jobs, checkin_jobs, reconnect)


def build_router() -> Router:
    router = Router()
    for feature in FEATURES:
        feature.register(router)
    return router


def build_jobs(*, keep_processed_events: timedelta = housekeeping.KEEP_EVENTS) -> JobRegistry:
    jobs = JobRegistry()
    for feature in SCHEDULED:
        feature.schedule(jobs)
    housekeeping.schedule(jobs, keep_events=keep_processed_events)
    return jobs


def build_app(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    roles: RoleDirectory,
    language: str = "en",
    timeout: float = DEFAULT_TIMEOUT,
) -> Bounceback:
    return Bounceback(sessions, clock, load_catalog(language), build_router(), roles, timeout)
