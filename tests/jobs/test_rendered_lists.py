"""Columns whose list only a browser sees, over real HTTP: read from the rendered page when render_js is on,
never judged from nothing when it is off."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from govinspect import model as m
from govinspect.config import Settings, save_office_config
from govinspect.crawl import Snapshot
from govinspect.crawl.render import browser_available
from govinspect.extract.facts import ListFacts, PageFacts
from govinspect.jobs.context import open_round
from govinspect.jobs.pipeline import _read_rendered_list, run_round, site_input, wants_render
from govinspect.jobs.simulation import SIM_CRAWL, office_config_of
from govinspect.sim.pages import script_data_path
from govinspect.sim.scenario import parse_scenario
from govinspect.sim.server import start
from govinspect.sim.world import World, build_world
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
    look: ul
    columns:
      - {name: 工作动态, category: 动态要闻, group: 新闻中心, look: script, stale: true, newest: 2023-05-02}
      - {name: 通知公告, category: 通知公告, group: 新闻中心, look: script}
"""
STALE, FRESH = "工作动态", "通知公告"


def _need_browser() -> None:
    if browser_available():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true but chromium/playwright missing")
    pytest.skip("chromium 或 playwright 未安装")


def _served_newest(world: World, column_url: str) -> str:
    """The newest date in the data the column's script loads (what a visitor sees first)."""
    host, path = column_url.split("/", 3)[2], "/" + column_url.split("/", 3)[3]
    data = world.responses[host][script_data_path(path.rsplit("/", 1)[0] + "/", 0)]
    return max(item["date"] for item in json.loads(data.body)["items"])[:10]


def _run(tmp_path: Path, render_js: bool) -> tuple[World, Settings, Store, m.TargetResult]:
    world = build_world(parse_scenario(SCENARIO))
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
            crawl = {**SIM_CRAWL, "render_js": render_js}
            return await run_round(settings, store, "R", host_map=server.host_map, crawl_overrides=crawl)
        finally:
            await server.stop()

    (result,) = [r for r in asyncio.run(go()) if r.target_kind == m.TargetKind.SITE]
    return world, settings, store, result


def _column_urls(world: World) -> dict[str, str]:
    return {c.name: c.url for c in world.sites[0].columns}


@pytest.mark.browser
def test_a_script_only_column_is_read_from_the_rendered_page(tmp_path: Path) -> None:
    _need_browser()
    world, settings, store, result = _run(tmp_path, render_js=True)
    try:
        urls = _column_urls(world)
        with Snapshot.open(settings.round_dir("R") / "sites" / result.target) as snap:
            col_page = next(p for p in snap.pages() if p.url == urls[STALE])
            assert col_page.render_offset is not None  # the rendered DOM is in the archive
        inp = site_input(open_round(settings, store, "R"), result.target)
        for name in (STALE, FRESH):
            (pv,) = [p for p in inp.pages if p.record.url == urls[name]]
            assert pv.facts is not None and pv.facts.list is not None
            lst = pv.facts.list
            assert lst.source == "rendered" and not lst.unreadable and lst.confidence == "high"
            assert lst.newest_date is not None and lst.newest_date[:10] == _served_newest(world, urls[name])
            assert pv.facts.footer.site_id_code  # the static page's other facts are kept
        findings = [f for f in store.findings("R") if f.target == result.target]
        (stale,) = [f for f in findings if f.code == "column.stale" and f.evidence.url == urls[STALE]]
        assert stale.evidence.detail["newest_date"] == _served_newest(world, urls[STALE])
        fresh = [f for f in findings if f.code.startswith("column.") and f.evidence.url == urls[FRESH]]
        assert fresh == []  # fresh: no finding, and the reading is sure (no column.unverified)
        assert "column.stale" in {d.code for d in result.deductions}  # the verdict follows the reading
    finally:
        store.close()


def test_without_rendering_a_script_only_column_is_not_judged_from_nothing(tmp_path: Path) -> None:
    world, settings, store, result = _run(tmp_path, render_js=False)
    try:
        urls = _column_urls(world)
        inp = site_input(open_round(settings, store, "R"), result.target)
        for name in (STALE, FRESH):
            (pv,) = [p for p in inp.pages if p.record.url == urls[name]]
            assert pv.record.render_offset is None
            lst = pv.facts.list if pv.facts is not None else None
            assert lst is None or (lst.unreadable and not lst.items and lst.newest_date is None)
        findings = [f for f in store.findings("R") if f.target == result.target]
        for name in (STALE, FRESH):  # 待核实, with why: never stale, blank or silently fresh
            (f,) = [f for f in findings if f.code.startswith("column.") and f.evidence.url == urls[name]]
            assert f.code == "column.unverified" and "未能读取" in f.message
            assert f.evidence.detail["newest_date"] is None and "脚本" in f.evidence.detail["doubts"][0]
        assert "column.stale" not in {d.code for d in result.deductions} and not result.vetoes
    finally:
        store.close()


def test_the_rendered_list_replaces_only_a_missing_or_unreadable_one() -> None:
    rendered = (
        b"<html><head><title>\xe9\x80\x9a\xe7\x9f\xa5\xe5\x85\xac\xe5\x91\x8a</title></head><body><ul class='list'>"
        + b"".join(
            f"<li><a href='/tzgg/t{d}.html'>关于做好第{d}项工作的通知</a><span>2023-06-{d:02d}</span></li>".encode()
            for d in (3, 9, 15)
        )
        + b"</ul></body></html>"
    )
    unread = PageFacts(url="http://x/tzgg/", page_type="list", list=ListFacts(unreadable=True))
    assert wants_render(unread)
    _read_rendered_list(unread, rendered, home=False)
    assert unread.list is not None and unread.list.newest_date == "2023-06-15"
    assert unread.list.source == "rendered"
    read = PageFacts(url="http://x/tzgg/", page_type="list", list=ListFacts(newest_date="2023-01-01"))
    assert not wants_render(read)  # a list the static page holds is never replaced
    none = PageFacts(url="http://x/tzgg/", page_type="list", list=ListFacts(unreadable=True))
    _read_rendered_list(none, None, home=False)  # not rendered (an old snapshot, render_js off)
    assert none.list is not None and none.list.unreadable
    article = PageFacts(url="http://x/tzgg/t1.html", page_type="article")
    _read_rendered_list(article, rendered, home=False)
    assert article.list is None and article.page_type == "article"
