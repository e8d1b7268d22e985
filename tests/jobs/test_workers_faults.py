"""Faults on a cluster round: a worker SIGKILLed mid-target, Redis restarted, PostgreSQL refusing for 20 s.

Each round completes with every target judged once, nothing lost or duplicated in the store, and the
verdicts and findings of an undisturbed in-process run.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cluster_procs import TcpProxy, outcome, redis_server, round_run, start_workers, stop
from county_server import Served, set_up_county_round

from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.store import Store
from services import need, port_open, reset_pg

UNITS = ("梅溪县", "县教育局", "县财政局", "县水利局")
BROKER = "redis://127.0.0.1:6379/13"

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture(scope="module")
def expected(served: Served, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, list]:
    """The undisturbed round: in-process, on SQLite."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("local"))
    store, _ = set_up_county_round(served, settings, UNITS)
    asyncio.run(run_round(settings, store, "R", host_map=served.server.host_map))
    return outcome(store)


@pytest.fixture(autouse=True)
def quick_redelivery(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A target a dead worker held is sent again after 10 s (the workers and `round run` read this)."""
    monkeypatch.setenv("GOVINSPECT_TASK_VISIBILITY_S", "10")
    yield


def cluster_round(
    served: Served,
    tmp_path: Path,
    pg_url: str,
    broker: str,
    fault: Callable[[Store, list], None],
    db: str = "",
) -> Store:
    """Round "R" of UNITS sent by `round run --workers` to two workers (the store reached at `db`);
    `fault` is done once the first target is done."""
    reset_pg(pg_url)
    settings = Settings(data_dir=tmp_path / "dist", database_url=pg_url)
    store, hm = set_up_county_round(served, settings, UNITS)
    db = db or pg_url
    workers = start_workers(2, settings.data_dir, db, broker, tmp_path, concurrency=1)
    run = round_run(settings.data_dir, db, broker, hm)
    try:
        deadline = time.monotonic() + 120
        while "done" not in store.target_status("R").values():
            assert time.monotonic() < deadline and run.poll() is None, run.communicate()
            time.sleep(0.2)
        assert set(store.target_status("R").values()) != {"done"}, "the fault comes mid-round"
        fault(store, workers)
        out, err = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            run.kill()
        for w in workers:
            if w.poll() is None:
                stop(w)
    assert run.returncode in (0, 1) and "Traceback" not in err, (out, err)
    return store


def _need_services() -> None:
    need(port_open("127.0.0.1", 6379), "Redis is not running on 127.0.0.1:6379")


def test_a_worker_killed_mid_target(served: Served, tmp_path: Path, pg_url: str, expected: tuple) -> None:
    _need_services()
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    killed: list[int] = []

    def kill_a_busy_worker(store: Store, workers: list[subprocess.Popen[bytes]]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for i, w in enumerate(workers):
                log = (tmp_path / f"w{i}.log").read_text(errors="replace")
                if log.count("received") > log.count("succeeded") + log.count("retry"):
                    os.killpg(w.pid, signal.SIGKILL)  # the worker and its pool process, mid-target
                    w.wait(10)
                    killed.append(i)
                    return
            time.sleep(0.05)
        raise AssertionError("no worker was busy")

    store = cluster_round(served, tmp_path, pg_url, BROKER, kill_a_busy_worker)
    assert killed
    assert outcome(store) == expected
    survivor = (tmp_path / f"w{1 - killed[0]}.log").read_text(errors="replace")
    assert survivor.count("succeeded") >= 1


def test_redis_restarted_mid_round(served: Served, tmp_path: Path, pg_url: str, expected: tuple) -> None:
    _need_services()
    need(shutil.which("redis-server") is not None, "redis-server is not installed")
    with redis_server(tmp_path / "redis") as server:

        def restart(store: Store, workers: list) -> None:
            server.stop()
            time.sleep(3)
            server.start()

        store = cluster_round(served, tmp_path, pg_url, server.url, restart)
    assert outcome(store) == expected


def test_postgres_refusing_for_20_s(served: Served, tmp_path: Path, pg_url: str, expected: tuple) -> None:
    _need_services()
    import redis
    from sqlalchemy.engine import make_url

    redis.Redis.from_url(BROKER).flushdb()
    real = make_url(pg_url)
    proxy = TcpProxy(real.port or 5432)
    proxy.accept()
    via_proxy = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)

    def outage(store: Store, workers: list) -> None:
        proxy.refuse()
        time.sleep(20)
        proxy.accept()

    try:
        store = cluster_round(served, tmp_path, pg_url, BROKER, outage, db=via_proxy)
    finally:
        proxy.refuse()
    assert outcome(store) == expected
    logs = "".join((tmp_path / f"w{i}.log").read_text(errors="replace") for i in range(2))
    assert "OperationalError" in logs, "a worker met the refusing store and tried again"
