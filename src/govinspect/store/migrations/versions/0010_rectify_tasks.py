"""整改任务: one task per unit per round with the findings as items; the per-problem rows copied in

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03 19:10:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
OLD_STATES = {"已整改"}  # any other old status: the notice went out, the unit has not signed


def upgrade() -> None:
    tasks = op.create_table(
        "rectify_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("workdays", sa.Integer(), nullable=False),
        sa.Column("notice_title", sa.Text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("submitted_at", TS, nullable=True),
        sa.Column("report_file", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["round_name"], ["rounds.name"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_name", "unit"),
    )
    op.create_index("ix_rectify_tasks_round_name", "rectify_tasks", ["round_name"])
    op.create_index("ix_rectify_tasks_unit", "rectify_tasks", ["unit"])
    items = op.create_table(
        "rectify_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("proofs", sa.JSON(), nullable=False),
        sa.Column("recheck", sa.String(length=20), nullable=True),
        sa.Column("recheck_evidence", sa.JSON(), nullable=True),
        sa.Column("rechecked_at", TS, nullable=True),
        sa.ForeignKeyConstraint(["task_id"], ["rectify_tasks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rectify_items_task_id", "rectify_items", ["task_id"])
    _copy_old_rows(tasks, items)


def _copy_old_rows(tasks: sa.Table, items: sa.Table) -> None:
    """Each (round, unit) of the per-problem rows becomes one issued task holding its rows as items."""
    from govinspect.calendar import workdays_between

    bind = op.get_bind()
    old = sa.table(
        "rectification_tasks",
        *(sa.column(c) for c in ("round_name", "unit", "target_kind", "target", "code", "description")),
        sa.column("deadline", sa.Date()),
        sa.column("status", sa.String()),
        sa.column("created_at", TS),
    )
    groups: dict[tuple[str, str], list[sa.Row[tuple[object, ...]]]] = {}
    for row in bind.execute(sa.select(old).order_by(old.c.round_name, old.c.unit)):
        groups.setdefault((row.round_name, row.unit), []).append(row)
    for (round_name, unit), rows in groups.items():
        created = rows[0].created_at
        created = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(str(created))
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        issued = created.date()
        deadline = rows[0].deadline
        if isinstance(deadline, str):
            deadline = dt.date.fromisoformat(deadline)
        state = "已整改" if all(r.status in OLD_STATES for r in rows) else "已下发"
        task_id = bind.execute(
            tasks.insert().values(
                round_name=round_name, unit=unit, state=state,
                workdays=workdays_between(issued, deadline) if deadline else 0, notice_title="",
                issued_on=issued, deadline=deadline, reason="", created_at=created, updated_at=created,
            )
        ).inserted_primary_key[0]  # type: ignore[index]  # fmt: skip
        bind.execute(
            items.insert(),
            [
                {"task_id": task_id, "target_kind": r.target_kind, "target": r.target, "code": r.code,
                 "message": r.description, "evidence": {}, "response": "", "proofs": []}
                for r in rows
            ],
        )  # fmt: skip


def downgrade() -> None:
    op.drop_table("rectify_items")
    op.drop_table("rectify_tasks")
