"""Sites that are path prefixes of one host: each crawl stays in its section, and they share the host's limits."""

from __future__ import annotations

import asyncio
from pathlib import Path

from crawl_sites import SiteServer, const, fast_settings, page

from govinspect.crawl import Snapshot, crawl_site
from govinspect.model import Site, in_path_scope, sections_within


def portal(server: SiteServer) -> None:
    r = server.routes
    r["/"] = const(page("门户", [("/news.html", "要闻"), ("/xxgk/cun/a/", "甲村"), ("/xxgk/cun/b/", "乙村")]))
    r["/news.html"] = const(page("要闻"))
    for v in ("a", "b"):
        base = f"/xxgk/cun/{v}/"
        r[base] = const(
            page(f"{v}村", [(f"{base}cwgk.html", "村务公开"), ("/", "返回门户"), ("/news.html", "要闻")])
        )
        r[f"{base}cwgk.html"] = const(page("村务公开"))


def test_path_scope() -> None:
    assert in_path_scope("/anything", "/")
    assert in_path_scope("/xxgk/cun/a/x.html", "/xxgk/cun/a/")
    assert in_path_scope("/xxgk/cun/a", "/xxgk/cun/a/")
    assert not in_path_scope("/xxgk/cun/ab/x.html", "/xxgk/cun/a/")
    sites = [
        Site(code="p", name="门户", home_url="http://www.x.gov.cn/", unit="县"),
        Site(
            code="a",
            name="甲村",
            home_url="http://www.x.gov.cn/xxgk/cun/a/",
            unit="甲村",
            path_prefix="/xxgk/cun/a/",
        ),
        Site(code="o", name="他站", home_url="http://other.gov.cn/xxgk/", unit="乙", path_prefix="/xxgk/"),
    ]
    assert sections_within(sites[0], sites) == ["/xxgk/cun/a/"]
    assert sections_within(sites[1], sites) == []


async def test_section_and_portal_crawls_split_one_host(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    portal(server)
    home = server.home.rstrip("/")
    village = Site(
        code="a", name="甲村", home_url=home + "/xxgk/cun/a/", unit="甲村", path_prefix="/xxgk/cun/a/"
    )
    whole = Site(code="p", name="门户", home_url=server.home, unit="县")
    settings = fast_settings()
    await asyncio.wait_for(crawl_site(village, tmp_path / "a", settings, server.host_map), 30)
    pages = {p.url for p in Snapshot.open(tmp_path / "a").pages()}
    assert pages == {home + "/xxgk/cun/a/", home + "/xxgk/cun/a/cwgk.html"}
    links = {lk.url for lk in Snapshot.open(tmp_path / "a").links()}
    assert home + "/news.html" in links  # outside the section: link-checked, not crawled
    portal_settings = settings.for_site({"exclude_prefixes": sections_within(whole, [whole, village])})
    await asyncio.wait_for(crawl_site(whole, tmp_path / "p", portal_settings, server.host_map), 30)
    pages = {p.url for p in Snapshot.open(tmp_path / "p").pages()}
    assert home + "/xxgk/cun/b/" in pages  # not registered: still the portal's
    assert not any(u.startswith(home + "/xxgk/cun/a/") for u in pages)


async def test_targets_on_one_host_share_its_limits(serve, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = await serve(SiteServer())
    for v in "abc":
        base = f"/s/{v}/"
        server.routes[base] = const(page(v, [(f"{base}{i}.html", f"文{i}") for i in range(6)]))
        for i in range(6):
            server.routes[f"{base}{i}.html"] = _sleepy
    home = server.home.rstrip("/")
    sites = [Site(code=v, name=v, home_url=f"{home}/s/{v}/", unit=v, path_prefix=f"/s/{v}/") for v in "abc"]
    settings = fast_settings(per_host_concurrency=2, link_check=False)
    crawls = [crawl_site(s, tmp_path / s.code, settings, server.host_map) for s in sites]
    await asyncio.wait_for(asyncio.gather(*crawls), 60)
    assert server.max_in_flight == 2  # three targets on one host: still 2 requests at once, not 6


async def _sleepy(request):  # type: ignore[no-untyped-def]
    await asyncio.sleep(0.2)
    return await const(page("文章"))(request)
