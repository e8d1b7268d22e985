"""A round built from monitoring, against the simulator over real HTTP on loopback.

On an unchanged world, the round that takes each target from the weekly 全面检查 of monitoring judges
exactly as a fresh crawl at the same checkpoint; a target without a check in time is 待核实.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from govinspect import model as m
from govinspect.config import MonitorConfig, OfficeConfig, Settings, save_office_config
from govinspect.crawl import ProbeResult
from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, run_schedule
from govinspect.jobs.pipeline import run_round
from govinspect.jobs.reporting import build_round_report
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.reports.render import render_notice
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.world import build_world
from govinspect.store import Store

ROOT = Path(__file__).resolve().parents[2]
SITES = ("4190010018", "4190010022", "4190010025")  # 白庄镇, 李营镇 (a stale column), 柳泉铺镇
WEEKLY = dt.datetime(2023, 6, 26, 1, 0, tzinfo=m.TZ)
CHECKPOINT = m.checkpoint_at(dt.date(2023, 7, 1))  # 李营镇's 乡镇动态 is stale from 06-30


@pytest.fixture(scope="module")
def county() -> Iterator[SimServer]:
    world = build_world(load_scenario(ROOT / "scenarios" / "demo-county.yaml"))
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    yield server
    asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(scope="module")
def monitored(county: SimServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Store]:
    """Three sites and their units' accounts, a week of probes, and one weekly check on 06-26 01:00."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("monitored"))
    store = Store(settings.db_url())
    store.migrate()
    reg = county.world.registry()
    sites = tuple(s.model_copy(update={"crawl": dict(SIM_CRAWL)}) for s in reg.sites if s.code in SITES)
    units = {s.unit for s in sites}
    accounts = tuple(a for a in reg.accounts if a.unit in units)
    store.save_registry(reg.model_copy(update={"sites": sites, "accounts": accounts}))
    save_office_config(settings, OfficeConfig(monitor=MonitorConfig(profile=county.world.scenario.profile)))
    for s in sites:  # every 30 minutes for the week before, one failure a day
        times = [WEEKLY - dt.timedelta(minutes=30 * i) for i in range(7 * 48)]
        store.add_probes(
            s.code,
            [(t, ProbeResult(s.home_url, t.isoformat(), t.hour != 3, 200 if t.hour != 3 else 503, 80))
             for t in times],
        )  # fmt: skip
    with time_machine.travel(WEEKLY, tick=False):
        mon = Monitor.open(settings, store, county.host_map)
        ensure_default_schedules(store, WEEKLY)
        assert run_schedule(mon, "每周全面检查", WEEKLY) == "成功"
    return settings, store


def _round(settings: Settings, store: Store, county: SimServer, name: str, source: m.RoundSource,
           checkpoint: dt.datetime = CHECKPOINT) -> list[m.TargetResult]:  # fmt: skip
    store.create_round(m.Round(name=name, checkpoint=checkpoint, profile=county.world.scenario.profile,
                               source=source))  # fmt: skip
    with time_machine.travel(WEEKLY + dt.timedelta(hours=9), tick=False):
        return asyncio.run(run_round(settings, store, name, host_map=county.host_map, homepage_retry_s=0))


def _verdicts(results: list[m.TargetResult]) -> dict[str, tuple[str, float | None, tuple[str, ...], str]]:
    return {r.target: (r.verdict.value, r.score, tuple(sorted(r.vetoes)), r.summary) for r in results}


def test_a_round_from_monitoring_judges_as_a_fresh_crawl(
    monitored: tuple[Settings, Store], county: SimServer
) -> None:
    settings, store = monitored
    fresh = _round(settings, store, county, "2023Q2-抓取", m.RoundSource.CRAWL)
    built = _round(settings, store, county, "2023Q2-监测", m.RoundSource.MONITORING)
    assert len(fresh) == len(SITES) + len(store.load_registry().accounts)
    assert _verdicts(built) == _verdicts(fresh)
    assert {r.verdict for r in built} - {m.Verdict.PASS, m.Verdict.FAIL} == set()  # all judged
    assert any(r.verdict == m.Verdict.FAIL for r in built)  # 李营镇's stale column, at least
    codes = lambda name: sorted((f.target, f.code) for f in store.findings(name))  # noqa: E731
    assert codes("2023Q2-监测") == codes("2023Q2-抓取")
    info = store.target_info("2023Q2-监测", m.TargetKind.SITE, "4190010022")
    assert info["source"] == "monitoring" and info["captured_at"] == WEEKLY.isoformat()
    assert store.get_round("2023Q2-监测").source == m.RoundSource.MONITORING


def test_the_notice_says_which_data_it_used(monitored: tuple[Settings, Store], county: SimServer) -> None:
    settings, store = monitored
    if "2023Q2-监测" not in {r.name for r in store.list_rounds()}:
        _round(settings, store, county, "2023Q2-监测", m.RoundSource.MONITORING)
    built = build_round_report(settings, store, "2023Q2-监测")
    assert built.monitoring_span == (dt.date(2023, 6, 26), dt.date(2023, 6, 26))
    text = _notice_text(built)
    assert "本次检查未重新抓取，依据常态化监测数据判定" in text and "2023年6月26日" in text
    if "2023Q2-抓取" not in {r.name for r in store.list_rounds()}:
        _round(settings, store, county, "2023Q2-抓取", m.RoundSource.CRAWL)
    fresh = build_round_report(settings, store, "2023Q2-抓取")
    assert fresh.monitoring_span is None
    assert "常态化监测数据" not in _notice_text(fresh)


def _notice_text(report: object) -> str:
    return render_notice(report).markup  # type: ignore[arg-type]


def test_targets_without_a_check_in_time_are_unverified(
    monitored: tuple[Settings, Store], county: SimServer
) -> None:
    settings, store = monitored
    before = _round(settings, store, county, "2023-06-20", m.RoundSource.MONITORING,
                    m.checkpoint_at(dt.date(2023, 6, 20)))  # fmt: skip
    assert {r.verdict for r in before} == {m.Verdict.UNVERIFIED}
    assert all("没有该对象在监测时间点" in r.summary for r in before)
    late = _round(settings, store, county, "2023-07-10", m.RoundSource.MONITORING,
                  m.checkpoint_at(dt.date(2023, 7, 10)))  # fmt: skip
    assert {r.verdict for r in late} == {m.Verdict.UNVERIFIED}
    assert all("监测数据已过期" in r.summary for r in late)
