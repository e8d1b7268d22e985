"""Fixture feeds served on 127.0.0.1 under RSSHub / WeChat-bridge route shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from govinspect.crawl.settings import CrawlSettings

FIXTURES = Path(__file__).parent / "fixtures"

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
JSONFEED = "application/feed+json; charset=utf-8"
HTML = "text/html; charset=utf-8"

ROUTES: dict[str, tuple[str, str]] = {
    "/weibo/user/5412345678": ("weibo_rsshub.xml", RSS),
    "/toutiao/user/token/MS4wLjABAAAA": ("toutiao_atom.xml", ATOM),
    "/douyin/user/MS4wLjABAAAAmz": ("douyin.json", JSONFEED),
    "/bilibili/user/dynamic/2267573": ("weibo_rsshub.xml", RSS),
    "/feeds/tbap.xml": ("wechat_bridge.xml", RSS),
    "/rss/tbap": ("wechat_bridge.xml", "text/xml"),
    "/wechat/ce/595a5b14d7164e53908f1606": ("wechat_bridge.xml", RSS),
    "/broken.xml": ("malformed.xml", RSS),
    "/empty.xml": ("empty.xml", RSS),
    "/profile/jyyj": ("profile.html", HTML),
}


async def _handler(request: web.Request) -> web.StreamResponse:
    path = request.path
    if path in ROUTES:
        name, ctype = ROUTES[path]
        return web.Response(body=(FIXTURES / name).read_bytes(), headers={"Content-Type": ctype})
    if path == "/menu/guide.html":
        return web.Response(text="<html><body>办事指南</body></html>", content_type="text/html")
    if path == "/err500.xml":
        return web.Response(status=500, text="Internal Server Error")
    if path == "/html-page":
        return web.Response(text="<html><body>不是订阅源</body></html>", content_type="text/html")
    return web.Response(status=404, text="Not Found")


@pytest.fixture
async def feed_server() -> AsyncIterator[dict[str, str]]:
    """Serve the fixtures; yields the host map for the fictitious hosts."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", _handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    target = f"127.0.0.1:{port}"
    try:
        yield {"rsshub.test": target, "bridge.test": target, "jyyj.test": target}
    finally:
        await runner.cleanup()


@pytest.fixture
def quick_settings() -> CrawlSettings:
    """No retries, no rate limits: loopback fixtures."""
    return CrawlSettings(retries=0, per_host_rate=None, external_rate=None, total_timeout=10)
