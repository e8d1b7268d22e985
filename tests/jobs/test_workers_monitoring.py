"""With a task queue configured, the scheduler's crawls (daily, weekly) run on the workers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs import monitoring
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, run_due, run_schedule
from govinspect.store import MonitorStore, Store
from services import need, port_open, reset_pg

NOW = dt.datetime(2023, 6, 26, 2, 0, tzinfo=m.TZ)
BROKER = "redis://127.0.0.1:6379/13"


def _monitor(settings: Settings) -> Monitor:
    store = Store(settings.db_url())
    store.migrate()
    ensure_default_schedules(store, NOW - dt.timedelta(days=8))
    return Monitor.open(settings, store)


def test_without_a_task_queue_the_crawls_run_here(tmp_path: Path) -> None:
    assert monitoring.crawl_runner(_monitor(Settings(data_dir=tmp_path))) is run_schedule


@pytest.mark.postgres
@pytest.mark.redis
def test_with_a_task_queue_the_crawls_run_on_a_worker(tmp_path: Path, pg_url: str) -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")
    import redis
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_success

    from govinspect.jobs.distributed import SCHEDULE_TASK, make_app

    redis.Redis.from_url(BROKER).flushdb()
    reset_pg(pg_url)
    settings = Settings(data_dir=tmp_path, database_url=pg_url, broker_url=BROKER)
    mon = _monitor(settings)
    ran_on_worker: list[str] = []

    def seen(sender: object, **_: object) -> None:
        ran_on_worker.append(getattr(sender, "name", ""))

    task_success.connect(seen, weak=False)
    try:
        app = make_app(settings)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            ran = run_due(mon, NOW, monitoring.LONG_JOBS, monitoring.crawl_runner(mon))
    finally:
        task_success.disconnect(seen)
    assert ran and ran_on_worker == [SCHEDULE_TASK] * len(ran)
    for name in ran:
        row = MonitorStore(mon.store).schedule(name)
        assert row.last_outcome == "成功" and row.next_run is not None and row.next_run > NOW
