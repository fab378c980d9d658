"""kudos: gestures, credits, opt-outs and notices

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kudos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("emoji", sa.String(length=100), nullable=False),
        sa.Column("platform_message_id", sa.String(length=64), nullable=True),
        sa.Column("post_kind", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_kudos_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_kudos_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kudos")),
        sa.UniqueConstraint(
            "community_id",
            "member_id",
            "platform_message_id",
            "emoji",
            name=op.f("uq_kudos_community_id_member_id_platform_message_id_emoji"),
        ),
    )
    with op.batch_alter_table("kudos", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kudos_community_created_giver", ["community_id", "created_at", "member_id"], unique=False
        )
        batch_op.create_index(
            "ix_kudos_community_giver_created", ["community_id", "member_id", "created_at"], unique=False
        )

    op.create_table(
        "kudos_opt_outs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_kudos_opt_outs_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_kudos_opt_outs_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kudos_opt_outs")),
        sa.UniqueConstraint(
            "community_id", "member_id", "scope", name=op.f("uq_kudos_opt_outs_community_id_member_id_scope")
        ),
    )
    op.create_table(
        "kudos_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("covers_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_kudos_notices_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_kudos_notices_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kudos_notices")),
        sa.UniqueConstraint(
            "community_id",
            "member_id",
            "kind",
            "period",
            name=op.f("uq_kudos_notices_community_id_member_id_kind_period"),
        ),
    )
    op.create_table(
        "kudos_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("kudos_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("post_kind", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_kudos_credits_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kudos_id"], ["kudos.id"], name=op.f("fk_kudos_credits_kudos_id_kudos"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_kudos_credits_member_id_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kudos_credits")),
        sa.UniqueConstraint("kudos_id", "member_id", name=op.f("uq_kudos_credits_kudos_id_member_id")),
    )
    with op.batch_alter_table("kudos_credits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_kudos_credits_community_created_receiver",
            ["community_id", "created_at", "member_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_kudos_credits_community_receiver_created",
            ["community_id", "member_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_kudos_credits_community_post_kind_created",
            ["community_id", "post_kind", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("kudos_credits", schema=None) as batch_op:
        batch_op.drop_index("ix_kudos_credits_community_post_kind_created")
        batch_op.drop_index("ix_kudos_credits_community_receiver_created")
        batch_op.drop_index("ix_kudos_credits_community_created_receiver")

    op.drop_table("kudos_credits")
    op.drop_table("kudos_notices")
    op.drop_table("kudos_opt_outs")
    with op.batch_alter_table("kudos", schema=None) as batch_op:
        batch_op.drop_index("ix_kudos_community_giver_created")
        batch_op.drop_index("ix_kudos_community_created_giver")

    op.drop_table("kudos")
