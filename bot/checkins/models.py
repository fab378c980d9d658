"""Check-in tables: each member's preferences, their weekly answers, attendance and buddy groups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class CheckinMember(Base):
    """A member's check-in choices: opted out, paused until a date, hired, buddies wanted."""

    __tablename__ = "checkin_members"
    __table_args__ = (UniqueConstraint("member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    paused_until: Mapped[date | None] = mapped_column(Date)
    hired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    buddies: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Checkin(Base):
    """One member's answer for one week (``2026-W48``, the ISO week of their ping, in their zone).

    A second submission in the same week edits this row.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("member_id", "week"),
        Index("ix_checkins_community_week", "community_id", "week"),
        CheckConstraint("feeling IS NULL OR (feeling BETWEEN 1 AND 5)", name="feeling_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))
    applications: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    interviews: Mapped[int] = mapped_column(Integer, default=0)
    win: Mapped[str | None] = mapped_column(Text)
    goal_applications: Mapped[int] = mapped_column(Integer, default=0)
    goal_conversations: Mapped[int] = mapped_column(Integer, default=0)
    goal_interviews: Mapped[int] = mapped_column(Integer, default=0)
    feeling: Mapped[int | None] = mapped_column(SmallInteger)
    blockers: Mapped[str | None] = mapped_column(Text)
    edits: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckinWeek(Base):
    """How a member's week ended, written when its summary runs: the record streaks are counted from.

    ``status``: ``checked_in``, ``missed``, ``paused``, ``opted_out`` or ``hired``;
    ``summary_run_id``: the summary this member was included in (checked in).
    """

    __tablename__ = "checkin_weeks"
    __table_args__ = (
        UniqueConstraint("member_id", "week"),
        Index("ix_checkin_weeks_community_summary", "community_id", "summary_run_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(16))
    summary_run_id: Mapped[int | None] = mapped_column(ForeignKey("scheduled_runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BuddyGroup(Base):
    """A member's accountability buddy group for one week (a pair, or a trio when the count is odd)."""

    __tablename__ = "checkin_buddies"
    __table_args__ = (
        UniqueConstraint("community_id", "week", "member_id"),
        Index("ix_checkin_buddies_community_week", "community_id", "week"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))
    group_number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
