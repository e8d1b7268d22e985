"""Migration 0010: the first per-problem 整改 rows become one issued task per unit and round."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from govinspect.rectify import State, list_tasks
from govinspect.store import Store
from govinspect.store.api import MIGRATIONS
from services import reset_pg


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_old_rows_are_grouped_into_tasks(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        reset_pg(url)
    else:
        url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = store.engine
    command.upgrade(cfg, "0004")
    made = dt.datetime(2023, 9, 25, 2, tzinfo=dt.UTC)
    rows = [
        ("县教育局", "S1", "column.stale", "待整改"),
        ("县教育局", "S9", "link.dead", "待整改"),
        ("县民政局", "S2", "column.blank", "已整改"),
    ]
    with store.engine.begin() as c:
        c.execute(
            text("INSERT INTO rounds (name, checkpoint, profile, scope_units, status, created_at) "
                 "VALUES ('R', :t, 'national-2019', '[]', '已完成', :t)"),
            {"t": made},
        )  # fmt: skip
        for unit, target, code, status in rows:
            c.execute(
                text("INSERT INTO rectification_tasks (round_name, unit, target_kind, target, code, description,"
                     " deadline, status, created_at) VALUES ('R', :u, '网站', :t, :c, '问题', :d, :s, :at)"),
                {"u": unit, "t": target, "c": code, "d": dt.date(2023, 10, 8), "s": status, "at": made},
            )  # fmt: skip
    store.migrate()
    tasks = {t.unit: t for t in list_tasks(store, "R")}
    edu, civil = tasks["县教育局"], tasks["县民政局"]
    assert (edu.state, edu.issued_on, edu.deadline, edu.workdays) == (
        State.ISSUED, dt.date(2023, 9, 25), dt.date(2023, 10, 8), 5
    )  # fmt: skip
    assert [(i.target, i.code) for i in edu.items] == [("S1", "column.stale"), ("S9", "link.dead")]
    assert civil.state == State.DONE and len(civil.items) == 1
    store.close()
