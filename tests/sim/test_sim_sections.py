"""The simulator serves 信息公开平台 sections under a portal's host: moved pages read exactly as unmoved ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.extract import extract_page
from govinspect.sim.filler import expand
from govinspect.sim.scenario import ScenarioError, load_scenario
from govinspect.sim.sections import move_pages
from govinspect.sim.sitegen import SiteBuilder
from govinspect.sim.world import build_world

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "platform-sections.yaml"
HOST = "http://www.xikou.gov.cn"


@pytest.mark.parametrize("name", ["东山村信息公开平台", "南坪村信息公开平台", "溪口镇信息公开平台"])
def test_a_moved_section_reads_like_the_site_it_was(name: str) -> None:
    sc = expand(load_scenario(SCENARIO))
    spec = next(s for s in sc.sites if s.name == name)
    plain = SiteBuilder(sc, spec).build()  # the same site at the root of its host
    moved = move_pages(plain.pages, HOST, spec.path_prefix)
    for path, resp in plain.pages.items():
        if not path.endswith(("/", ".html")) or resp.status != 200:
            continue
        a = extract_page(HOST + path, resp.body, dict(resp.headers))
        home = path == "/"  # the pipeline tells the extractor which page is the target's home
        b = extract_page(
            HOST + spec.path_prefix + path[1:],
            moved[spec.path_prefix + path[1:]].body,
            dict(resp.headers),
            home=home,
        )
        assert b.page_type == a.page_type and b.column.name == a.column.name, path
        if a.list is not None:
            assert b.list is not None and b.list.data_url == (
                a.list.data_url and a.list.data_url.replace(HOST + "/", HOST + spec.path_prefix)
            ), path
            assert [(i.title, i.date) for i in b.list.items] == [(i.title, i.date) for i in a.list.items], (
                path
            )
            assert all(HOST + spec.path_prefix in (i.url or "") for i in b.list.items), path


def test_the_portal_links_to_its_sections_and_keeps_its_own_pages() -> None:
    world = build_world(load_scenario(SCENARIO))
    pages = world.responses["www.xikou.gov.cn"]
    home = pages["/"].body.decode("utf-8")
    for prefix in ("/xxgk/xkz/", "/xxgk/cun/dsc/", "/xxgk/cun/xlc/", "/xxgk/cun/npc/"):
        assert f'href="{prefix}"' in home and prefix in pages
    assert "/robots.txt" in pages and not any(p.endswith("/robots.txt") and p != "/robots.txt" for p in pages)


def test_a_section_needs_a_host_it_lies_on(tmp_path: Path) -> None:
    text = SCENARIO.read_text(encoding="utf-8").replace("path_prefix: /xxgk/xkz/", "path_prefix: xxgk")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="路径前缀"):
        load_scenario(bad)


def test_a_mutated_section_changes_only_its_own_pages() -> None:
    world = build_world(load_scenario(SCENARIO))
    pages = world.responses["www.xikou.gov.cn"]
    portal_home, village_home = pages["/"], pages["/xxgk/cun/dsc/"]
    code = next(s.code for s in world.sites if s.name == "东山村信息公开平台")
    world.mutate_site(code, columns=[{"name": "村务公开", "category": "村务公开", "newest": "-3d"}])
    pages = world.responses["www.xikou.gov.cn"]
    assert pages["/"] is portal_home and pages["/xxgk/cun/dsc/"] != village_home
    site = next(s for s in world.sites if s.code == code)
    assert site.path_prefix == "/xxgk/cun/dsc/" and site.columns[0].url.startswith(HOST + "/xxgk/cun/dsc/")
