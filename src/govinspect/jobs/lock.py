"""One writer per round: `round run`, `round rejudge` and `report` of a round hold its lease; and one
process per store runs the monitoring schedules (`SchedulerLease`).

The lease is a row in the store (SQLite or PostgreSQL alike), renewed by a heartbeat thread.
A second writer is refused at once with the holder's process, host and start time. A holder
that died is taken over: on the same host when its process is gone, on another host when its
lease ran out without a heartbeat. Different rounds have different leases.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from govinspect import model as m
from govinspect.store import Lease, Store, StoreError

log = logging.getLogger(__name__)

LEASE_S = 120.0  # a holder not heard of for this long is presumed dead (other hosts)
COMMANDS = {
    "run": "govinspect round run",
    "rejudge": "govinspect round rejudge",
    "report": "govinspect report",
    "review": "审核队列（审核后重新评分）",
    "schedule": "计划任务调度（govinspect serve / govinspect monitor）",
}
SCHEDULER_KEY = " 计划任务调度"  # the schedules' lease row: a leading space is never in a round's name


class RoundBusy(StoreError):
    """Another process is writing the round (message in Chinese, naming the holder)."""


def pid_alive(pid: int) -> bool:
    """Is a process with this id running on this host?"""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_stale(holder: Lease, now: dt.datetime, host: str) -> bool:
    """May the holder's lease be taken over: it expired, or its process on this host is gone."""
    if holder.expires_at <= now:
        return True
    return holder.host == host and not pid_alive(holder.pid)


def busy_message(holder: Lease) -> str:
    started = holder.started_at.astimezone(m.TZ)
    expires = holder.expires_at.astimezone(m.TZ)
    what = COMMANDS.get(holder.command, holder.command)
    return (
        f"检查轮次“{holder.round_name}”正由另一进程写入（{what}，进程号 {holder.pid}，主机 {holder.host}，"
        f"开始于 {started:%Y-%m-%d %H:%M:%S}），请待其结束后再运行；"
        f"若该进程已意外终止，本机上会立即接管，其他主机在 {expires:%H:%M:%S} 后接管。"
    )


@contextmanager
def round_lock(store: Store, round_name: str, command: str, *, lease_s: float = LEASE_S) -> Iterator[Lease]:
    """Hold the round's lease for the duration of the block, or raise RoundBusy at once."""
    host = socket.gethostname()
    now = dt.datetime.now(m.TZ)
    me = Lease(
        round_name=round_name,
        token=uuid.uuid4().hex,
        command=command,
        pid=os.getpid(),
        host=host,
        started_at=now,
        heartbeat_at=now,
        expires_at=now + dt.timedelta(seconds=lease_s),
    )
    holder = store.take_lease(me, stale=lambda h: is_stale(h, dt.datetime.now(m.TZ), host))
    if holder is not None:
        raise RoundBusy(busy_message(holder))
    stop = threading.Event()
    beat = threading.Thread(
        target=_heartbeat, args=(store, me, lease_s, stop), name=f"lease-{round_name}", daemon=True
    )
    beat.start()
    try:
        yield me
    finally:
        stop.set()
        beat.join(timeout=10)
        store.release_lease(round_name, me.token)


def _heartbeat(store: Store, me: Lease, lease_s: float, stop: threading.Event) -> None:
    """Renew the lease every third of its length until told to stop."""
    while not stop.wait(lease_s / 3):
        now = dt.datetime.now(m.TZ)
        try:
            if not store.renew_lease(me.round_name, me.token, now, now + dt.timedelta(seconds=lease_s)):
                log.error("round %s: the lease was taken over by another process", me.round_name)
                return
        except Exception:  # a passing database error: try again at the next beat
            log.exception("round %s: renewing the lease failed", me.round_name)


class SchedulerLease:
    """The one process of a store that runs the schedules; the others stand by and take over when it dies.

    `hold()` renews the lease when this process has it, else takes it when it is free or stale, and
    says whether this process may run the schedules now. The scheduler calls it before every tick and
    as its heartbeat (`LEASE_S / 3`), so a long crawl never lets the lease run out.
    """

    def __init__(self, store: Store, *, lease_s: float = LEASE_S) -> None:
        self.store, self.lease_s = store, lease_s
        self.host, self.token = socket.gethostname(), uuid.uuid4().hex
        self.held = False
        self._lock = threading.Lock()

    def hold(self) -> bool:
        with self._lock:
            now = dt.datetime.now(m.TZ)
            until = now + dt.timedelta(seconds=self.lease_s)
            try:
                if self.held and self.store.renew_lease(SCHEDULER_KEY, self.token, now, until):
                    return True
                me = Lease(SCHEDULER_KEY, self.token, "schedule", os.getpid(), self.host, now, now, until)
                taken = self.store.take_lease(me, stale=lambda h: is_stale(h, now, self.host)) is None
            except Exception:  # a passing database error: stand by until the next beat
                log.exception("the schedules' lease could not be renewed or taken")
                taken = False
            if self.held != taken:
                log.warning(
                    "this process %s the monitoring schedules", "now runs" if taken else "no longer runs"
                )
            self.held = taken
            return taken

    def release(self) -> None:
        with self._lock:
            if self.held:
                self.store.release_lease(SCHEDULER_KEY, self.token)
                self.held = False
