"""The scheduler in-process (what `serve` starts) and the run history of one schedule."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

import pytest

from govinspect import model as m
from govinspect.config import MonitorConfig, OfficeConfig, Recipient, Settings, Webhook, save_office_config
from govinspect.jobs import monitoring, recheck
from govinspect.jobs.lock import SCHEDULER_KEY
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, run_schedule, start_scheduler
from govinspect.monitor import DEFAULT_SCHEDULES, JOBS, Condition, deliver_due, reconcile
from govinspect.store import Lease, MonitorStore, Store

NOW = dt.datetime(2023, 6, 26, 2, 0, tzinfo=m.TZ)


def test_start_scheduler_runs_ticks_in_the_background(tmp_path: Path) -> None:
    started = dt.datetime.now(m.TZ)
    sched = start_scheduler(Settings(data_dir=tmp_path))
    try:
        assert sched.running and {j.id for j in sched.get_jobs()} == {
            "govinspect-monitor",
            "govinspect-crawls",
            "govinspect-lease",
        }
        store = Store(Settings(data_dir=tmp_path).db_url())
        assert [s.name for s in MonitorStore(store).schedules()] == [d.name for d in DEFAULT_SCHEDULES]
        deadline = time.monotonic() + 20
        while sched.get_job("govinspect-monitor").next_run_time < started + dt.timedelta(seconds=30):
            assert time.monotonic() < deadline, "the first tick did not run"
            time.sleep(0.1)
    finally:
        sched.shutdown(wait=True)
    assert not sched.running
    assert store.lease(SCHEDULER_KEY) is None  # released at shutdown: another process takes over at once


def test_every_job_has_a_function() -> None:
    assert set(monitoring.JOB_FUNCS) == set(JOBS) and set(JOBS) > monitoring.LONG_JOBS


def _monitor(tmp_path: Path) -> Monitor:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    ensure_default_schedules(store, NOW - dt.timedelta(days=1))
    return Monitor.open(settings, store)


def test_a_failing_job_is_recorded_and_planned_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(settings: Settings, store: Store, at: dt.datetime, **kw: Any) -> list[Any]:
        raise RuntimeError("整改库不可用")

    monkeypatch.setattr(recheck, "recheck_due_tasks", broken)
    mon = _monitor(tmp_path)
    assert run_schedule(mon, "整改复查", NOW) == "失败"
    row = MonitorStore(mon.store).schedule("整改复查")
    assert row.last_outcome == "失败" and "整改库不可用" in (row.last_error or "")
    assert row.next_run == dt.datetime(2023, 6, 27, 2, 0, tzinfo=m.TZ)


def test_the_nightly_recheck_counts_the_tasks_it_rechecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dt.datetime] = []

    async def due(settings: Settings, store: Store, at: dt.datetime, **kw: Any) -> list[Any]:
        seen.append(at)
        return ["task 1", "task 2"]

    monkeypatch.setattr(recheck, "recheck_due_tasks", due)
    mon = _monitor(tmp_path)
    assert run_schedule(mon, "整改复查", NOW) == "成功"
    [run] = MonitorStore(mon.store).runs("整改复查")
    assert (run.outcome, run.produced, run.error) == ("成功", 2, None) and seen == [NOW]


def test_with_no_task_due_nothing_is_rechecked(tmp_path: Path) -> None:
    mon = _monitor(tmp_path)
    assert run_schedule(mon, "整改复查", NOW) == "成功"
    [run] = MonitorStore(mon.store).runs("整改复查")
    assert (run.outcome, run.produced) == ("成功", 0)


def test_edited_office_settings_apply_after_reload(tmp_path: Path) -> None:
    mon = _monitor(tmp_path)
    assert "webhook:县政府办群" not in mon.send
    cfg = OfficeConfig(
        monitor=MonitorConfig(webhooks=[Webhook(name="县政府办群", kind="wecom", url="http://127.0.0.1:9/")])
    )
    save_office_config(mon.settings, cfg)
    mon.reload()
    assert "webhook:县政府办群" in mon.send


def test_an_sms_gateway_plugs_in(tmp_path: Path) -> None:
    texts: list[tuple[str, str]] = []
    settings = Settings(data_dir=tmp_path)
    cfg = MonitorConfig(
        recipients=[Recipient(unit="县教育局", name="张三", phone="13812345678", channels=["sms"])]
    )
    save_office_config(settings, OfficeConfig(monitor=cfg))
    store = Store(settings.db_url())
    store.migrate()
    mon = Monitor.open(settings, store, sms=lambda phone, text: texts.append((phone, text)))
    c = Condition("home_down", "县教育局", "S1", "梅溪县教育局", "", "首页连续 3 次无法访问")
    reconcile(MonitorStore(store), cfg, [c], {}, NOW)
    deliver_due(MonitorStore(store), cfg, mon.send, NOW)
    assert [p for p, _ in texts] == ["13812345678"] and "首页连续 3 次无法访问" in texts[0][1]
    without = Monitor.open(settings, store)
    assert "sms" not in without.send


def test_only_the_process_holding_the_lease_runs_the_schedules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mon = _monitor(tmp_path)
    now = dt.datetime.now(m.TZ)
    other = Lease(
        SCHEDULER_KEY, "t", "schedule", 1, "monitor-2.example", now, now, now + dt.timedelta(minutes=2)
    )
    assert mon.store.take_lease(other, stale=lambda _h: False) is None
    ran: list[object] = []
    monkeypatch.setattr(
        monitoring, "run_due", lambda _mon, _now, jobs=None, _run=None: ran.append(jobs) or []
    )
    monkeypatch.setattr(monitoring, "react", lambda _mon, _now: ran.append("react"))
    sched = monitoring._scheduler(False, mon)
    ticks = [sched.get_job(name).func for name in ("govinspect-monitor", "govinspect-crawls")]
    for run in ticks:
        run()
    assert ran == []  # another process (another host, lease alive) runs them
    mon.store.release_lease(SCHEDULER_KEY, "t")
    for run in ticks:
        run()
    assert ran == [frozenset(JOBS) - monitoring.LONG_JOBS, "react", monitoring.LONG_JOBS]
    holder = mon.store.lease(SCHEDULER_KEY)
    assert holder is not None and holder.pid == os.getpid()
