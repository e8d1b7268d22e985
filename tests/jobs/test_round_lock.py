"""One writer per round: a second writer is refused with the holder named, dead holders are taken over,
different rounds run side by side — on SQLite and PostgreSQL, and between real `govinspect` processes."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from county_server import Served, cli, set_up_county_round

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.lock import RoundBusy, round_lock
from govinspect.jobs.pipeline import rejudge_round
from govinspect.store import Lease, Store
from services import reset_pg

CHECKPOINT = m.checkpoint_at(dt.date(2023, 6, 20))


def _round(store: Store, name: str = "R") -> None:
    store.create_round(m.Round(name=name, checkpoint=CHECKPOINT))


def _lease(name: str, *, pid: int, host: str, expires_in_s: float) -> Lease:
    now = dt.datetime.now(m.TZ)
    return Lease(name, f"t{pid}", "run", pid, host, now, now, now + dt.timedelta(seconds=expires_in_s))


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid  # reaped: no process has this id now (ids are not reused this fast)


def test_second_writer_is_refused_naming_the_holder(store: Store) -> None:
    _round(store)
    with round_lock(store, "R", "run") as me:
        with pytest.raises(RoundBusy) as refused, round_lock(store, "R", "report"):
            pass
        text = str(refused.value)
        assert f"进程号 {os.getpid()}" in text and socket.gethostname() in text
        assert f"{me.started_at.astimezone(m.TZ):%Y-%m-%d %H:%M:%S}" in text and "round run" in text
    with round_lock(store, "R", "report"):  # released at the end of the block
        pass
    assert store.lease("R") is None


def test_different_rounds_run_side_by_side(store: Store) -> None:
    _round(store, "A")
    _round(store, "B")
    with round_lock(store, "A", "run"), round_lock(store, "B", "run"):
        assert store.lease("A") is not None and store.lease("B") is not None


def test_dead_holder_on_this_host_is_taken_over(store: Store) -> None:
    _round(store)
    assert (
        store.take_lease(
            _lease("R", pid=_dead_pid(), host=socket.gethostname(), expires_in_s=600), stale=lambda _h: False
        )
        is None
    )
    with round_lock(store, "R", "run") as me:
        holder = store.lease("R")
        assert holder is not None and holder.token == me.token


def test_a_killed_writer_process_is_taken_over_at_once(store: Store) -> None:
    _round(store)
    code = (
        "import sys, time\n"
        "from govinspect.jobs.lock import round_lock\n"
        "from govinspect.store import Store\n"
        "with round_lock(Store(sys.argv[1]), 'R', 'run'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    writer = subprocess.Popen(
        [sys.executable, "-c", code, store.url], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "held"
        with pytest.raises(RoundBusy, match=f"进程号 {writer.pid}"), round_lock(store, "R", "run"):
            pass
    finally:
        writer.kill()  # kill -9: no chance to release the lease
        writer.wait()
    holder = store.lease("R")
    assert holder is not None and holder.pid == writer.pid  # left behind …
    with round_lock(store, "R", "run") as me:  # … and taken over at once on this host
        assert store.lease("R") is not None and me.pid == os.getpid()


def test_other_host_is_taken_over_only_after_its_lease_expired(store: Store) -> None:
    _round(store)
    live = _lease("R", pid=1, host="worker-7.example", expires_in_s=600)
    assert store.take_lease(live, stale=lambda _h: False) is None
    with pytest.raises(RoundBusy, match=r"worker-7\.example"), round_lock(store, "R", "rejudge"):
        pass
    store.release_lease("R", live.token)
    expired = _lease("R", pid=1, host="worker-7.example", expires_in_s=-1)
    assert store.take_lease(expired, stale=lambda _h: False) is None
    with round_lock(store, "R", "rejudge"):
        pass


def test_heartbeat_keeps_the_lease_alive(store: Store) -> None:
    _round(store)
    with round_lock(store, "R", "run", lease_s=0.6) as me:
        time.sleep(1.5)  # longer than the lease: only the heartbeat keeps it
        holder = store.lease("R")
        assert holder is not None and holder.token == me.token
        assert holder.expires_at > dt.datetime.now(m.TZ)
        with pytest.raises(RoundBusy), round_lock(store, "R", "run"):
            pass


def test_same_instant_starts_give_one_writer_and_no_raw_error(store: Store) -> None:
    _round(store)
    n = 6
    barrier = threading.Barrier(n)
    outcomes: list[str] = []
    release = threading.Event()

    def start() -> None:
        barrier.wait()
        try:
            with round_lock(store, "R", "run"):
                outcomes.append("held")
                release.wait(10)
        except RoundBusy:
            outcomes.append("refused")
        except Exception as e:  # an IntegrityError here is the defect
            outcomes.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=start) for _ in range(n)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    # the holder records "held" as soon as it holds: release only after every other start was refused,
    # or a slow one (still backing off) would rightly take the lease the holder just gave back
    while len(outcomes) < n and time.monotonic() < deadline:
        time.sleep(0.02)
    release.set()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["held"] + ["refused"] * (n - 1)


# -- two real `govinspect round run` processes on a simulated county ---------------------------

UNITS = ("梅溪县", "县发改委", "县教育局", "县民政局")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_concurrent_round_runs_one_refused_one_complete(
    backend: str, served: Served, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    if backend == "postgres":
        url = request.getfixturevalue("pg_url")
        reset_pg(url)
        settings.database_url = url
    store, hm = set_up_county_round(served, settings, UNITS)
    db = settings.db_url()

    first = cli(settings.data_dir, db, "round", "run", "R", "--host-map", str(hm))
    second = cli(settings.data_dir, db, "round", "run", "R", "--host-map", str(hm))
    out = {p.pid: p.communicate(timeout=600) for p in (first, second)}
    codes = {p.pid: p.returncode for p in (first, second)}
    refused = [pid for pid, (_o, e) in out.items() if "正由另一进程写入" in e]
    assert len(refused) == 1, out
    loser = refused[0]
    winner = next(pid for pid in out if pid != loser)
    assert codes[loser] == 1
    assert f"进程号 {winner}" in out[loser][1] and socket.gethostname() in out[loser][1]
    assert codes[winner] in (0, 1) and "Traceback" not in out[winner][1], out[winner]

    # the winner's round is complete: every target done, judged, archives readable
    status = store.target_status("R")
    assert status and set(status.values()) == {"done"}
    results = {r.target: r for r in store.results("R")}
    assert set(results) == {key for _kind, key in status}
    by_unit = {r.unit: r for r in results.values() if r.target_kind == m.TargetKind.SITE}
    assert (
        by_unit["县教育局"].verdict == m.Verdict.FAIL
        and "content.serious_error" in by_unit["县教育局"].vetoes
    )
    assert by_unit["县民政局"].verdict == m.Verdict.FAIL  # five blank columns: 单项否决
    assert by_unit["梅溪县"].verdict == m.Verdict.PASS and by_unit["梅溪县"].score is not None
    assert by_unit["梅溪县"].score < 100  # its planted dead link and broken image were found
    again = rejudge_round(settings, store, "R")
    assert {r.target: (r.verdict, r.score) for r in again} == {
        t: (r.verdict, r.score) for t, r in results.items()
    }
    assert store.lease("R") is None
