"""The scheduler's tables: one row per claimed run, one row per delivery."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class ScheduledRun(Base):
    """A due run of a periodic job, claimed once: (community, kind, period) is unique.

    ``status`` is ``done`` when the run's work (its outbox rows) was committed,
    ``skipped`` when it was found too late (beyond the grace window) and only logged.
    """

    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("community_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(100))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    claimed_by: Mapped[str] = mapped_column(String(100))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """One message to deliver outside any interaction; ``key`` makes it unique in its community.

    A worker claims pending rows whose ``not_before`` has come (``FOR UPDATE SKIP
    LOCKED`` on PostgreSQL), marks them ``sending`` with a lease, delivers, and
    marks them ``done`` (or ``pending`` again after a 429, or ``failed``). A row
    whose lease ran out (its worker died) is pending again.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("community_id", "key"),
        Index("ix_outbox_status_not_before", "status", "not_before"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("scheduled_runs.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    reply: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Who a direct message is for, so /bounceback forget can take back what is queued or kept for them.
    recipient_user_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
