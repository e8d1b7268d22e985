"""Platform sections under one portal, every column class judged, no veto from a doubtful reading — over HTTP.

The scenario serves a county portal and four 信息公开平台 sections (a town, three villages) on one host.
Expectations come from the scenario's planted dates and the national windows, not from our output.
南坪村's lists are forced to a low-confidence reading here (as the extractor marks lists read only from
script data), so its ten long-stale columns must become 待核实, never the veto 西岭村 gets for the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_run import RoundRun, run_scenario
from typer.testing import CliRunner

import govinspect.extract as extract
from govinspect import model as m
from govinspect.cli import app
from govinspect.extract.facts import PageFacts
from govinspect.jobs.reporting import write_round_reports

pytestmark = [pytest.mark.slow]

DOUBTFUL = "/xxgk/cun/npc/"  # 南坪村's section: its lists are read with low confidence
SECTIONS = {
    "溪口镇信息公开平台": "/xxgk/xkz/",
    "东山村信息公开平台": "/xxgk/cun/dsc/",
    "西岭村信息公开平台": "/xxgk/cun/xlc/",
    "南坪村信息公开平台": DOUBTFUL,
}
TEN_STALE = {
    "村务公开",
    "财务公开",
    "惠民惠农补贴",
    "服务公开",
    "党务公开",
    "村级重大事项",
    "村情简介",
    "村规民约",
    "集体资产",
    "民主评议",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RoundRun:
    real = extract.extract_page

    def unsure(url: str, body: bytes, headers: object, *, home: bool = False) -> PageFacts:
        facts = real(url, body, headers, home=home)  # type: ignore[arg-type]
        if DOUBTFUL in url and facts.list is not None:
            facts.list.confidence, facts.list.doubts = "low", ["仅从脚本数据读取"]
        return facts

    mp = pytest.MonkeyPatch()
    mp.setattr(extract, "extract_page", unsure)
    try:
        return run_scenario("platform-sections.yaml", tmp_path_factory.mktemp("sections"))
    finally:
        mp.undo()


def _result(run: RoundRun, name: str) -> m.TargetResult:
    return next(r for r in run.results if r.name == name)


def _columns(run: RoundRun, name: str, code: str) -> set[str]:
    r = _result(run, name)
    return {
        str(f.evidence.detail.get("column"))
        for f in run.findings()
        if f.target == r.target and f.code == code
    }


def test_each_section_is_a_target_of_its_own(run: RoundRun) -> None:
    sites = {r.name for r in run.results if r.target_kind == m.TargetKind.SITE}
    assert sites == {"溪口县人民政府", *SECTIONS}
    assert [r.verdict for r in run.results if r.target_kind == m.TargetKind.ACCOUNT] == [m.Verdict.PASS]
    for name, prefix in SECTIONS.items():
        site = next(s for s in run.world.sites if s.name == name)
        assert site.path_prefix == prefix and site.home_url == f"http://www.xikou.gov.cn{prefix}"


def test_a_section_crawl_stays_under_its_prefix_and_the_portal_leaves_sections_out(run: RoundRun) -> None:
    portal = _result(run, "溪口县人民政府")
    for f in run.findings():
        url = f.evidence.url
        if f.target == portal.target and f.code.startswith(("column.", "homepage.")):
            assert "/xxgk/" not in url, f.message  # a village column is never the portal's column
        for name, prefix in SECTIONS.items():
            if f.target == _result(run, name).target and f.code.startswith("column."):
                assert url.startswith(f"http://www.xikou.gov.cn{prefix}"), f.message


def test_every_column_class_judged_at_its_national_window(run: RoundRun) -> None:
    assert _columns(run, "溪口镇信息公开平台", "column.stale") == {
        "财政专项资金",
        "重大决策事项目录",
        "单位简介",
        "来信处理",
    }
    assert _columns(run, "东山村信息公开平台", "column.stale") == {"财务公开"}
    assert _columns(run, "西岭村信息公开平台", "column.stale") == TEN_STALE
    assert _columns(run, "溪口县人民政府", "column.stale") == set()


def test_ten_should_update_columns_veto(run: RoundRun) -> None:
    r = _result(run, "西岭村信息公开平台")
    assert r.verdict == m.Verdict.FAIL and "应更新但长期未更新栏目超过（含）10个" in r.summary
    assert _result(run, "东山村信息公开平台").verdict == m.Verdict.PASS
    assert _result(run, "溪口镇信息公开平台").verdict == m.Verdict.PASS


def test_no_veto_or_deduction_from_a_doubtful_reading(run: RoundRun) -> None:
    r = _result(run, "南坪村信息公开平台")
    assert r.verdict == m.Verdict.PASS and not r.vetoes and not r.deductions
    assert _columns(run, "南坪村信息公开平台", "column.stale") == set()
    assert _columns(run, "南坪村信息公开平台", "column.unverified") == TEN_STALE
    doubtful = [f for f in run.findings() if f.code == "column.unverified"]
    assert all(f.evidence.detail["doubts"] == ["仅从脚本数据读取"] for f in doubtful)
    assert all(f.evidence.url.startswith(f"http://www.xikou.gov.cn{DOUBTFUL}") for f in doubtful)


def test_doubtful_readings_are_listed_for_a_person(run: RoundRun, tmp_path: Path) -> None:
    shown = CliRunner().invoke(
        app,
        ["--data-dir", str(run.settings.data_dir), "round", "show", run.round_name],
        env={"COLUMNS": "250"},
    )
    assert shown.exit_code == 0, shown.output
    assert "读取存疑待核实：10 项" in shown.output
    paths = write_round_reports(run.settings, run.store, run.round_name, tmp_path, draft=True)
    md = next(p for p in paths if p.suffix == ".md").read_text(encoding="utf-8")
    assert "以下10项栏目判断所依据的列表读取存疑" in md and "南坪村信息公开平台" in md


def test_snapshots_hold_only_their_own_pages(run: RoundRun) -> None:
    from govinspect.crawl import Snapshot
    from govinspect.jobs.context import open_round

    ctx = open_round(run.settings, run.store, run.round_name)
    for site in run.world.sites:
        urls = [p.url for p in Snapshot(ctx.snapshot_dir(site.code)).pages()]
        assert urls, site.name
        own = [u for u in urls if u.startswith("http://www.xikou.gov.cn/")]
        if site.path_prefix == "/":
            assert own and not [u for u in own if "/xxgk/" in u], site.name  # the sections are left out
        else:
            assert all(u.startswith(site.home_url) for u in own), site.name
