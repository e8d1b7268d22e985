"""桐柏 附件4 (政策解读情况表) rebuilt from crawled pages: the notice prints each document, unit and count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from scenario_run import SCENARIOS, RoundRun, run_scenario

from govinspect import model as m
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.crawl.records import PageRecord
from govinspect.extract import extract_page
from govinspect.sim import build_world, load_scenario

# 附件4 桐柏县政策解读情况表, as printed in the notice (seed 002).
ANNEX4 = [
    ("桐柏县茶产业“十四五”发展意见", "县茶叶局", 1, 0),
    (
        "桐柏县人民政府办公室关于加强12345热线平台与110报警服务平合协调联动机制建设的通知",
        "县公安局",
        1,
        0,
    ),
    ("桐柏县2021年度地质灾害防治方案", "县自然资源局", 0, 1),
    ("桐柏县县级现代农业产业园建设工作方案（2021—2022年）", "县农业农村局", 0, 1),
    ("桐柏县“四上”企业培育入库实施方案", "县统计局", 1, 1),
    ("桐柏县人口发展规划（2021—2030年）", "县发改委", 1, 1),
]


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> tuple[RoundRun, str]:
    from govinspect.jobs.reporting import write_round_reports

    run = run_scenario("seed-002-tongbai.yaml", tmp_path_factory.mktemp("seed002"))
    out: Path = tmp_path_factory.mktemp("reports")
    write_round_reports(run.settings, run.store, run.round_name, out)
    return run, (out / "notice.md").read_text(encoding="utf-8")


def _annex4_rows(md: str) -> set[tuple[str, str, int, int]]:
    rows = set()
    for line in md.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[2].isdigit() and cells[3].isdigit():
            rows.add((cells[0], cells[1], int(cells[2]), int(cells[3])))
    return rows


def test_scenario_publishes_the_annex4_documents() -> None:
    world = build_world(load_scenario(SCENARIOS / "seed-002-tongbai.yaml"))
    assert sorted(world.interpretations()) == sorted(ANNEX4)


def _portal_input() -> tuple[SiteInput, m.Registry]:
    """The county portal's pages as the checks read them, extracted straight from the simulator."""
    world = build_world(load_scenario(SCENARIOS / "seed-002-tongbai.yaml"))
    site = next(s for s in world.sites if s.name == "桐柏县人民政府")
    host = site.home_url.removeprefix("http://").rstrip("/")
    cp = m.checkpoint_at(world.scenario.checkpoint)
    pages = []
    for path, resp in sorted(world.responses[host].items()):
        if resp.status != 200 or not (resp.header("Content-Type") or "").startswith("text/html"):
            continue
        url = f"http://{host}{path}"
        rec = PageRecord(url, url, 200, cp.isoformat(), 1, len(resp.body), None, 1, None, "text/html")
        pages.append(PageView(rec, extract_page(url, resp.body, dict(resp.headers))))
    return SiteInput(site=site, unit=None, checkpoint=cp, pages=pages), world.registry()


def test_portal_interpretations_go_to_the_unit_their_source_names() -> None:
    from govinspect.checks.activity import unit_interpretations
    from govinspect.jobs.reporting import _source_units

    inp, reg = _portal_input()
    got = unit_interpretations(inp, _source_units(reg.model_copy(update={"jurisdiction": ""}), "桐柏县"))
    assert sorted(got) == sorted(row for row in ANNEX4 if row[1] in ("县公安局", "县自然资源局", "县发改委"))


def test_source_naming_no_registered_unit_leaves_the_site_unit() -> None:
    from govinspect.checks.activity import unit_interpretations

    inp, _ = _portal_input()
    got = unit_interpretations(inp, {})
    assert {unit for _, unit, _, _ in got} == {None}
    assert len(got) == 3


@pytest.mark.slow
def test_notice_annex4_has_every_document_unit_and_count(notice: tuple[RoundRun, str]) -> None:
    _, md = notice
    assert _annex4_rows(md) == set(ANNEX4)


@pytest.mark.slow
def test_notice_section_five_figures(notice: tuple[RoundRun, str]) -> None:
    _, md = notice
    assert "政策解读情况" in md
    assert "各单位共解读政策文件6个，发布文字解读稿件4个，图片解读4个" in md
    both = re.search(r"其中，(.+?)同时进行了文字解读和图片解读", md)
    assert both is not None
    assert "县发改委对《桐柏县人口发展规划（2021—2030年）》" in both[1]
    assert "县统计局对《桐柏县“四上”企业培育入库实施方案》" in both[1]
    assert "县茶叶局" not in both[1]  # text only: not among the units that did both
