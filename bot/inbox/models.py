"""The inbox table: one row per acknowledged platform event, until it has been answered."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class InboxItem(Base):
    """An event the platform was told we have.

    ``dedupe_key`` is unique per platform (Slack: the Events API ``event_id``, an
    interaction's ``trigger_id``, a form's view id and hash), so a repeat changes nothing.
    ``status``: ``pending`` (waiting, or backing off until ``not_before``), ``working``
    (claimed by ``claimed_by`` until ``lease_until``), ``done`` or ``failed``.
    ``answer`` holds the core's replies, one list per core event of the row, written in the
    transaction that handled the event: a row whose answer is stored is delivered again,
    never handled again. ``payload`` and ``answer`` are emptied once the row is finished,
    so a member's words do not outlive their answer.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "dedupe_key"),
        Index("ix_inbox_status_not_before", "status", "not_before"),
        Index("ix_inbox_member", "platform", "workspace_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace_id: Mapped[str] = mapped_column(String(64))
    # Whose event it is, so /bounceback forget can take back what is still waiting for them.
    user_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    reply_to: Mapped[dict[str, Any]] = mapped_column(JSON)
    reply_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[list[Any] | None] = mapped_column(JSON)
    apologised: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)  # an exception's type, never a member's words
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
