"""indexes for the platform: a target's findings, a round's findings by id, results by verdict and unit

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:10:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_findings_round_target", "findings", ["round_name", "target_kind", "target"])
    op.create_index("ix_findings_round_id", "findings", ["round_name", "id"])
    # covers the dashboard's counts (by round and verdict, by unit) and a unit user's scope
    op.create_index(
        "ix_target_results_round_verdict_unit", "target_results", ["round_name", "verdict", "unit", "score"]
    )


def downgrade() -> None:
    op.drop_index("ix_target_results_round_verdict_unit", table_name="target_results")
    op.drop_index("ix_findings_round_id", table_name="findings")
    op.drop_index("ix_findings_round_target", table_name="findings")
