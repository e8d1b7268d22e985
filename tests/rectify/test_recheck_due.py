"""`jobs.recheck.recheck_due_tasks`: the nightly 中期复查 picks only tasks 整改中 past half their time."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rectify_fixtures import judged_round, office

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs import recheck
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, run_schedule
from govinspect.rectify import create_tasks, get_task, transition
from govinspect.store import MonitorStore, Store


def test_only_tasks_working_past_half_their_time_are_rechecked(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged_round(store)
    me = office(store)
    tasks = {t.unit: t.id for t in create_tasks(store, "2023Q3", store.results("2023Q3"),
                                                  store.findings("2023Q3"), workdays=5)}  # fmt: skip
    for unit in ("县教育局", "县民政局"):
        transition(store, tasks[unit], "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    transition(store, tasks["县教育局"], "sign", me.unit_a, frozenset({"县教育局"}))  # 民政局 never signs
    calls: list[tuple[int, str, str]] = []

    async def fake(settings: Settings, store_: Store, task_id: int, actor: Any, scope: Any, **kw: Any) -> Any:
        calls.append((task_id, actor.name, kw["move"]))
        return get_task(store_, task_id)

    monkeypatch.setattr(recheck, "recheck_task", fake)
    settings = Settings(data_dir=tmp_path)
    early = dt.datetime(2023, 9, 26, 2, 0, tzinfo=m.TZ)  # 1 of 5 working days gone
    assert asyncio.run(recheck.recheck_due_tasks(settings, store, early)) == []
    late = dt.datetime(2023, 10, 7, 2, 0, tzinfo=m.TZ)  # 9.26–28 and the make-up day 10.7: 4 of 5
    done = asyncio.run(recheck.recheck_due_tasks(settings, store, late))
    assert [t.id for t in done] == [tasks["县教育局"]]
    assert calls == [(tasks["县教育局"], "系统自动复查", "precheck")]


def test_the_nightly_schedule_rechecks_the_due_tasks(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged_round(store)
    me = office(store)
    (tid,) = [t.id for t in create_tasks(store, "2023Q3", store.results("2023Q3"), store.findings("2023Q3"),
                                         workdays=5) if t.unit == "县教育局"]  # fmt: skip
    transition(store, tid, "issue", me.supervisor, None, on=dt.date(2023, 9, 25))
    transition(store, tid, "sign", me.unit_a, frozenset({"县教育局"}))
    seen: list[int] = []

    async def fake(settings: Settings, store_: Store, task_id: int, actor: Any, scope: Any, **kw: Any) -> Any:
        seen.append(task_id)
        if len(seen) == 1:
            raise RuntimeError("站点无法连接")  # one failing task is logged, the schedule still succeeds
        return get_task(store_, task_id)

    monkeypatch.setattr(recheck, "recheck_task", fake)
    ensure_default_schedules(store, dt.datetime(2023, 10, 6, 2, 0, tzinfo=m.TZ))
    mon = Monitor.open(Settings(data_dir=tmp_path), store)
    late = dt.datetime(2023, 10, 7, 2, 0, tzinfo=m.TZ)
    assert run_schedule(mon, "整改复查", late) == "成功"
    assert seen == [tid]
    [run] = MonitorStore(store).runs("整改复查")
    assert run.produced == 0  # the one due task failed: nothing re-checked, nothing hidden
