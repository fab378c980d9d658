"""Tables of the foundation. Every row belongs to a community; every query is scoped by it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.settings import CommunitySettings


class SettingsJSON(TypeDecorator[CommunitySettings]):
    """``communities.settings``: JSON in the database, :class:`CommunitySettings` in Python."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: CommunitySettings | None, dialect: object) -> dict[str, Any]:
        return (value or CommunitySettings()).to_json()

    def process_result_value(self, value: dict[str, Any] | None, dialect: object) -> CommunitySettings:
        return CommunitySettings.from_json(value)


class Community(Base):
    """A Slack workspace, a Discord guild or the console's local group."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    settings: Mapped[CommunitySettings] = mapped_column(SettingsJSON, default=CommunitySettings)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("community_id", "platform_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    platform_user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Rejection(Base):
    __tablename__ = "rejections"
    __table_args__ = (
        CheckConstraint("feeling IS NULL OR (feeling BETWEEN 1 AND 5)", name="feeling_range"),
        # Stage is in the index so the member's record (bot/rejected/history.py) is counted from it alone.
        Index("ix_rejections_member_stage", "community_id", "member_id", "stage"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    company: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str | None] = mapped_column(String(32))
    rejected_on: Mapped[date | None] = mapped_column(Date)
    hiring_manager: Mapped[str | None] = mapped_column(String(200))
    people_met: Mapped[str | None] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(String(32), default="unknown")
    feeling: Mapped[int | None] = mapped_column(SmallInteger)
    notes: Mapped[str | None] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (Index("ix_lessons_community_member", "community_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    rejection_id: Mapped[int | None] = mapped_column(ForeignKey("rejections.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlanItem(Base):
    """One action of a member's personal development plan."""

    __tablename__ = "plan_items"
    __table_args__ = (Index("ix_plan_items_community_member", "community_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    rejection_id: Mapped[int | None] = mapped_column(ForeignKey("rejections.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReconnectReminder(Base):
    """ "Remind me to reconnect with this company": stored here, delivered by the scheduler."""

    __tablename__ = "reconnect_reminders"
    __table_args__ = (
        UniqueConstraint("rejection_id"),
        Index("ix_reconnect_reminders_due", "due_on", "delivered_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    rejection_id: Mapped[int] = mapped_column(ForeignKey("rejections.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PostedMessage(Base):
    """A message the bot posted where peers can react: what it is about, and where it landed."""

    __tablename__ = "posted_messages"
    __table_args__ = (UniqueConstraint("community_id", "platform_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    platform_channel_id: Mapped[str] = mapped_column(String(64))
    platform_message_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    subject_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEvent(Base):
    """Platform event ids already handled, so a retried delivery changes nothing."""

    __tablename__ = "processed_events"
    __table_args__ = (
        UniqueConstraint("community_id", "event_key"),
        Index("ix_processed_events_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    event_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
