"""Rendered pages kept in the snapshot: a WARC conversion record beside the response it refers to."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from crawl_sites import SiteServer, const, fast_settings, page

from govinspect.crawl import Snapshot, crawl_site
from govinspect.crawl.fetch import Exchange
from govinspect.crawl.jsonl import dumps
from govinspect.crawl.records import PageRecord
from govinspect.crawl.render import browser_available
from govinspect.crawl.snapshot import ARCHIVE, PAGES
from govinspect.crawl.warc import WarcWriter, read_member, read_response
from govinspect.model import Site

SCRIPT_LIST = (
    '<ul id="l"></ul><script>var p=["/a","rt.html"];'
    "document.getElementById('l').innerHTML='<li><a href=\"'+p.join('')+'\">脚本生成</a></li>'</script>"
)


def _need_browser() -> None:
    if browser_available():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true but chromium/playwright missing")
    pytest.skip("chromium 或 playwright 未安装")


def _warc_fields(path: Path, offset: int) -> dict[str, str]:
    with path.open("rb") as fh:
        head = read_member(fh, offset).partition(b"\r\n\r\n")[0].decode("utf-8")
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head.split("\r\n")[1:])}


def _exchange(url: str, body: bytes) -> Exchange:
    headers = [("Content-Type", "text/html; charset=utf-8")]
    return Exchange(url, "GET", [("User-Agent", "t")], 200, "OK", "HTTP/1.1", headers, body, 0.0)


def test_a_conversion_record_reads_back_as_the_rendered_page(tmp_path: Path) -> None:
    url = "http://www.test.gov.cn/tzgg/index.html"
    warc = WarcWriter(tmp_path / ARCHIVE)
    offset, length = warc.write(_exchange(url, b"<ul id='l'></ul>"))
    with (tmp_path / ARCHIVE).open("rb") as fh:
        response_id = read_response(fh, offset).record_id
    r_offset, r_length = warc.write_conversion(url, response_id, "<ul><li>渲染后的列表</li></ul>")
    warc.close()
    fields = _warc_fields(tmp_path / ARCHIVE, r_offset)
    assert fields["WARC-Type"] == "conversion" and fields["WARC-Refers-To"] == response_id
    assert fields["WARC-Target-URI"] == url and response_id.startswith("<urn:uuid:")
    rec = PageRecord(url, url, 200, "2023-06-20T10:00:00+08:00", 5, 16, None, 0, None)
    rec.warc_offset, rec.warc_length = offset, length
    rec.render_offset, rec.render_length, rec.render_file = r_offset, r_length, ARCHIVE
    with Snapshot(tmp_path) as snap:
        assert snap.rendered(rec) == "<ul><li>渲染后的列表</li></ul>".encode()
        assert snap.body(rec) == b"<ul id='l'></ul>"


def test_an_old_snapshot_without_rendered_fields_still_reads(tmp_path: Path) -> None:
    url = "http://www.test.gov.cn/"
    warc = WarcWriter(tmp_path / ARCHIVE)
    offset, length = warc.write(_exchange(url, b"<p>static</p>"))
    warc.close()
    rec = PageRecord(url, url, 200, "2023-06-20T10:00:00+08:00", 5, 13, None, 0, None)
    rec.warc_offset, rec.warc_length, rec.warc_file = offset, length, ARCHIVE
    line = json.loads(dumps(rec))
    for key in ("render_offset", "render_length", "render_file"):
        del line[key]  # a line written before rendered pages were kept
    (tmp_path / PAGES).write_text(json.dumps(line) + "\n", "utf-8")
    with Snapshot(tmp_path) as snap:
        (read,) = snap.pages()
        assert read.render_offset is None and snap.rendered(read) is None
        assert snap.body(read) == b"<p>static</p>"


@pytest.mark.browser
async def test_render_js_keeps_the_rendered_dom_of_scripted_pages_only(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _need_browser()
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [("/plain.html", "静态栏目")], body=SCRIPT_LIST))
    server.routes["/a.html"] = const(page("文章"))
    server.routes["/plain.html"] = const(page("静态栏目", [("/a.html", "静态条目")]))
    site = Site(code="r", name="r", home_url=server.home, unit="x", crawl={"render_js": True})
    await asyncio.wait_for(crawl_site(site, tmp_path, fast_settings(), server.host_map), 90)
    with Snapshot.open(tmp_path) as snap:
        pages = {p.url: p for p in snap.pages()}
        home = pages[server.home]
        assert home.render_offset is not None and home.render_file == ARCHIVE
        rendered = snap.rendered(home)
        assert rendered is not None and "脚本生成".encode() in rendered and b'href="/art.html"' in rendered
        assert b"/art.html" not in snap.body(home)  # the response is kept as sent
        fields = _warc_fields(tmp_path / (home.render_file or ARCHIVE), home.render_offset)
        with (tmp_path / (home.warc_file or ARCHIVE)).open("rb") as fh:
            assert home.warc_offset is not None
            assert fields["WARC-Refers-To"] == read_response(fh, home.warc_offset).record_id
        assert all(
            p.render_offset is None for u, p in pages.items() if u != server.home
        )  # no script: no render


async def test_without_render_js_nothing_is_rendered(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", body=SCRIPT_LIST))
    site = Site(code="p", name="p", home_url=server.home, unit="x")
    await crawl_site(site, tmp_path, fast_settings(), server.host_map)
    with Snapshot.open(tmp_path) as snap:
        assert all(p.render_offset is None for p in snap.pages())
    assert server.get_hits("/art.html") == 0
