"""A column page past the crawl's size limit, over real HTTP: cut, archived as cut, reported, site judged."""

from __future__ import annotations

import asyncio
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings, save_office_config
from govinspect.crawl import Snapshot
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.simulation import SIM_CRAWL, office_config_of
from govinspect.sim.scenario import parse_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world
from govinspect.store import Store

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
profile: national-2019
seed: 11
area_code: "411399"
domain: ceshi.gov.cn
items: [4, 8]
units:
  - {name: 县民政局, kind: 部门}
sites:
  - name: 测试县民政局
    unit: 县民政局
    faults:
      - {kind: oversized_page, column: 通知公告, size_kb: 600}
"""
LIMIT = 256 * 1024


def test_an_oversized_column_page_is_cut_reported_and_the_site_still_judged(tmp_path: Path) -> None:
    world = build_world(parse_scenario(SCENARIO))
    (planted,) = [f for f in world.ground_truth if f.fault == "oversized_page"]
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(world.registry())
    save_office_config(settings, office_config_of(world.scenario))
    store.create_round(
        m.Round(name="R", checkpoint=m.checkpoint_at(world.scenario.checkpoint), profile="national-2019")
    )

    async def go() -> list[m.TargetResult]:
        server = await start(world)
        try:
            crawl = {**SIM_CRAWL, "max_response_bytes": LIMIT}
            return await run_round(settings, store, "R", host_map=server.host_map, crawl_overrides=crawl)
        finally:
            await server.stop()

    try:
        (result,) = [r for r in asyncio.run(go()) if r.target_kind == m.TargetKind.SITE]
        column_url = planted.detail["url"]
        with Snapshot.open(settings.round_dir("R") / "sites" / result.target) as snap:
            (page,) = [p for p in snap.pages() if p.url == column_url]
            assert page.truncated and page.error is None and page.size == LIMIT
            response = snap.response(page)
            assert response is not None and response.truncated  # WARC-Truncated: length
            assert len(snap.body(page)) == LIMIT
            assert not any(p.truncated for p in snap.pages() if p.url != column_url)
        findings = [f for f in store.findings("R") if f.target == result.target]
        (cut,) = [f for f in findings if f.code == planted.check]
        assert cut.evidence.url == column_url and "只读取了前 256 KB" in cut.message
        # nothing concluded from the part that was not read: the column is neither blank nor stale
        assert not [f for f in findings if f.code.startswith("column.") and f.evidence.url == column_url]
        # the site is judged all the same: a score, not 待核实
        assert result.verdict in (m.Verdict.PASS, m.Verdict.FAIL) and result.score is not None
        assert "availability.page_truncated" not in {d.code for d in result.deductions}
    finally:
        store.close()
