"""No verdict without evidence, on a simulated county over real HTTP.

A site whose inspection did not complete — its home page never opened, a check raised, our own
settings could not reach it, its archive is damaged — is 待核实 with the reason: never 合格, never
a score, out of 检查数 and 合格率, named in the notice, no 整改 task. Availability vetoes only
from a full probe series; without one the site is 未监测.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.checks import site as site_checks
from govinspect.checks.inputs import SiteInput
from govinspect.config import Settings, save_office_config
from govinspect.jobs.pipeline import rejudge_round, run_round
from govinspect.jobs.reporting import _record_rectification, build_round_report
from govinspect.jobs.simulation import SIM_CRAWL, office_config_of
from govinspect.rectify import list_tasks
from govinspect.reports.figures import ClassMap, compute
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import World, build_world
from govinspect.store import Store

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-county.yaml"
HOME_404 = "县发改委"  # registry points at a path the site does not serve
RAISES = "县教育局"  # one of its checks raises
BAD_PORT = "县财政局"  # registry URL with port 99999
UNMAPPED = "县民政局"  # host missing from the host map
FLAKY = "县交通运输局"  # home page answers 503 to 30% of requests
VETO = "县卫健委"  # judged normally: no consultation channel → 单项否决
DEDUCT = "县应急管理局"  # judged normally: outdated name → 扣分, 合格
UNITS = (HOME_404, RAISES, BAD_PORT, UNMAPPED, FLAKY, VETO, DEDUCT)


@dataclasses.dataclass
class Run:
    world: World
    settings: Settings
    store: Store
    results: dict[str, m.TargetResult]  # by unit, sites only
    codes: dict[str, str]  # unit → site code


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    world = build_world(load_scenario(SCENARIO))
    data = tmp_path_factory.mktemp("unjudged")
    settings = Settings(data_dir=data)
    store = Store(settings.db_url())
    store.migrate()
    reg = world.registry()
    codes = {s.unit: s.code for s in reg.sites}
    urls = {
        HOME_404: "http://fgw.meixi.gov.cn/no-such-home/",
        BAD_PORT: "http://czj.meixi.gov.cn:99999/",
        UNMAPPED: "http://mzj.example-unmapped.gov.cn/",
    }
    sites = tuple(s.model_copy(update={"home_url": urls[s.unit]}) if s.unit in urls else s for s in reg.sites)
    store.save_registry(reg.model_copy(update={"sites": sites}))
    save_office_config(settings, office_config_of(world.scenario))
    store.create_round(
        m.Round(
            name="R",
            checkpoint=m.checkpoint_at(world.scenario.checkpoint),
            profile=world.scenario.profile,
            scope_units=UNITS,
        )
    )
    raising = codes[RAISES]
    real = site_checks.site_checks

    def boom(inp: SiteInput, _profile: object) -> list[m.Finding]:
        if inp.site.code == raising:
            raise RuntimeError("模拟的检查故障")
        return []

    site_checks.site_checks = lambda: [*real(), boom]  # type: ignore[assignment,list-item]

    async def go() -> list[m.TargetResult]:
        server = await start(world)
        try:
            return await run_round(
                settings,
                store,
                "R",
                host_map=server.host_map,
                crawl_overrides=SIM_CRAWL,
                homepage_retry_s=0.05,
            )
        finally:
            await server.stop()

    try:
        results = asyncio.run(go())
    finally:
        site_checks.site_checks = real  # type: ignore[assignment]
    by_unit = {r.unit: r for r in results if r.target_kind == m.TargetKind.SITE}
    yield Run(world, settings, store, by_unit, codes)
    store.close()


def test_unopened_home_page_is_unverified_with_every_visit_as_evidence(run: Run) -> None:
    r = run.results[HOME_404]
    assert (r.verdict, r.score, r.vetoes) == (m.Verdict.UNVERIFIED, None, ())
    assert "首页无法访问" in r.summary and "3次" in r.summary
    (down,) = [
        f for f in run.store.findings("R") if f.code == "availability.homepage_down" and f.target == r.target
    ]
    assert [v["status"] for v in down.evidence.detail["attempts"]] == [404, 404, 404]


def test_a_check_that_raises_gives_unverified_not_a_score(run: Run) -> None:
    r = run.results[RAISES]
    assert (r.verdict, r.score) == (m.Verdict.UNVERIFIED, None)
    assert "检查程序出错" in r.summary and "模拟的检查故障" in r.summary


def test_our_own_configuration_errors_are_errors_of_the_run_not_findings(run: Run) -> None:
    for unit, what in ((BAD_PORT, "端口"), (UNMAPPED, "主机映射文件")):
        r = run.results[unit]
        assert r.verdict == m.Verdict.UNVERIFIED and what in r.summary and "运行配置问题" in r.summary
        assert not [f for f in run.store.findings("R") if f.target == r.target]  # nothing said about the site


def test_judged_sites_keep_their_verdicts(run: Run) -> None:
    assert (
        run.results[VETO].verdict == m.Verdict.FAIL and "interaction.no_channel" in run.results[VETO].vetoes
    )
    assert run.results[DEDUCT].verdict == m.Verdict.PASS and (run.results[DEDUCT].score or 100) < 100


def test_without_probe_series_no_veto_and_unmonitored_is_recorded(run: Run) -> None:
    flaky = run.results[FLAKY]
    assert "availability.unreachable" not in flaky.vetoes
    unmonitored = run.store.unmonitored_sites("R")
    assert run.codes[FLAKY] in unmonitored and unmonitored[run.codes[FLAKY]].startswith("未监测")


def test_notice_figures_and_rectification_leave_unverified_sites_out(run: Run) -> None:
    report = build_round_report(run.settings, run.store, "R")
    figures = compute(report, ClassMap({}))
    unverified = {s.site_name for s in figures.unverified_sites}
    names = {run.results[u].name for u in (HOME_404, RAISES, BAD_PORT, UNMAPPED)}
    assert unverified == names
    assert figures.sites_checked == len(report.sites) - len(names)
    assert not names & {s.site_name for s in figures.failing_sites}
    assert not {FLAKY, *(u for u in UNITS)} & set(report.good_units)  # 未监测: nobody certified as 较好
    _record_rectification(run.store, "R", report)
    tasks = {i.target for t in list_tasks(run.store, "R") for i in t.items}
    assert not {run.codes[u] for u in (HOME_404, RAISES, BAD_PORT, UNMAPPED)} & tasks
    assert run.codes[VETO] in tasks


def test_round_show_lists_unverified_and_unmonitored(run: Run) -> None:
    from govinspect.cli import app

    out = CliRunner().invoke(
        app, ["--data-dir", str(run.settings.data_dir), "round", "show", "R"], env={"COLUMNS": "250"}
    )
    assert out.exit_code == 0, out.output
    assert "待核实" in out.output and "检查程序出错" in out.output and "运行配置问题" in out.output
    assert f"未监测：{len(UNITS)} 个网站" in out.output  # no probe series in this round at all


def test_notice_names_unverified_sites(run: Run, tmp_path: Path) -> None:
    from govinspect.jobs.reporting import write_round_reports
    from govinspect.jobs.review import override_gate

    override_gate(run.store, "R", "测试", "仿真辖区：问题由场景文件给定")
    files = write_round_reports(run.settings, run.store, "R", tmp_path / "reports")
    text = "".join(f.read_text(encoding="utf-8") for f in files if f.suffix == ".md")
    assert "4个政府网站检查未能完成" in text and run.results[HOME_404].name in text
    assert "未计入检查数和合格率" in text


def test_damaged_archive_gives_unverified_on_rejudge(run: Run) -> None:  # last: it damages the run
    code = run.codes[DEDUCT]
    archive = run.settings.round_dir("R") / "sites" / code / "archive.warc.gz"
    data = bytearray(archive.read_bytes())
    mid = len(data) // 3
    data[mid : mid + 4096] = os.urandom(min(4096, len(data) - mid))
    archive.write_bytes(bytes(data))
    results = {
        r.unit: r for r in rejudge_round(run.settings, run.store, "R") if r.target_kind == m.TargetKind.SITE
    }
    assert results[DEDUCT].verdict == m.Verdict.UNVERIFIED and "存档" in results[DEDUCT].summary
    assert results[VETO].verdict == m.Verdict.FAIL  # the others are judged as before
