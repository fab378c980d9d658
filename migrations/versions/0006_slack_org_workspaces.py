"""slack org workspaces: which Enterprise Grid org each workspace of an org-wide install is in

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_org_workspaces",
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("enterprise_id", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "team_id", name=op.f("pk_slack_org_workspaces")),
    )
    op.create_index(op.f("ix_slack_org_workspaces_enterprise_id"), "slack_org_workspaces", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_slack_org_workspaces_enterprise_id"), table_name="slack_org_workspaces")
    op.drop_table("slack_org_workspaces")
