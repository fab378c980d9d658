"""Tables of peer kudos.

A *kudos* is one gesture by one giver: a reaction with a kudos emoji, or a
``/kudos`` shout-out. A *credit* is what one receiver gets from it. Most
gestures credit one member; a reaction on a group summary credits every
member in it, yet stays one gesture, so it counts once towards the giver's
daily cap and the encouragers' board.

``member_id`` is the member who owns the row (the giver of a kudos, the
receiver of a credit), so export and forget treat these tables like every
other member table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime


class Kudos(Base):
    __tablename__ = "kudos"
    __table_args__ = (
        # One giver, one message, one emoji counts once (shout-outs have no message: never merged).
        UniqueConstraint("community_id", "member_id", "platform_message_id", "emoji"),
        # The daily cap and the all-time encouragers' board (index-only).
        Index("ix_kudos_community_giver_created", "community_id", "member_id", "created_at"),
        # Windowed encouragers' boards (index-only range scan).
        Index("ix_kudos_community_created_giver", "community_id", "created_at", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))  # the giver
    source: Mapped[str] = mapped_column(String(16))  # "reaction" or "command"
    emoji: Mapped[str] = mapped_column(String(100), default="")  # canonical key; "" for a shout-out
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    post_kind: Mapped[str | None] = mapped_column(String(32))  # what the bot's message was; None: a member's
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class KudosCredit(Base):
    __tablename__ = "kudos_credits"
    __table_args__ = (
        UniqueConstraint("kudos_id", "member_id"),
        # The all-time most-cheered board and a member's own totals (index-only).
        Index("ix_kudos_credits_community_receiver_created", "community_id", "member_id", "created_at"),
        # Windowed most-cheered boards.
        Index("ix_kudos_credits_community_created_receiver", "community_id", "created_at", "member_id"),
        # Cheers on shared rejections not told yet: the scheduler asks this of each community every tick.
        Index("ix_kudos_credits_community_post_kind_created", "community_id", "post_kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kudos_id: Mapped[int] = mapped_column(ForeignKey("kudos.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))  # the receiver
    post_kind: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class KudosOptOut(Base):
    """What a member asked to be left out of: ``leaderboards`` (their kudos still count for the people
    they cheer) or ``messages`` (the cheers DMs and the weekly digest)."""

    __tablename__ = "kudos_opt_outs"
    __table_args__ = (UniqueConstraint("community_id", "member_id", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class KudosNotice(Base):
    """A message about kudos already claimed for a member, so it goes out once however often it is due.

    ``kind`` is ``cheers`` (a batch of cheers on a shared rejection; ``period``
    is the newest cheer it covers), ``digest`` (the weekly digest; ``period``
    is the ISO week) or ``cap`` (the daily cap reached; ``period`` is the
    giver's local date). ``covers_until`` is where the told stretch ends.
    """

    __tablename__ = "kudos_notices"
    __table_args__ = (UniqueConstraint("community_id", "member_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(40))
    covers_until: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
