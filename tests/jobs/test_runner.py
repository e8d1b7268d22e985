"""The in-process runner: bounded concurrency, progress in the store, resume without redoing."""

from __future__ import annotations

import asyncio
import datetime as dt

from govinspect import model as m
from govinspect.jobs.runner import run_targets
from govinspect.store import Store


async def test_resume_skips_done_targets_and_records_failures(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    targets = [(m.TargetKind.SITE, f"s{i}") for i in range(12)]
    calls: list[str] = []
    failed_once: set[str] = set()
    running = 0
    peak = 0

    async def task(kind: m.TargetKind, key: str) -> dict:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1
        calls.append(key)
        if key == "s5" and key not in failed_once:
            failed_once.add(key)
            raise RuntimeError("站点异常")
        return {"pages": 1}

    run = asyncio.ensure_future(run_targets(store, "R", targets, task, concurrency=3))
    while len(calls) < 6:  # interrupt the round half-way
        await asyncio.sleep(0.005)
    run.cancel()
    await asyncio.gather(run, return_exceptions=True)
    first = store.target_status("R")
    assert peak <= 3
    assert first[(m.TargetKind.SITE, "s5")] == "failed"
    done_before = {k for k, v in first.items() if v == "done"}
    assert 0 < len(done_before) < 12
    calls.clear()
    report = await run_targets(store, "R", targets, task, concurrency=3)
    assert not report.failed
    assert set(calls).isdisjoint({k for _, k in done_before})  # nothing done is redone
    assert all(v == "done" for v in store.target_status("R").values())


async def test_accounts_keep_a_lane_beside_the_sites(tmp_path) -> None:
    """Sites fill their places; accounts queued behind them still start at once, as many again."""
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    sites = [(m.TargetKind.SITE, f"s{i}") for i in range(4)]
    accounts = [(m.TargetKind.ACCOUNT, f"a{i}") for i in range(4)]
    running: dict[m.TargetKind, int] = {m.TargetKind.SITE: 0, m.TargetKind.ACCOUNT: 0}
    peak = dict(running)
    release = asyncio.Event()

    async def task(kind: m.TargetKind, key: str) -> dict:
        running[kind] += 1
        peak[kind] = max(peak[kind], running[kind])
        await release.wait()
        running[kind] -= 1
        return {}

    run = asyncio.ensure_future(run_targets(store, "R", sites + accounts, task, concurrency=2))
    while sum(running.values()) < 4:
        await asyncio.sleep(0.005)
    assert running == {m.TargetKind.SITE: 2, m.TargetKind.ACCOUNT: 2}  # accounts not behind the sites
    release.set()
    report = await run
    assert len(report.done) == 8 and peak == {m.TargetKind.SITE: 2, m.TargetKind.ACCOUNT: 2}
