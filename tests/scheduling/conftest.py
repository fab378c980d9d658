"""Scheduling fixtures: a community with members, a local platform API, a runtime driven by the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import Bounceback
from bot.clock import ManualClock
from bot.db.engine import session_factory
from bot.db.models import Community, Member
from bot.scheduling.jobs import JobRegistry
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.runtime import SchedulingRuntime
from bot.settings import CommunitySettings
from bot.wiring import build_jobs
from tests.scheduling.platform_stub import HttpReplySender, PlatformStub

PLATFORM = "discord"


async def add_community(
    engine: AsyncEngine,
    workspace_id: str,
    members: int,
    created_at: datetime,
    *,
    time_zones: tuple[str | None, ...] = (None,),
    settings: CommunitySettings | None = None,
) -> int:
    """A community with ``members`` members (time zones taken in turn); its id."""
    async with session_factory(engine)() as session, session.begin():
        community = Community(
            platform=PLATFORM,
            external_id=workspace_id,
            name=workspace_id,
            settings=settings or CommunitySettings(),
            created_at=created_at,
        )
        session.add(community)
        await session.flush()
        session.add_all(
            Member(
                community_id=community.id,
                platform_user_id=f"{workspace_id}-u{i}",
                display_name=f"Member {i}",
                time_zone=time_zones[i % len(time_zones)],
                created_at=created_at,
            )
            for i in range(members)
        )
        return community.id


@pytest.fixture
async def stub() -> AsyncIterator[PlatformStub]:
    server = PlatformStub()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def sender(stub: PlatformStub) -> AsyncIterator[HttpReplySender]:
    client = HttpReplySender(stub.url)
    yield client
    await client.close()


@pytest.fixture
def make_runtime(app: Bounceback, sender: HttpReplySender) -> Callable[..., SchedulingRuntime]:
    def make(jobs: JobRegistry | None = None, name: str = "test", **kw: object) -> SchedulingRuntime:
        kw.setdefault("limiter", RateLimiter({}))
        jobs = jobs if jobs is not None else build_jobs()
        return SchedulingRuntime(app, {PLATFORM: sender}, jobs=jobs, name=name, **kw)  # type: ignore[arg-type]

    return make


async def run_until(runtime: SchedulingRuntime, clock: ManualClock, end: datetime, step: timedelta) -> None:
    """Move the clock to ``end`` in steps, running the scheduler at each, as a live process would."""
    while clock.now() < end:
        clock.advance(min(step, end - clock.now()))
        await runtime.tick()
