"""One kudos scenario, played through each adapter; every adapter must end with the same counts.

Ana shares a rejection; Ben reacts 👏 to the card (delivered three times), Cara
reacts with a skin-tone 👏, Ana reacts to her own card (never counts), Ben
gives Ana a ``/kudos`` shout-out, and Cara takes her reaction back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import session_factory
from bot.db.models import Community, Member
from bot.kudos.leaderboard import totals_of

# (given, received) per person at the end of the scenario.
EXPECTED = {"ana": (0, 2), "ben": (2, 0), "cara": (0, 0)}


async def final_counts(
    db: AsyncEngine, platform: str, workspace_id: str, user_ids: dict[str, str]
) -> dict[str, tuple[int, int]]:
    """(given, received) for each person, from the database, in the scenario's community."""
    async with session_factory(db)() as session:
        community = await session.scalar(
            select(Community).where(Community.platform == platform, Community.external_id == workspace_id)
        )
        assert community is not None
        counts = {}
        for person, user_id in user_ids.items():
            member = await session.scalar(
                select(Member).where(Member.community_id == community.id, Member.platform_user_id == user_id)
            )
            totals = await totals_of(session, community.id, member.id) if member else None
            counts[person] = (totals.given, totals.received) if totals else (0, 0)
        return counts
