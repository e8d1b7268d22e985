"""Monitoring in the store on SQLite and PostgreSQL; migration 0012 matches the tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from govinspect import model as m
from govinspect.store import AlertSendRow, MonitorStore, Store, StoreError, UserStore
from govinspect.store.tables import Base

T = dt.datetime(2023, 6, 20, 9, 0, tzinfo=m.TZ)
MONITOR_TABLES = {
    "monitor_schedules",
    "monitor_runs",
    "monitor_snapshots",
    "alert_conditions",
    "alert_sends",
    "notifications",
}


def test_migration_matches_the_monitoring_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    assert [d for d in diff if _table(d) in MONITOR_TABLES] == []


def _table(d: Any) -> str:
    """The table an autogenerate difference is about."""
    op = d[0] if isinstance(d, list) else d
    if op[0] in ("add_table", "remove_table"):
        return str(op[1].name)
    if op[0] in ("add_index", "remove_index"):
        return str(op[1].table.name)
    return str(op[2])


def test_schedules_history_and_snapshots(store: Store) -> None:
    ms = MonitorStore(store)
    assert ms.add_missing_schedules([("首页可用性监测", "probe", "every 30m", T)]) == 1
    assert ms.add_missing_schedules([("首页可用性监测", "probe", "every 10m", T)]) == 0
    ms.record_run("首页可用性监测", T, 1.5, "成功", 3, None, T + dt.timedelta(minutes=30))
    ms.record_run(
        "首页可用性监测",
        T + dt.timedelta(minutes=30),
        0.2,
        "失败",
        0,
        "OSError：x",
        T + dt.timedelta(hours=1),
    )
    row = ms.schedule("首页可用性监测")
    assert (row.last_outcome, row.last_produced, row.next_run) == ("失败", T, T + dt.timedelta(hours=1))
    assert [r.outcome for r in ms.runs("首页可用性监测")] == ["失败", "成功"]
    assert ms.first_run("首页可用性监测") == T
    ms.add_snapshots("daily", [("site", "S1", T, {"home_newest": "2023-06-19"})])
    ms.add_snapshots("daily", [("site", "S1", T + dt.timedelta(days=1), {"home_newest": "2023-06-20"})])
    assert ms.latest_snapshots("daily", T + dt.timedelta(hours=1))["S1"].data == {"home_newest": "2023-06-19"}
    assert ms.latest_snapshots("daily", T + dt.timedelta(days=2))["S1"].data == {"home_newest": "2023-06-20"}


def test_unknown_schedule_is_named(store: Store) -> None:
    with pytest.raises(StoreError, match="没有名为“每小时”的计划任务"):
        MonitorStore(store).schedule("每小时")


def test_send_states_are_the_six_of_the_log(store: Store) -> None:
    ms = MonitorStore(store)
    row = AlertSendRow(condition_key="k", event="预警", unit="u", urgent=False, channel="email", recipient="a@b",
                       title="t", text="x", state="已发送", attempts=0, not_before=T, created_at=T)  # fmt: skip
    with pytest.raises(ValueError):
        ms.add_send(row)
    row.state = "待发送"
    ms.add_send(row)
    assert [s.state for s in ms.open_sends(T)] == ["待发送"]
    assert ms.open_sends(T - dt.timedelta(seconds=1)) == []


def test_notifications_and_conditions_are_read_by_scope(store: Store) -> None:
    ms = MonitorStore(store)
    users = UserStore(store)
    me = users.add_user("sup", "supervisor", "Str0ng-Passw0rd!x").id
    colleague = users.add_user("sup2", "supervisor", "Str0ng-Passw0rd!x").id
    for unit in ("县教育局", "县卫健委", "县教育局"):
        ms.notify(unit, f"{unit}预警", "…", T)
    ms.open_condition("a|edu", "home_down", "县教育局", "edu", True, "…", T)
    ms.open_condition("a|health", "home_down", "县卫健委", "health", True, "…", T)
    edu = {"县教育局"}
    assert [n.unit for n in ms.notification_page(edu, me)] == ["县教育局", "县教育局"]
    assert len(ms.notification_page(None, me)) == 3
    newest = ms.notification_page(None, me)[0].id
    assert [n.id for n in ms.notification_page(None, me, before=newest)] == [newest - 1, newest - 2]
    assert [c.unit for c in ms.conditions(units=edu)] == ["县教育局"]
    assert (ms.unread_count(edu, me), ms.unread_count(None, me), ms.unread_count(set(), me)) == (2, 3, 0)
    health_id = ms.notification_page({"县卫健委"}, me)[0].id
    assert ms.mark_read(edu, me, T, health_id) == 0  # another unit's notification is left alone
    assert ms.mark_read(edu, me, T, newest) == 1 and ms.mark_read(edu, me, T, newest) == 0
    assert [n.read for n in ms.notification_page(edu, me)] == [True, False]
    assert ms.mark_read(edu, me, T) == 1 and ms.mark_read(edu, me, T) == 0
    assert ms.unread_count(None, me) == 1
    assert ms.unread_count(edu, colleague) == 2  # read state is each user's own
    assert [n.read for n in ms.notification_page(edu, colleague)] == [False, False]
    assert ms.notification(health_id) is not None and ms.notification(999999) is None
