"""site path prefix: a 信息公开平台 that is a section of a portal is a host plus a path prefix

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("path_prefix", sa.String(length=500), nullable=False, server_default="/"))


def downgrade() -> None:
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("path_prefix")
