"""One process per store runs the monitoring schedules: the others stand by, and take over when it dies —
between real processes on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from govinspect import model as m
from govinspect.jobs.lock import SCHEDULER_KEY, SchedulerLease
from govinspect.store import Lease, Store

STANDBY = (
    "import sys, time\n"
    "from govinspect.jobs.lock import SchedulerLease\n"
    "from govinspect.store import Store\n"
    "lease = SchedulerLease(Store(sys.argv[1]), lease_s=float(sys.argv[2]))\n"
    "print('ready', flush=True)\n"
    "while True:\n"
    "    if lease.hold():\n"
    "        print('held', flush=True)\n"
    "    time.sleep(0.1)\n"
)


def _process(store: Store, lease_s: float = 60.0) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    p = subprocess.Popen(
        [sys.executable, "-c", STANDBY, store.url, str(lease_s)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    return p


def _said_held(p: subprocess.Popen[str], within_s: float) -> bool:
    """Did the process print `held` within this time (reading its output line by line)?"""
    assert p.stdout is not None
    end = time.monotonic() + within_s
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([p.stdout], [], [], left)
        if ready:
            return p.stdout.readline().strip() == "held"
    return False


def test_one_of_two_processes_runs_the_schedules_and_the_other_takes_over(store: Store) -> None:
    first = _process(store)
    second = None
    try:
        assert _said_held(first, 10)
        second = _process(store)
        assert not _said_held(second, 1.5)  # the first holds it: the second stands by
        holder = store.lease(SCHEDULER_KEY)
        assert holder is not None and holder.pid == first.pid and holder.command == "schedule"
        first.kill()  # kill -9: no chance to release
        first.wait()
        assert _said_held(second, 10)  # same host, process gone: taken over at once
        holder = store.lease(SCHEDULER_KEY)
        assert holder is not None and holder.pid == second.pid
    finally:
        for p in (first, second):
            if p is not None:
                p.kill()
                p.wait()


def test_a_holder_on_another_host_is_taken_over_only_when_its_lease_ran_out(store: Store) -> None:
    now = dt.datetime.now(m.TZ)
    other = Lease(
        SCHEDULER_KEY, "t1", "schedule", 1, "monitor-2.example", now, now, now + dt.timedelta(seconds=60)
    )
    assert store.take_lease(other, stale=lambda _h: False) is None
    mine = SchedulerLease(store)
    assert not mine.hold() and not mine.held
    store.release_lease(SCHEDULER_KEY, "t1")
    expired = Lease(
        SCHEDULER_KEY, "t2", "schedule", 1, "monitor-2.example", now, now, now - dt.timedelta(seconds=1)
    )
    assert store.take_lease(expired, stale=lambda _h: False) is None
    assert mine.hold() and mine.hold()  # taken, then renewed
    mine.release()
    assert store.lease(SCHEDULER_KEY) is None


def test_the_schedules_lease_is_not_a_rounds(store: Store) -> None:
    mine = SchedulerLease(store)
    assert mine.hold()
    store.create_round(m.Round(name="计划任务调度", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    assert store.lease("计划任务调度") is None  # a round of that name has a lease of its own
    mine.release()
