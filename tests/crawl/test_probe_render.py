"""Availability probes and optional chromium rendering."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from crawl_sites import HOST, SiteServer, const, fail_then_ok, page, slow_drip

from govinspect.crawl import ErrorClass
from govinspect.crawl.probe import failure_ratio, probe_once, probe_path, read_probes, run_probes
from govinspect.crawl.render import browser_available, render_html, screenshot
from govinspect.model import Site
from govinspect.rules.profile import load_profile

TIMEOUT = load_profile("national-2019").availability.timeout_s


async def test_probe_ok_and_failures(serve) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = const(page("首页"))
    server.routes["/slow"] = slow_drip(delay=0.2)
    ok = await probe_once(server.home, server.host_map, TIMEOUT)
    assert ok.ok and ok.status == 200 and ok.error is None
    slow = await asyncio.wait_for(probe_once(f"http://{HOST}/slow", server.host_map, timeout_s=0.5), 10)
    assert not slow.ok and slow.error == ErrorClass.TIMEOUT
    down = await probe_once(f"http://{HOST}/gone", server.host_map, TIMEOUT)
    assert not down.ok and down.status == 404
    dns = await probe_once("http://unmapped.gov.cn/", server.host_map, TIMEOUT)
    assert not dns.ok and dns.error == ErrorClass.DNS


async def test_run_probes_appends_per_site(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    server.routes["/"] = fail_then_ok(server, "home", 503, 1, {})
    site = Site(code="4100000001", name="测试", home_url=server.home, unit="x")
    written = await run_probes([site], tmp_path, TIMEOUT, interval_s=0.05, count=4, host_map=server.host_map)
    assert written == {"4100000001": 4}
    await run_probes([site], tmp_path, TIMEOUT, interval_s=0.01, count=1, host_map=server.host_map)
    results = list(read_probes(probe_path(tmp_path, "4100000001")))
    assert len(results) == 5
    assert [r.ok for r in results] == [False, True, True, True, True]
    assert failure_ratio(results) == pytest.approx(0.2)
    assert failure_ratio(results, start="9999") == 0.0


def _need_browser() -> None:
    if browser_available():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true but chromium/playwright missing")
    pytest.skip("chromium 或 playwright 未安装")


@pytest.mark.browser
async def test_render_and_screenshot(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _need_browser()
    server = await serve(SiteServer())
    script = (
        "<script>document.getElementById('l').innerHTML='<li><a href=\"/a.html\">脚本生成</a></li>'</script>"
    )
    server.routes["/"] = const(page("首页", body=f'<ul id="l"></ul>{script}'))
    dom = await asyncio.wait_for(render_html(server.home, server.host_map), 60)
    assert "脚本生成" in dom
    shot = await asyncio.wait_for(screenshot(server.home, tmp_path / "s.png", server.host_map), 60)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.browser
async def test_render_js_site_finds_script_links(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from crawl_sites import fast_settings

    from govinspect.crawl import Snapshot, crawl_site

    _need_browser()
    server = await serve(SiteServer())
    script = (
        "<script>document.getElementById('l').innerHTML='<li><a href=\"/a.html\">脚本生成</a></li>'</script>"
    )
    server.routes["/"] = const(page("首页", body=f'<ul id="l"></ul>{script}'))
    server.routes["/a.html"] = const(page("文章"))
    plain = Site(code="p", name="p", home_url=server.home, unit="x")
    await crawl_site(plain, tmp_path / "plain", fast_settings(), server.host_map)
    assert server.get_hits("/a.html") == 0
    marked = Site(code="r", name="r", home_url=server.home, unit="x", crawl={"render_js": True})
    await asyncio.wait_for(crawl_site(marked, tmp_path / "js", fast_settings(), server.host_map), 90)
    assert server.get_hits("/a.html") == 1
    assert any(p.url.endswith("/a.html") for p in Snapshot.open(tmp_path / "js").pages())
