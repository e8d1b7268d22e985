"""Navigation: menu with sub-menus, "更多" links and the breadcrumb, each classified."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.nav import breadcrumb, menu, more_links

BASE = "http://www.tongbai.gov.cn/"
NAV = """
<div class="nav"><ul>
  <li><a href="/">首页</a></li>
  <li><a href="/zwgk/">政务公开</a><ul><li><a href="/zwgk/tzgg/">通知公告</a></li><li><a href="/zwgk/zcwj/">政策文件</a></li></ul></li>
  <li><a href="/bsfw/">办事服务</a></li>
  <li><a href="/hdjl/">互动交流</a><ul><li><a href="/hdjl/xzxx/">县长信箱</a></li></ul></li>
</ul></div>
"""


def test_menu_and_submenus():
    links = menu(LexborHTMLParser(NAV), BASE)
    names = [(n.name, n.kind, n.parent) for n in links]
    assert ("政务公开", "menu", None) in names
    assert ("通知公告", "submenu", "政务公开") in names
    assert ("县长信箱", "submenu", "互动交流") in names
    cat = {n.name: n.category for n in links}
    assert cat["政策文件"] == "政策文件" and cat["县长信箱"] == "互动交流" and cat["办事服务"] == "办事服务"


def test_no_menu_on_a_bare_page():
    assert menu(LexborHTMLParser("<p>正文</p>"), BASE) == []


def test_more_links_take_the_block_title():
    html = '<div class="box"><div class="hd"><h3>工作动态</h3><a href="/gzdt/">更多&gt;&gt;</a></div><ul><li>x</li></ul></div>'
    links = more_links(LexborHTMLParser(html), BASE)
    assert [(n.name, n.url, n.kind, n.category) for n in links] == [
        ("工作动态", BASE + "gzdt/", "more", "动态要闻")
    ]


def test_breadcrumb_with_trailing_text():
    html = '<div class="location">您的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 人事信息</div>'
    steps = [n.name for n in breadcrumb(LexborHTMLParser(html), BASE)]
    assert steps == ["首页", "政务公开", "人事信息"]


def test_breadcrumb_without_class():
    html = '<td><a href="/">首页</a>&gt;&gt;<a href="/xxgk/">信息公开</a>&gt;&gt;<a href="./">信息公开年报</a></td>'
    steps = breadcrumb(LexborHTMLParser(f"<table><tr>{html}</tr></table>"), BASE)
    assert [n.name for n in steps] == ["首页", "信息公开", "信息公开年报"]
    assert steps[-1].category == "信息公开年报"


def test_no_breadcrumb():
    assert breadcrumb(LexborHTMLParser("<p>没有位置</p>"), BASE) == []
