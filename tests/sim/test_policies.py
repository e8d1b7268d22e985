"""Policy documents and their interpretations (政策解读): pages, links both ways, 来源, ground truth."""

from __future__ import annotations

import pytest

from govinspect.extract import extract_page
from govinspect.extract.facts import ArticleFacts
from govinspect.sim import ScenarioError, World, build_world, parse_scenario

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2021-09-30
seed: 3
area_code: "411399"
domain: ceshi.gov.cn
items: [2, 4]
sites:
  - name: 测试县人民政府
    unit: 测试县
    kind: 门户
    policies:
      - {title: 测试县人口发展规划（2021—2030年）, unit: 县发改委, date: 2021-09-06, text: true, picture: true}
      - {title: 测试县2021年度地质灾害防治方案, unit: 县自然资源局, date: -5m, text: false, picture: 2}
  - name: 测试县统计局
    unit: 县统计局
    look: jcms
    encoding: gbk
    policies:
      - {title: 测试县“四上”企业培育入库实施方案, date: 2021-08-09, text: 1, picture: 0}
  - name: 测试县民政局
    unit: 县民政局
"""


def _world(text: str = SCENARIO) -> World:
    return build_world(parse_scenario(text))


@pytest.fixture(scope="module")
def world() -> World:
    return _world()


def _get(world: World, url: str) -> tuple[bytes, dict[str, str]]:
    host, _, path = url.removeprefix("http://").partition("/")
    resp = world.resolve(host, "/" + path)
    assert resp is not None and resp.status == 200, url
    return resp.body, dict(resp.headers)


def _article(world: World, url: str) -> ArticleFacts:
    body, headers = _get(world, url)
    facts = extract_page(url, body, headers)
    assert facts.article is not None, url
    return facts.article


def _records(world: World) -> list[dict]:  # type: ignore[type-arg]
    return [f.detail for f in world.ground_truth if f.fault == "policy_interpretation"]


def test_ground_truth_lists_every_document_with_its_unit_and_counts(world: World) -> None:
    assert world.interpretations() == [
        ("测试县人口发展规划（2021—2030年）", "县发改委", 1, 1),
        ("测试县2021年度地质灾害防治方案", "县自然资源局", 0, 2),
        ("测试县“四上”企业培育入库实施方案", "县统计局", 1, 0),
    ]
    assert all(f.check is None for f in world.ground_truth if f.fault == "policy_interpretation")


def test_site_without_policies_has_no_interpretation_column(world: World) -> None:
    mzj = next(s for s in world.sites if s.name == "测试县民政局")
    assert "政策解读" not in {c.name for c in mzj.columns}
    portal = next(s for s in world.sites if s.name == "测试县人民政府")
    assert "政策解读" in {c.name for c in portal.columns}


def test_titles_follow_real_practice(world: World) -> None:
    rec = _records(world)[0]
    text_title = _article(world, rec["text_urls"][0]).title
    picture_title = _article(world, rec["picture_urls"][0]).title
    doc = "《测试县人口发展规划（2021—2030年）》"
    assert text_title in (f"{doc}解读", f"关于{doc}的政策解读")
    assert picture_title in (f"图解：{doc}", f"一图读懂{doc}")
    two = [_article(world, u).title for u in _records(world)[1]["picture_urls"]]
    assert len(set(two)) == 2  # two picture interpretations of one document get distinct titles


def test_document_and_interpretations_link_both_ways(world: World) -> None:
    for rec in _records(world):
        interps = rec["text_urls"] + rec["picture_urls"]
        policy = _article(world, rec["url"])
        assert policy.title == rec["document"]
        assert sorted(policy.interpretation_links) == sorted(interps)
        for url in interps:
            art = _article(world, url)
            assert art.interpretation_links == [rec["url"]]
            assert art.pub_date is not None and art.pub_date[:10] >= rec["date"]


def test_plain_articles_have_no_interpretation_links(world: World) -> None:
    host = "mzj.ceshi.gov.cn"
    pages = [p for p in world.responses[host] if p.endswith(".html") and "/t20" in p]
    assert pages
    for path in pages:
        assert _article(world, f"http://{host}{path}").interpretation_links == []


def test_on_behalf_interpretations_name_their_unit_as_source(world: World) -> None:
    rec = _records(world)[0]
    assert _article(world, rec["url"]).source == "测试县人民政府"  # the document: the portal's own
    for url in rec["text_urls"] + rec["picture_urls"]:
        assert _article(world, url).source == "测试县发改委"
    tjj = _records(world)[2]
    assert _article(world, tjj["text_urls"][0]).source == "测试县统计局"
    units = {u.name for u in world.registry().units}
    assert {"县发改委", "县自然资源局"} <= units  # declared although they have no site


def _listing(world: World, column_url: str) -> str:
    """Every list page of a column, its JSON list endpoints included (look: json)."""
    host, _, path = column_url.removeprefix("http://").partition("/")
    folder = "/" + path.rsplit("/", 1)[0] + "/"
    enc = "utf-8" if next(s for s in world.scenario.sites if s.host == host).encoding == "utf-8" else "gbk"
    return "".join(
        r.body.decode(enc)
        for p, r in world.responses[host].items()
        if p.startswith(folder) and (p.rsplit("/", 1)[1].startswith(("index", "list_")))
    )


def test_documents_and_interpretations_are_listed_in_their_columns(world: World) -> None:
    for rec in _records(world):
        host = rec["url"].removeprefix("http://").split("/")[0]
        site = next(s for s in world.sites if s.home_url == f"http://{host}/")
        cols = {c.name: c.url for c in site.columns}
        assert rec["url"].removeprefix(f"http://{host}") in _listing(world, cols[rec["column"]])
        interps = _listing(world, cols["政策解读"])
        for url in rec["text_urls"] + rec["picture_urls"]:
            assert url.removeprefix(f"http://{host}") in interps


def test_picture_interpretation_shows_an_image(world: World) -> None:
    rec = _records(world)[1]
    art = _article(world, rec["picture_urls"][0])
    assert art.images and _get(world, art.images[0])[1]["Content-Type"] == "image/png"


def test_two_generations_are_identical() -> None:
    assert _world().fingerprint() == _world().fingerprint()


def test_policy_after_the_checkpoint_is_rejected() -> None:
    with pytest.raises(ScenarioError, match="晚于监测时间点"):
        _world(SCENARIO.replace("date: 2021-08-09", "date: 2021-10-09"))


def test_policy_in_a_stale_column_is_rejected() -> None:
    text = SCENARIO.replace(
        "  - name: 测试县民政局\n    unit: 县民政局\n",
        "  - name: 测试县民政局\n    unit: 县民政局\n"
        "    columns: [{name: 政策法规, category: 政策文件, stale: true, newest: -200d}]\n"
        "    policies: [{title: 测试县低保实施办法, date: -10d}]\n",
    )
    with pytest.raises(ScenarioError, match="政策法规"):
        _world(text)


def test_text_true_means_one_and_false_none() -> None:
    sc = parse_scenario(SCENARIO)
    p = sc.sites[0].policies
    assert (p[0].text, p[0].picture, p[1].text, p[1].picture) == (1, 1, 0, 2)


def test_document_without_interpretations_is_published_but_not_counted() -> None:
    text = SCENARIO.replace(
        "  - name: 测试县民政局\n    unit: 县民政局\n",
        "  - name: 测试县民政局\n    unit: 县民政局\n"
        "    policies: [{title: 测试县低保实施办法, date: -10d, text: false}]\n",
    )
    world = _world(text)
    rec = next(r for r in _records(world) if r["document"] == "测试县低保实施办法")
    assert (rec["text"], rec["picture"]) == (0, 0)
    assert _article(world, rec["url"]).title == "测试县低保实施办法"
    assert "测试县低保实施办法" not in {d for d, *_ in world.interpretations()}
    mzj = next(s for s in world.sites if s.name == "测试县民政局")
    assert "政策解读" not in {c.name for c in mzj.columns}
