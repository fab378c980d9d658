"""rejections: count a member's record by stage from the index alone

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_rejections_member_stage", "rejections", ["community_id", "member_id", "stage"])
    op.drop_index("ix_rejections_community_member", table_name="rejections")


def downgrade() -> None:
    op.create_index("ix_rejections_community_member", "rejections", ["community_id", "member_id"])
    op.drop_index("ix_rejections_member_stage", table_name="rejections")
