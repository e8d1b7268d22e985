"""ledger rows (台账: 整改报告报送, 依申请公开, 县长信箱)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 07:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["round_name"], ["rounds.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ledger_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_rows_round_name"), ["round_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ledger_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_rows_round_name"))
    op.drop_table("ledger_rows")
