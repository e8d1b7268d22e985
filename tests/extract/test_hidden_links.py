"""Links hidden from visitors (how 暗链 are planted): each way of hiding is found, visible links are not."""

from __future__ import annotations

import pytest

from govinspect.extract import extract_html
from govinspect.extract.hidden import MAY_HIDE, may_hide

URL = "http://slj.meixi.gov.cn/"


def _hidden(body: str, head: str = "") -> list[tuple[str, str]]:
    html = f"<html><head>{head}</head><body>{body}<p>正文</p></body></html>"
    return [(h.anchor, h.how) for h in extract_html(URL, html).hidden_links]


@pytest.mark.parametrize(
    ("body", "how"),
    [
        ('<div style="display: none"><a href="http://x.com/">百家乐</a></div>', "display:none"),
        ('<a href="http://x.com/" style="visibility:hidden">百家乐</a>', "visibility:hidden"),
        ('<p style="position:absolute; left:-3000px"><a href="http://x.com/">百家乐</a></p>', "移出屏幕"),
        ('<span style="font-size:0"><a href="http://x.com/">百家乐</a></span>', "尺寸为 0"),
        ('<a href="http://x.com/" style="color:#FFF;background-color:#fff">百家乐</a>', "文字与背景同色"),
        ('<marquee height="0"><a href="http://x.com/">百家乐</a></marquee>', "滚动字幕高度为 0"),
        ('<div hidden><a href="http://x.com/">百家乐</a></div>', "hidden 属性"),
    ],
)
def test_each_way_of_hiding_is_found(body: str, how: str) -> None:
    assert _hidden(body) == [("百家乐", how)]


def test_a_hiding_rule_of_the_page_style_sheet_is_read() -> None:
    head = "<style>.fl, #yq { text-indent: -9999px }</style>"
    assert _hidden('<div id="yq"><a href="http://x.com/">百家乐</a></div>', head) == [("百家乐", "移出屏幕")]


@pytest.mark.parametrize(
    "body",
    [
        '<a href="http://x.com/">百家乐</a>',
        '<div style="width:100px;height:20px;color:#333;background:#fff"><a href="/a/">栏目</a></div>',
        '<a href="#top" style="display:none">返回顶部</a>',
        '<p style="margin-left:-10px"><a href="/b/">通知公告</a></p>',
    ],
)
def test_visible_links_are_not_hidden(body: str) -> None:
    assert _hidden(body) == []


def test_a_rule_hides_only_elements_of_its_own_class_or_id() -> None:
    head = "<style>.hide, #yq { display: none } .nav li a { display: none }</style>"
    body = (
        '<div class="box hide"><a href="http://x.com/1">百家乐</a></div>'
        '<div class="hidebox"><a href="http://x.com/2">栏目一</a></div>'
        '<div id="yq2"><a href="http://x.com/3">栏目二</a></div>'
        '<ul class="nav"><li><a href="http://x.com/4">栏目三</a></li></ul>'
        '<div id="yq"><a href="http://x.com/5">博彩</a></div>'
    )
    assert _hidden(body, head) == [("百家乐", "display:none"), ("博彩", "display:none")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "width:100px",
        "margin: 0 auto",
        "left:-9999px",
        "DISPLAY:none",
        "Color:red",
        "a-123",
        "hİdden",
        "dıſplay",
        "宽度",
        "中Color文",
        "mar?quee",
    ],
)
def test_may_hide_answers_as_its_pattern(text: str) -> None:
    assert may_hide(text) == (MAY_HIDE.search(text) is not None)
