"""Property tests: the chrome real sites put around a column's list never changes the reading.

Each generated page (sim.chrome_families) plants a list — titles, links, dates — and a footer, then
surrounds them with side menus, marquees, other columns' blocks, script data, comments, placeholders and
script-written footers in the markup of a CMS family. The reading must be the planted list exactly.
GOVINSPECT_CHROME_EXAMPLES raises the number of generated pages (bench/eval mode: thousands).
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinspect.extract import extract_page
from govinspect.extract.facts import PageFacts
from govinspect.extract.footer import read_footer, script_text
from govinspect.extract.lists.json_lists import js_value, script_json_items
from govinspect.sim.chrome_families import CHROME, FAMILIES, LEVELS, ChromePage, chrome_page

EXAMPLES = int(os.environ.get("GOVINSPECT_CHROME_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(page: ChromePage) -> PageFacts:
    return extract_page(page.url, page.html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8"})


def assert_planted(page: ChromePage) -> None:
    facts = read(page)
    assert facts.page_type == "list", (page.family, page.chrome)
    assert facts.list is not None
    got = sorted((i.title, i.date) for i in facts.list.items)
    assert got == sorted((i.title, i.date) for i in page.items), (page.family, page.chrome)
    assert facts.list.newest_date == page.newest_date
    for key, value in page.footer.items():
        assert getattr(facts.footer, key) == value, (key, page.chrome)


@SETTINGS
@given(
    seed=st.integers(0, 10**6),
    family=st.sampled_from(FAMILIES),
    level=st.sampled_from(LEVELS),
    chrome=st.sets(st.sampled_from(CHROME)),
)
def test_chrome_around_a_list_leaves_its_reading(seed, family, level, chrome):
    assert_planted(chrome_page(seed, family, level, tuple(sorted(chrome))))


@SETTINGS
@given(seed=st.integers(0, 10**6), family=st.sampled_from(FAMILIES), chrome=st.sets(st.sampled_from(CHROME)))
def test_same_list_same_reading_whatever_the_chrome(seed, family, chrome):
    # The planted list depends on the seed alone: with and without chrome the reading is the same.
    plain = chrome_page(seed, family, "county", ("short",) if "short" in chrome else ())
    dressed = chrome_page(seed, family, "county", tuple(sorted(chrome)))
    assert plain.items == dressed.items
    a, b = read(plain).list, read(dressed).list
    assert a is not None and b is not None
    assert sorted(str(i.date) for i in a.items) == sorted(str(i.date) for i in b.items)
    assert a.newest_date == b.newest_date


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("chrome", CHROME)
def test_each_failure_class_in_each_family(family, chrome):
    for seed in range(3):
        assert_planted(chrome_page(seed, family, LEVELS[seed % len(LEVELS)], (chrome,)))


def test_marquee_rows_are_not_merged_even_when_newer():
    page = chrome_page(7, "trs", "county", ("marquee",))
    assert "marquee" in page.html or "scroll" in page.html or "notice" in page.html
    lst = read(page).list
    assert lst is not None and lst.newest_date == page.newest_date
    assert read(page).list.page_newest_date > page.newest_date  # the marquee is newer, and still not the list


def test_script_only_list_is_read_but_doubtful():
    page = chrome_page(3, "vue", "town", ("script",))
    lst = read(page).list
    assert lst is not None and lst.source == "script-json"
    assert lst.newest_date == page.newest_date
    assert lst.confidence == "low" and "仅从脚本数据读取" in lst.doubts


def test_plain_dom_list_is_sure():
    lst = read(chrome_page(3, "trs", "county", ("side_menu", "marquee"))).list
    assert lst is not None and lst.confidence == "high" and lst.doubts == []


LIST = "".join(
    f'<li><a href="/zwgk/tzgg/2024{m:02d}/t2024{m:02d}10_{m}.html">第{m}期工作简报标题</a><span>2024-{m:02d}-10</span></li>'
    for m in range(1, 7)
)


def _page(body: str) -> str:
    return f"<html><head><title>通知公告</title></head><body>{body}</body></html>"


def test_same_markup_block_of_unknown_column_with_newer_dates_makes_the_reading_doubtful():
    other = "".join(
        f'<li><a href="/zwgk/tzgg/2025{m:02d}/t2025{m:02d}01_{m}.html">另一组条目标题第{m}条</a><span>2025-{m:02d}-01</span></li>'
        for m in range(1, 4)
    )
    html = _page(
        f'<div class="a"><div><ul class="l">{LIST}</ul></div></div><div class="b"><div><ul class="l">{other}</ul></div></div>'
    )
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-06-10"
    assert facts.list.confidence == "low" and "两组日期列表不一致" in facts.list.doubts


def test_two_dated_rows_not_of_the_column_are_doubted():
    two = "".join(
        f'<li><a href="/show.asp?id={m}">第{m}期工作简报标题</a><span>2024-0{m}-10</span></li>'
        for m in (1, 2)
    )
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", _page(f"<ul>{two}</ul>").encode(), None)
    assert facts.list is not None and [i.date for i in facts.list.items] == ["2024-01-10", "2024-02-10"]
    assert "列表条目过少" in facts.list.doubts


def test_a_sparse_column_of_its_own_links_is_sure():
    # A stale column with two items is what 栏目不更新 judges: its reading is not in doubt.
    two = "".join(
        f'<li><a href="/zwgk/tzgg/20240{m}/t20240{m}10_{m}.html">第{m}期工作简报标题</a><span>2024-0{m}-10</span></li>'
        for m in (1, 2)
    )
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", _page(f"<ul>{two}</ul>").encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-02-10"
    assert facts.list.confidence == "high"


def test_month_day_dates_with_the_year_only_from_the_page_are_doubted():
    rows = "".join(
        f'<li><a href="/show.asp?id={m}">第{m}期工作简报标题</a><span>0{m}-10</span></li>'
        for m in range(1, 6)
    )
    facts = extract_page("http://www.x.gov.cn/tzgg/2024/index.html", _page(f"<ul>{rows}</ul>").encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-05-10"
    assert "条目日期未标年份，年份取自页面标题或地址" in facts.list.doubts


def test_js_object_literal_is_read():
    src = "var d = {total: 2, list: [{title: 'a\\'b', url: \"/x\", t: 1700000000000,}, {title: '甲', ok: true}]};"
    assert js_value(src, src.index("{")) == {
        "total": 2,
        "list": [{"title": "a'b", "url": "/x", "t": 1700000000000}, {"title": "甲", "ok": True}],
    }
    assert js_value("{a: f(1)}", 0) is None


def test_article_records_win_over_column_metadata():
    meta = (
        '{"name":"通知公告","children":['
        + ",".join(f'{{"name":"子栏目{k}","url":"/c{k}/","releaseTime":17{k}0000000000}}' for k in range(8))
        + "]}"
    )
    data = (
        "{articleList:["
        + ",".join(
            f"{{title:'第{k}条信息标题',url:'/a/{k}.html',releaseTime:{1700000000 + k * 86400}}}"
            for k in range(3)
        )
        + "]}"
    )
    items, likeness = script_json_items(
        [f"var columnInfo = {meta};", f"var listData = {data};"], "http://x.gov.cn/"
    )
    assert likeness == 4
    assert [i.title for i in items] == ["第0条信息标题", "第1条信息标题", "第2条信息标题"]
    assert items[0].date == "2023-11-15"  # epoch seconds, read in China time


def test_footer_written_by_script_concatenation():
    scripts = [
        "document.write('<p>网站标识码：4401'+'000001　粤ICP备1234'+'5678号-1　粤公网安备'+'44010402001160号</p>');"
    ]
    assert "粤公网安备44010402001160号" in script_text(scripts)
    f = read_footer("", "<div></div>", scripts)
    assert (f.site_id_code, f.icp, f.gongan) == (
        "4401000001",
        "粤ICP备12345678号-1",
        "粤公网安备44010402001160号",
    )


def test_visible_footer_wins_over_script_text():
    f = read_footer("网站标识码：4113300001", "", ["x = '网站标识码：9999999999';"])
    assert f.site_id_code == "4113300001"


def test_a_list_only_inside_chrome_is_read_with_a_doubt():
    html = _page(f'<div class="subnav-content"><ul>{LIST}</ul></div>')
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-06-10"
    assert "列表位于导航、页眉或滚动区域" in facts.list.doubts


def _rows(prefix: str, year: int, n: int, folder: str = "/zwgk/tzgg/") -> str:
    return "".join(
        f'<li><a href="{folder}{year}0{m}/t{year}0{m}10_{m}.html">{prefix}第{m}条信息标题</a><span>{year}-0{m}-10</span></li>'
        for m in range(1, n + 1)
    )


def test_a_box_moved_by_a_scrolling_script_is_chrome():
    moving = f'<div class="w"><div id="demo"><div id="demo1"><ul>{_rows("滚动", 2025, 6, "/ztzl/")}</ul></div><div id="demo2"></div></div></div>'
    script = (
        "<script>demo2.innerHTML=demo1.innerHTML;function M(){demo.scrollLeft++;}setInterval(M,40);</script>"
    )
    html = _page(f'{moving}{script}<div class="c"><ul>{_rows("列表", 2024, 4)}</ul></div>')
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-04-10"
    assert {i.title[:2] for i in facts.list.items} == {"列表"}


def test_rows_before_the_breadcrumb_lose_to_the_list_after_it():
    before = f'<div class="w"><ul>{_rows("热点", 2025, 6, "/ztzl/")}</ul></div>'
    crumb = (
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 通知</div>'
    )
    html = _page(f'{before}{crumb}<div class="c"><ul>{_rows("列表", 2024, 4, "/show/")}</ul></div>')
    facts = extract_page("http://www.x.gov.cn/List.asp?ClassID=3", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-04-10"


def test_a_list_in_a_side_named_column_is_still_read_without_doubt():
    html = _page(f'<div class="right_side"><ul>{_rows("列表", 2024, 5)}</ul></div>')
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-05-10"
    assert facts.list.confidence == "high"


def test_a_block_named_by_the_title_outranks_a_larger_block_of_another_column():
    mine = f'<div class="hd">通知公告</div><div class="bd"><ul>{_rows("通知", 2024, 3, "/a/")}</ul></div>'
    other = f'<div class="hd">工作动态</div><div class="bd"><ul>{_rows("动态", 2025, 7, "/b/")}</ul></div>'
    html = f"<html><head><title>通知公告_某县人民政府</title></head><body><div>{other}</div><div>{mine}</div></body></html>"
    facts = extract_page("http://www.x.gov.cn/List.aspx?cid=9", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-03-10"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (1700000000, "2023-11-15"),
        (1700000000000, "2023-11-15"),
        ("1700000000000", "2023-11-15"),
        ("/Date(1700000000000)/", "2023-11-15"),
        ("/Date(1700000000000+0800)/", "2023-11-15"),
        ("2023-11-15 06:13:20", "2023-11-15"),
    ],
)
def test_script_record_dates(value, day):
    src = json.dumps(
        {"list": [{"DOCTITLE": "某条信息的标题", "DOCPUBURL": "/a.html", "DOCRELTIME": value}] * 3}
    )
    items, likeness = script_json_items([f"var d = {src};"], "http://x.gov.cn/")
    assert [i.date for i in items] == [day] * 3 and likeness == 4


def test_footer_written_with_unicode_escapes():
    src = r"document.write('\u7f51\u7ad9\u6807\u8bc6\u7801\uff1a4401000001 \u7ca4ICP\u5907'+'12345678\u53f7<\/a>');"
    f = read_footer("", "", [src])
    assert (f.site_id_code, f.icp) == ("4401000001", "粤ICP备12345678号")


@pytest.mark.parametrize("box", ["li", "tr"])
def test_list_rows_held_in_a_script_template_are_read_but_doubtful(box):
    if box == "li":
        rows = _rows("模板", 2024, 4)
    else:
        rows = "".join(
            f'<tr><td><a href="/show.aspx?id={m}">模板第{m}条信息标题</a></td><td>2024-0{m}-10</td></tr>'
            for m in range(1, 5)
        )
    html = _page(f'<ul id="box"></ul><script type="text/html" id="rows">{rows}</script>')
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.source == "template"
    assert facts.list.newest_date == "2024-04-10" and len(facts.list.items) == 4
    assert "仅从脚本模板读取" in facts.list.doubts


def test_column_metadata_never_replaces_a_dated_dom_list():
    meta = json.dumps(
        {
            "children": [
                {"name": f"子栏目{k}", "url": f"/c{k}/", "releaseTime": 1760000000000} for k in range(9)
            ]
        }
    )
    two = "".join(
        f'<li><a href="/show.asp?id={m}">第{m}期工作简报标题</a><span>2024-0{m}-10</span></li>'
        for m in (1, 2)
    )
    html = _page(f"<ul>{two}</ul><script>var columnInfo = {meta};</script>")
    facts = extract_page("http://www.x.gov.cn/zwgk/tzgg/index.html", html.encode(), None)
    assert facts.list is not None and facts.list.newest_date == "2024-02-10" and facts.list.source == "dom"
