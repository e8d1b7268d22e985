"""published notices: a round's frozen notice files (sha256), who published them and when

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "published_notices",
        sa.Column("round_name", sa.String(length=100), nullable=False),
        sa.Column("published_by", sa.String(length=100), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["round_name"], ["rounds.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_name"),
    )


def downgrade() -> None:
    op.drop_table("published_notices")
