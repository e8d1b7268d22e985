"""End-to-end crawls of loopback sites: pages, dead links and their error classes, hostile behaviours."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections import Counter
from pathlib import Path

import pytest
from crawl_sites import (
    HOST,
    SiteServer,
    broken_gzip,
    calendar,
    const,
    fail_then_ok,
    fast_settings,
    huge,
    page,
    raw,
    redirect,
    slow_drip,
    start,
)

from govinspect.crawl import CrawlSettings, ErrorClass, Snapshot, SnapshotSummary, crawl_site
from govinspect.model import Column, Site

Hostile = tuple[SiteServer, SnapshotSummary, Snapshot]

HOME_LINKS = [
    ("/about.html", "关于我们"),
    ("/gbk.html", "GBK 页面"),
    ("/private/secret.html", "内部"),
    ("/dead-404.html", "失效链接"),
    ("/dead-500.html", "出错链接"),
    ("/soft404.html", "软404"),
    ("/img/missing.png", "缺图"),
    ("/files/report.pdf", "年报附件"),
    ("http://nowhere.example.org/", "外部无法解析"),
    ("http://refused.test.gov.cn/", "拒绝连接"),
    ("/loop/a", "重定向循环"),
    ("/moved", "跳转"),
    ("/slow", "慢速"),
    ("/calendar?month=2024-01", "日历"),
    ("/huge", "超大"),
    ("/huge-declared", "超大声明"),
    ("/badgzip", "坏压缩"),
    ("/bomb", "压缩炸弹"),
    ("/bytes", "乱码"),
    ("/flaky", "偶发故障"),
    ("/busy", "限流"),
    ("/col/news/index.html", "新闻动态"),
]


def hostile_site(server: SiteServer) -> None:
    r = server.routes
    home = page("测试县人民政府", HOME_LINKS, body='<img src="/img/logo.png" alt="标志">')
    r["/"] = const(home)
    r["/robots.txt"] = raw(b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    r["/about.html"] = const(page("关于我们", [("/", "首页")]))
    r["/gbk.html"] = const(page("政务公开专栏", [("/", "首页")], body="县人民政府办公室"), charset="gbk")
    r["/private/secret.html"] = const(page("内部"))
    r["/dead-500.html"] = const(page("出错"), status=500)
    r["/soft404.html"] = const(page("页面不存在", body="抱歉，您访问的页面不存在"))
    r["/img/logo.png"] = raw(b"\x89PNG....", {"Content-Type": "image/png"})
    r["/files/report.pdf"] = raw(b"%PDF-1.4 ...", {"Content-Type": "application/pdf"})
    r["/loop/a"] = redirect("/loop/b")
    r["/loop/b"] = redirect("/loop/a")
    r["/moved"] = redirect("/about.html", 301)
    r["/slow"] = slow_drip()
    r["/calendar"] = calendar()
    r["/huge"] = huge(2 * 1024 * 1024)
    r["/huge-declared"] = huge(2 * 1024 * 1024, declare=True)
    r["/badgzip"] = broken_gzip()
    bomb = gzip.compress(page("压缩炸弹", body="炸" * 2_000_000).encode())  # ~6 MB inflated from ~10 KB
    r["/bomb"] = raw(bomb, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
    r["/bytes"] = raw(
        b"<html><head><title>\xff\xfe\x80 bad</title></head><body>\xc3\x28\xa0\xa1 <a href='/about.html'>x</a>",
        {"Content-Type": "text/html; charset=utf-8"},
    )
    r["/flaky"] = fail_then_ok(server, "flaky", 503, 1, {})
    r["/busy"] = fail_then_ok(server, "busy", 429, 1, {"Retry-After": "1"})
    news = [(f"/col/news/art_{i}.html", f"新闻{i}") for i in range(3)]
    r["/col/news/index.html"] = const(page("新闻动态", [*news, ("/col/news/index_1.html", "下一页")]))
    for n in range(1, 4):
        links = [(f"/col/news/art_{n}{i}.html", f"旧闻{n}{i}") for i in range(2)]
        if n < 3:
            links.append((f"/col/news/index_{n + 1}.html", "下一页"))
        r[f"/col/news/index_{n}.html"] = const(page(f"新闻动态 第{n + 1}页", links))
    for i in range(3):
        r[f"/col/news/art_{i}.html"] = const(page(f"新闻{i}", [("/", "首页")]))
    for n in range(1, 4):
        for i in range(2):
            r[f"/col/news/art_{n}{i}.html"] = const(page(f"旧闻{n}{i}"))


def make_site(server: SiteServer, **crawl: object) -> Site:
    return Site(
        code="4100000001",
        name="测试县人民政府",
        home_url=server.home,
        unit="测试县人民政府办公室",
        columns=(Column(name="新闻动态", url=f"http://{HOST}/col/news/index.html"),),
        crawl=dict(crawl),
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteServer, SnapshotSummary, Snapshot]:
    """One crawl of the hostile site shared by the tests below (the server's log survives it)."""
    out = tmp_path_factory.mktemp("hostile") / "snap"

    async def run() -> tuple[SiteServer, SnapshotSummary]:
        server = SiteServer()
        hostile_site(server)
        runner = await start(server)
        try:
            host_map = {**server.host_map, "refused.test.gov.cn": "127.0.0.1:1"}
            settings = fast_settings(max_query_variants=5, max_response_bytes=1024 * 1024, total_timeout=1.5)
            summary = await asyncio.wait_for(
                crawl_site(make_site(server), out, settings, host_map), timeout=60
            )
        finally:
            await runner.cleanup()
        return server, summary

    server, summary = asyncio.run(run())
    return server, summary, Snapshot.open(out)


def test_pages_found_and_errors_classified(hostile: Hostile) -> None:
    server, summary, snap = hostile
    pages = {p.url.replace(f"http://{HOST}", ""): p for p in snap.pages()}
    assert summary.complete
    for path in ("/", "/about.html", "/gbk.html", "/col/news/art_0.html", "/col/news/art_31.html"):
        assert pages[path].status == 200 and pages[path].error is None, path
    assert pages["/dead-404.html"].error == ErrorClass.HTTP_4XX
    assert pages["/dead-500.html"].error == ErrorClass.HTTP_5XX
    assert pages["/soft404.html"].error == ErrorClass.SOFT_404
    assert pages["/loop/a"].error == ErrorClass.REDIRECT_LOOP
    assert pages["/slow"].error == ErrorClass.TIMEOUT
    limit = 1024 * 1024
    for path in ("/huge", "/huge-declared", "/bomb"):  # cut at the limit, kept and read like any page
        assert pages[path].error is None and pages[path].truncated, path
        assert pages[path].size == limit and len(snap.body(pages[path])) == limit, path
    assert pages["/huge-declared"].declared_size == 2 * limit
    assert pages["/huge"].declared_size is None  # streamed without a Content-Length
    assert not pages["/"].truncated and pages["/"].declared_size is None
    assert snap.response(pages["/huge"]).truncated  # WARC-Truncated: length
    assert not snap.response(pages["/bomb"]).truncated  # the compressed body arrived whole
    links = {link.url.replace(f"http://{HOST}", ""): link for link in snap.links()}
    assert links["/huge"].error is None and links["/huge"].status == 200  # a big page is not a dead link
    assert links["/dead-500.html"].error == ErrorClass.HTTP_5XX
    assert pages["/badgzip"].error == ErrorClass.BROKEN_ENCODING
    assert pages["/bytes"].error is None and pages["/bytes"].status == 200
    moved = pages["/moved"]
    assert moved.final_url == f"http://{HOST}/about.html" and moved.redirects == [f"http://{HOST}/about.html"]
    assert moved.status in (200, 301)
    assert server.get_hits("/about.html") == 1  # the redirect target is not fetched a second time


def test_retries_honour_retry_after_and_5xx(hostile: Hostile) -> None:
    server, _, snap = hostile
    pages = {p.url.replace(f"http://{HOST}", ""): p for p in snap.pages()}
    assert pages["/flaky"].status == 200 and pages["/flaky"].error is None
    assert pages["/busy"].status == 200 and pages["/busy"].error is None
    assert server.get_hits("/flaky") == 2 and server.get_hits("/busy") == 2
    busy = [(s, e) for m, p, s, e in server.log if p == "/busy"]
    assert busy[1][0] - busy[0][1] >= 0.9  # waited for Retry-After: 1


def test_robots_and_trap_limits(hostile: Hostile) -> None:
    server, _, snap = hostile
    assert server.get_hits("/private/secret.html") == 0
    errors = list(snap.errors())
    assert any(e.error == ErrorClass.ROBOTS and e.url.endswith("/private/secret.html") for e in errors)
    calendar_hits = sum(n for k, n in server.hits.items() if "/calendar" in k)
    assert calendar_hits <= 5
    assert any(e.error == ErrorClass.TRAP and "/calendar" in e.url for e in errors)


async def test_column_pagination_beyond_depth(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    hostile_site(server)
    settings = fast_settings(max_depth=1)
    await asyncio.wait_for(crawl_site(make_site(server), tmp_path / "s", settings, server.host_map), 60)
    got = {p.url for p in Snapshot.open(tmp_path / "s").pages()}
    assert f"http://{HOST}/col/news/index_3.html" in got  # pagination followed past max_depth
    assert f"http://{HOST}/col/news/art_31.html" not in got  # but articles deeper than max_depth are not
    assert server.get_hits("/about.html") == 1


def test_dead_links_with_sources(hostile: Hostile) -> None:
    _, summary, snap = hostile
    links = {link.url: link for link in snap.links()}
    home = f"http://{HOST}/"
    assert links[f"http://{HOST}/img/missing.png"].error == ErrorClass.HTTP_4XX
    assert links[f"http://{HOST}/img/logo.png"].error is None
    assert links[f"http://{HOST}/files/report.pdf"].error is None
    assert links[f"http://{HOST}/files/report.pdf"].kind == "attachment"
    assert links["http://nowhere.example.org/"].error == ErrorClass.DNS
    assert links["http://refused.test.gov.cn/"].error == ErrorClass.REFUSED
    assert links[f"http://{HOST}/soft404.html"].error == ErrorClass.SOFT_404
    assert links[f"http://{HOST}/loop/a"].error == ErrorClass.REDIRECT_LOOP
    dead = links[f"http://{HOST}/dead-404.html"]
    assert dead.error == ErrorClass.HTTP_4XX and dead.status == 404
    assert [(s.page, s.anchor) for s in dead.sources] == [(home, "失效链接")]
    assert links[f"http://{HOST}/about.html"].error is None
    assert links[f"http://{HOST}/about.html"].source_count >= 2
    assert summary.dead_links >= 8


def test_gbk_page_decodes_and_body_round_trips(hostile: Hostile) -> None:
    _, _, snap = hostile
    rec = next(p for p in snap.pages() if p.url.endswith("/gbk.html"))
    assert rec.encoding == "gb18030"
    body = snap.body(rec)
    assert "县人民政府办公室".encode("gbk") in body
    import hashlib

    assert hashlib.sha1(body).hexdigest() == rec.sha1


async def test_gzip_and_brotli_bodies(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import brotli

    server = await serve(SiteServer())
    text = page("首页", [("/b.html", "br")], body="政务公开" * 200).encode()
    server.routes["/"] = raw(gzip.compress(text), {"Content-Type": "text/html", "Content-Encoding": "gzip"})
    server.routes["/b.html"] = raw(
        brotli.compress(page("br 页面").encode()), {"Content-Type": "text/html", "Content-Encoding": "br"}
    )
    site = Site(code="x", name="x", home_url=server.home, unit="x")
    await asyncio.wait_for(crawl_site(site, tmp_path / "s", fast_settings(), server.host_map), 30)
    snap = Snapshot.open(tmp_path / "s")
    pages = {p.url: p for p in snap.pages()}
    assert snap.body(pages[server.home]) == text
    assert "br 页面".encode() in snap.body(pages[f"http://{HOST}/b.html"])


def test_warc_readable_by_warcio(hostile: Hostile) -> None:
    from warcio.archiveiterator import ArchiveIterator

    _, _, snap = hostile
    types: list[str] = []
    with (snap.path / "archive.warc.gz").open("rb") as fh:
        for rec in ArchiveIterator(fh):
            types.append(rec.rec_type)
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI").endswith(
                "about.html"
            ):
                assert b"<title>" in rec.content_stream().read()
    assert types[0] == "warcinfo" and types.count("response") >= 20 and "request" in types


async def test_per_host_concurrency_and_rate(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [(f"/a{i}.html", f"文章{i}") for i in range(24)]))
    for i in range(24):
        server.routes[f"/a{i}.html"] = lambda r: _sleepy(r)
    site = Site(code="x", name="x", home_url=server.home, unit="x")
    settings = fast_settings(per_host_concurrency=2, per_host_rate=10, link_check_concurrency=8)
    await asyncio.wait_for(crawl_site(site, tmp_path / "s", settings, server.host_map), 60)
    assert server.max_in_flight == 2
    starts = sorted(s for _, _, s, _ in server.log)
    assert len(starts) >= 25
    # never more than the rate (10/s, evenly spaced) in any one-second window
    for i, s in enumerate(starts):
        assert sum(1 for t in starts[i:] if t < s + 1.0) <= 11


async def _sleepy(request):  # type: ignore[no-untyped-def]
    await asyncio.sleep(0.3)
    return await const(page("文章"))(request)


async def test_offline_host_map_never_resolves(tmp_path: Path) -> None:
    site = Site(code="x", name="x", home_url="http://www.unmapped.gov.cn/", unit="x")
    summary = await asyncio.wait_for(
        crawl_site(site, tmp_path / "s", fast_settings(), {"other.gov.cn": "127.0.0.1:9"}), 20
    )
    rec = next(Snapshot.open(tmp_path / "s").pages())
    assert rec.error == ErrorClass.DNS and summary.pages == 1


async def test_site_overrides_and_robots_override(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    hostile_site(server)
    site = make_site(server, obey_robots=False, link_check=False, max_depth=1)
    await asyncio.wait_for(crawl_site(site, tmp_path / "s", fast_settings(), server.host_map), 60)
    assert server.get_hits("/private/secret.html") == 1
    assert server.get_hits("/robots.txt") == 0
    assert list(Snapshot.open(tmp_path / "s").links()) == []


def test_settings_for_site_rejects_unknown_keys() -> None:
    base = CrawlSettings()
    assert base.for_site({"max_pages": 5}).max_pages == 5
    assert base.for_site({}).max_pages == base.max_pages
    with pytest.raises(ValueError):
        base.for_site({"max_pagez": 5})


async def test_tls_error_class(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [("https://tls.test.gov.cn/", "加密站点")]))
    host_map = {**server.host_map, "tls.test.gov.cn": f"127.0.0.1:{server.port}"}  # speaks plain http
    site = Site(code="x", name="x", home_url=server.home, unit="x")
    await asyncio.wait_for(crawl_site(site, tmp_path / "s", fast_settings(), host_map), 30)
    links = {link.url: link for link in Snapshot.open(tmp_path / "s").links()}
    assert links["https://tls.test.gov.cn/"].error == ErrorClass.TLS


async def test_small_site_has_no_errors(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", [("/a.html", "甲"), ("/b.html", "乙")]))
    server.routes["/a.html"] = const(page("甲", [("/b.html", "乙")]))
    server.routes["/b.html"] = const(page("乙", [("/", "首页")]))
    site = Site(code="x", name="x", home_url=server.home, unit="x")
    summary = await asyncio.wait_for(crawl_site(site, tmp_path / "s", fast_settings(), server.host_map), 30)
    snap = Snapshot.open(tmp_path / "s")
    assert summary.pages == 3 and summary.page_errors == 0 and summary.dead_links == 0
    assert list(snap.errors()) == [] and snap.summary() == summary
    assert all(server.get_hits(p) == 1 for p in ("/", "/a.html", "/b.html"))


async def test_page_workers_give_same_snapshot(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Two page-worker processes fetch the hostile site: same records, errors and links as one process,
    every page fetched the same number of times, every body readable from the workers' archives."""
    server = await serve(SiteServer())
    hostile_site(server)
    server.routes["/slow"] = const(page("/slow"))
    site = make_site(server, max_link_sources=2)  # the workers hold back most sightings of menu links
    inline = await asyncio.wait_for(crawl_site(site, tmp_path / "a", fast_settings(), server.host_map), 60)
    hits_inline = Counter(server.hits)
    server.hits.clear()
    server.state.clear()  # /busy and /flaky fail once again
    pooled = await asyncio.wait_for(
        crawl_site(site, tmp_path / "b", fast_settings(crawl_processes=2), server.host_map), 60
    )
    assert Counter(server.hits) == hits_inline
    assert inline.pages == pooled.pages > 20 and pooled.requests == inline.requests
    a, b = Snapshot.open(tmp_path / "a"), Snapshot.open(tmp_path / "b")

    def pages(snap: Snapshot) -> set[tuple[object, ...]]:
        return {(p.url, p.final_url, p.status, p.error, p.encoding, p.sha1, p.column) for p in snap.pages()}

    assert pages(a) == pages(b)
    assert {(e.url, e.error) for e in a.errors()} == {(e.url, e.error) for e in b.errors()}
    assert {(k.url, k.error, k.source_count, len(k.sources)) for k in a.links()} == {
        (k.url, k.error, k.source_count, len(k.sources)) for k in b.links()
    }
    assert max(k.source_count for k in b.links()) > 2
    files = {p.warc_file for p in b.pages() if p.warc_offset is not None}
    assert files == {"archive-1.warc.gz", "archive-2.warc.gz"}
    for rec in b.pages():
        if rec.warc_offset is not None and rec.sha1 is not None:
            assert hashlib.sha1(b.body(rec)).hexdigest() == rec.sha1, rec.url


async def test_link_check_budget(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页", body="".join(f'<img src="/i{i}.png">' for i in range(5))))
    site = Site(code="x", name="x", home_url=server.home, unit="x")
    capped = await crawl_site(site, tmp_path / "a", fast_settings(max_link_checks=2), server.host_map)
    assert capped.links == 5 and capped.links_unchecked == 3 and capped.dead_links == 2
    full = await crawl_site(site, tmp_path / "b", fast_settings(), server.host_map)
    assert full.links_unchecked == 0 and full.dead_links == 5
