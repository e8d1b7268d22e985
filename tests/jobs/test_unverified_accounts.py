"""An account whose feed cannot be read is 待核实 in the notice: not 合格, not 不合格, no 整改 task."""

from __future__ import annotations

import asyncio
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.context import open_round
from govinspect.jobs.pipeline import finish_round, inspect_account
from govinspect.jobs.reporting import _record_rectification, build_round_report
from govinspect.jobs.runner import run_one
from govinspect.rectify import list_tasks
from govinspect.reports.data import AccountResult
from govinspect.reports.figures import ClassMap, compute
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world
from govinspect.store import Store

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"


def test_unreadable_feed_gives_unverified_account(tmp_path: Path) -> None:
    sc = load_scenario(SCENARIO)
    world = build_world(sc)
    healthy = [a for a in world.accounts if not any(g.target == a.key for g in world.ground_truth)][:2]
    broken, fine = healthy
    registry = world.registry()
    # the broken account's feed answers nothing: port 9 on loopback refuses the connection
    accounts = tuple(
        a.model_copy(update={"feed_url": "http://127.0.0.1:9/feed.xml"}) if a.key == broken.key else a
        for a in registry.accounts
    )
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(registry.model_copy(update={"accounts": accounts}))
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(sc.checkpoint), profile=sc.profile))
    ctx = open_round(settings, store, "R")

    async def go() -> dict[str, dict[str, object] | None]:
        server = await start(world)
        try:
            ctx.host_map = server.host_map
            out = {}
            for a in healthy:
                target = (m.TargetKind.ACCOUNT, a.key)
                out[a.key] = await run_one(store, "R", target, lambda _k, key: inspect_account(ctx, key))
            return out
        finally:
            await server.stop()

    fetched = asyncio.run(go())
    broken_info, fine_info = fetched[broken.key], fetched[fine.key]
    assert broken_info and broken_info["source_error"] and fine_info and not fine_info["source_error"]
    finish_round(ctx, [(m.TargetKind.ACCOUNT, a.key) for a in healthy])

    report = build_round_report(settings, store, "R")
    rows = {r.name: r for r in report.accounts}
    assert rows[broken.name].result == AccountResult.UNVERIFIED
    assert rows[fine.name].result == AccountResult.PASS
    figures = compute(report, ClassMap({}))
    assert broken.name in [a.name for a in figures.unverified_accounts]
    assert broken.name not in [a.name for a in figures.failing_accounts]
    # only the two fetched accounts were inspected: every other target is 待核实, none counted as 合格
    assert (figures.accounts_checked, figures.accounts_passed) == (1, 1)
    assert all(
        r.result == AccountResult.UNVERIFIED
        for r in report.accounts
        if r.name not in {a.name for a in healthy}
    )
    _record_rectification(store, "R", report)
    assert broken.key not in {i.target for t in list_tasks(store, "R") for i in t.items}
