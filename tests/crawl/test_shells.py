"""Shell home pages: where a browser goes from a meta refresh, a location script, a frameset."""

from __future__ import annotations

import pytest

from govinspect.crawl.shells import browser_redirect

BASE = "http://www.x.gov.cn/"


def _doc(head: str = "", body: str = "") -> str:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize(
    ("html", "target"),
    [
        (_doc('<meta http-equiv="refresh" content="0; url=/index.html">'), BASE + "index.html"),
        (_doc("<META HTTP-EQUIV='Refresh' CONTENT='3;URL=http://www.x.gov.cn/zw/'>"), BASE + "zw/"),
        (_doc('<meta content="0;url=portal/" http-equiv="refresh">'), BASE + "portal/"),
        (_doc(body='<script>window.location.href="/index.html";</script>'), BASE + "index.html"),
        (_doc(body="<script>location.replace('/site/');</script><p>正在跳转……</p>"), BASE + "site/"),
        (_doc(body='<script type="text/javascript">self.location = "main.htm"</script>'), BASE + "main.htm"),
        (
            '<html><frameset rows="100,*"><frame name="top" src="/top.html">'
            '<frame name="main" src="/index.html"></frameset></html>',
            BASE + "index.html",
        ),
        (
            '<html><frameset cols="200,*"><frame src="left.htm"><frame src="right.htm"></frameset></html>',
            BASE + "right.htm",
        ),
        (
            '<html><frameset rows="*,80"><frame id="mainFrame" src="/home.jsp"><frame src="/foot.jsp"></frameset></html>',
            BASE + "home.jsp",
        ),
    ],
)
def test_a_browser_leaves_a_shell(html: str, target: str) -> None:
    assert browser_redirect(BASE, html) == target


@pytest.mark.parametrize(
    "html",
    [
        _doc('<meta http-equiv="refresh" content="300">'),  # the page reloading itself
        _doc('<meta http-equiv="refresh" content="600; url=/index.html">'),  # too late to be a redirect
        _doc(body="<p>" + "县政府门户网站政务公开。" * 40 + '</p><script>location.href="/x/"</script>'),
        _doc(body='<a href="#" onclick="window.open(\'/x/\')">政务公开</a>'),
        _doc(body='<script>window.location.href="javascript:void(0)";</script>'),
        _doc(body='<script>location.href="/";</script>'),  # itself
        _doc(body='<iframe src="/weather.html"></iframe><p>首页</p>'),  # an iframe is content, not a frameset
    ],
)
def test_a_page_to_read_stays(html: str) -> None:
    assert browser_redirect(BASE, html) is None


def test_a_long_page_is_never_a_shell() -> None:
    html = _doc('<meta http-equiv="refresh" content="0; url=/index.html">', "<p>政务公开</p>" * 2000)
    assert browser_redirect(BASE, html) is None
