"""site status date and migration address: 关停 / 改版报备 / 迁移 take effect from a date

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 18:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("status_since", sa.Date(), nullable=True))
        batch.add_column(sa.Column("moved_to", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("moved_to")
        batch.drop_column("status_since")
