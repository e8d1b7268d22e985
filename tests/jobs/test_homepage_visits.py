"""A one-off failure of a home page during the crawl is visited again, kept as evidence, and is no veto;
with a week of probes, the same site answering 503 to 30% of requests is vetoed from the series."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from aiohttp import web

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.simulation import SIM_CRAWL, prepare_round
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.world import build_world
from govinspect.store import Store

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"
FLAKY = "县交通运输局"  # its home page answers 503 to 30% of requests (the 4th, 7th, 10th …)
HEALTHY = "县应急管理局"


def _round(
    tmp_path: Path, unit: str, *, probes: bool, fail_once: pytest.MonkeyPatch | None = None
) -> tuple[Store, m.TargetResult, list[m.Finding]]:
    world = build_world(load_scenario(SCENARIO))
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    store.save_registry(world.registry())
    rnd = m.Round(
        name="R",
        checkpoint=m.checkpoint_at(world.scenario.checkpoint),
        profile="national-2019",
        scope_units=(unit,),
    )
    store.create_round(rnd)
    site = next(s for s in world.registry().sites if s.unit == unit)
    host = site.home_url.split("/")[2]

    async def go() -> list[m.TargetResult]:
        server = await start(world)
        try:
            if probes:
                await prepare_round(store, world, rnd, server.host_map, tmp_path)
            if fail_once is not None:  # the crawl's fetch of the home page fails once, with no retry
                respond = SimServer._respond
                failed: list[str] = []

                async def once(
                    self: SimServer, request: web.Request, h: str, path: str
                ) -> web.StreamResponse:
                    if h == host and path == "/" and not failed:
                        failed.append(path)
                        return web.Response(status=503, text="Service Unavailable")
                    return await respond(self, request, h, path)

                fail_once.setattr(SimServer, "_respond", once)
            crawl = {**SIM_CRAWL, "retries": 0}
            return await run_round(
                settings, store, "R", host_map=server.host_map, crawl_overrides=crawl, homepage_retry_s=0.05
            )
        finally:
            await server.stop()

    results = asyncio.run(go())
    (result,) = [r for r in results if r.target == site.code]
    return store, result, [f for f in store.findings("R") if f.target == site.code]


def test_one_off_home_page_failure_is_evidence_not_a_veto(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, r, findings = _round(tmp_path, HEALTHY, probes=False, fail_once=monkeypatch)
    assert r.verdict == m.Verdict.PASS and r.score is not None and not r.vetoes  # judged from a fresh crawl
    (down,) = [f for f in findings if f.code == "availability.homepage_down"]
    visits = down.evidence.detail["attempts"]
    assert [v["status"] for v in visits] == [503, 200, 200]  # crawl, visit after the spacing, fresh crawl
    assert "访问3次，1次无法打开" in down.message
    assert store.unmonitored_sites("R")  # no probe series: 未监测, never 站点无法访问


def test_thirty_percent_failures_over_a_probed_week_are_vetoed(tmp_path: Path) -> None:
    _store, r, findings = _round(tmp_path, FLAKY, probes=True)
    assert r.verdict == m.Verdict.FAIL and "availability.unreachable" in r.vetoes
    (veto,) = [f for f in findings if f.code == "availability.unreachable"]
    assert veto.evidence.detail["attempts"] == 140 and veto.evidence.detail["ratio"] >= 0.05
    assert not [f for f in findings if f.code == "availability.homepage_down"]  # the series decides
