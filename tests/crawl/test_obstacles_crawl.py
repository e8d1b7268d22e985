"""Crawling sites behind obstacles over real HTTP: each read in full, as if no obstacle stood there."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.crawler import crawl_site
from govinspect.crawl.fetch import Politeness
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.passage import ChallengePasser
from govinspect.crawl.probe import probe_once
from govinspect.crawl.records import ErrorClass
from govinspect.crawl.render import browser_available
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.snapshot import Snapshot
from govinspect.model import Site
from govinspect.sim import World, build_world, parse_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.types import Resp

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
units: [{name: 县政府办, kind: 县区}]
sites:
  - {name: 瑞数站, unit: 县政府办, host: rs.waf.gov.cn, faults: [{kind: waf_412}]}
  - {name: 加速乐站, unit: 县政府办, host: jsl.waf.gov.cn, faults: [{kind: waf_521, uses: 60}]}
  - {name: 云锁站, unit: 县政府办, host: ys.waf.gov.cn, faults: [{kind: waf_200}]}
  - {name: 头部站, unit: 县政府办, host: ua.waf.gov.cn, faults: [{kind: ua_block}]}
  - {name: 会话站, unit: 县政府办, host: sess.waf.gov.cn, faults: [{kind: cookie_redirect}]}
  - {name: 过不去站, unit: 县政府办, host: no.waf.gov.cn, faults: [{kind: waf_unpassable}]}
  - {name: 刷新站, unit: 县政府办, host: meta.waf.gov.cn, faults: [{kind: meta_refresh}]}
  - {name: 框架站, unit: 县政府办, host: frame.waf.gov.cn, faults: [{kind: frameset}]}
  - {name: 脚本站, unit: 县政府办, host: js.waf.gov.cn, faults: [{kind: script_redirect}]}
"""
needs_browser = pytest.mark.skipif(not browser_available(), reason="未安装 chromium 或 playwright")


@pytest.fixture
def world() -> World:
    return build_world(parse_scenario(SCENARIO))


@pytest.fixture
async def server(world: World) -> AsyncIterator[SimServer]:
    s = await start(world)
    yield s
    await s.stop()


def _site(world: World, name: str) -> Site:
    return next(s for s in world.sites if s.name == name)


async def _crawl(server: SimServer, site: Site, out: Path, **overrides: object) -> Snapshot:
    settings = CrawlSettings(
        per_host_rate=None, external_rate=None, retries=0, challenge_timeout=5, link_check_external=False
    ).for_site(dict(overrides))
    shutil.rmtree(out, ignore_errors=True)
    await crawl_site(site, out, settings, server.host_map)
    return Snapshot(out)


def _urls(snap: Snapshot) -> set[str]:
    return {p.final_url for p in snap.pages()}


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("name", ["瑞数站", "加速乐站", "云锁站", "头部站"])
async def test_a_site_behind_a_challenge_is_read_in_full(
    server: SimServer, world: World, tmp_path: Path, name: str
) -> None:
    site = _site(world, name)
    host = site.home_url.split("/")[2]
    snap = await _crawl(server, site, tmp_path / "waf")
    assert [p.url for p in snap.pages() if p.error] == []
    assert all(link.error is None for link in snap.links() if link.internal)
    gate = server.gates.pop(host)  # the same site without its obstacle
    plain = await _crawl(server, site, tmp_path / "plain")
    assert _urls(snap) == _urls(plain)
    assert len(gate.challenged) <= 8 * (gate.generation + 1)  # solved once per clearance, not per page


@pytest.mark.browser
@needs_browser
async def test_an_expired_clearance_is_solved_again(server: SimServer, world: World, tmp_path: Path) -> None:
    snap = await _crawl(server, _site(world, "加速乐站"), tmp_path / "s")
    assert server.gates["jsl.waf.gov.cn"].generation >= 2  # the cookie expired at least twice
    assert [p.url for p in snap.pages() if p.error] == []


@pytest.mark.browser
@needs_browser
async def test_an_unpassable_challenge_is_a_challenge_not_a_dead_site(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    site = _site(world, "过不去站")
    snap = await _crawl(server, site, tmp_path / "s")
    home = next(p for p in snap.pages() if p.url == site.home_url)
    assert (home.status, home.error) == (412, ErrorClass.CHALLENGE)
    errors = [e for e in snap.errors() if e.url == site.home_url]
    assert errors and "访问受限（防护拦截）" in errors[0].detail
    home_visits = server.gates["no.waf.gov.cn"].challenged.count("/")
    assert 2 <= home_visits <= 4  # the crawl's fetch and two failed solves, then no more


@pytest.mark.browser
@needs_browser
async def test_a_real_403_is_tried_in_the_browser_once(server: SimServer) -> None:
    host = "meta.waf.gov.cn"
    server.world.responses[host]["/internal/"] = Resp(
        403, (("Content-Type", "text/html"),), b"<p>Forbidden</p>"
    )
    hosts = HostMap(server.host_map)
    settings = CrawlSettings(retries=0, per_host_rate=None, challenge_timeout=5)
    passer = ChallengePasser(server.host_map, 5, 10)
    async with make_session(hosts, settings.user_agent) as session:
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), passer)
        try:
            first = await fetcher.fetch(f"http://{host}/internal/")
            second = await fetcher.fetch(f"http://{host}/internal/")
        finally:
            await passer.close()
    assert (first.status, first.error) == (second.status, second.error) == (403, ErrorClass.HTTP_4XX)
    assert passer.hosts[host].solves == 1 and host in fetcher.refusals


async def test_without_a_browser_a_challenge_stays_a_challenge(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    site = _site(world, "瑞数站")
    snap = await _crawl(server, site, tmp_path / "s", pass_challenges=False)
    home = next(p for p in snap.pages() if p.url == site.home_url)
    assert home.error == ErrorClass.CHALLENGE and home.encoding is None  # never read as content


async def test_a_403_without_a_browser_stays_a_403(server: SimServer, world: World, tmp_path: Path) -> None:
    site = _site(world, "头部站")
    snap = await _crawl(server, site, tmp_path / "s", pass_challenges=False)
    home = next(p for p in snap.pages() if p.url == site.home_url)
    assert (home.status, home.error) == (403, ErrorClass.HTTP_4XX)


@pytest.mark.parametrize("name", ["刷新站", "框架站", "脚本站"])
async def test_a_shell_home_page_is_left_as_a_browser_does(
    server: SimServer, world: World, tmp_path: Path, name: str
) -> None:
    site = _site(world, name)
    snap = await _crawl(server, site, tmp_path / "s", pass_challenges=False)
    home = next(p for p in snap.pages() if p.url == site.home_url)
    real = site.home_url + "index.html"
    assert (home.final_url, home.redirects, home.error) == (real, [real], None)
    assert sum(1 for p in snap.pages() if p.final_url == real) == 1  # read once
    assert len(list(snap.pages())) > 20


async def test_a_probe_counts_a_challenge_as_limited(server: SimServer, world: World) -> None:
    limited = await probe_once(_site(world, "瑞数站").home_url, server.host_map, 5.0)
    assert (limited.ok, limited.status, limited.error) == (False, 412, ErrorClass.CHALLENGE)
    shell = await probe_once(_site(world, "刷新站").home_url, server.host_map, 5.0)
    assert (shell.ok, shell.error) == (True, None)


async def test_a_probe_reads_a_header_blocking_host_as_a_browser(server: SimServer, world: World) -> None:
    probe = await probe_once(_site(world, "头部站").home_url, server.host_map, 5.0)
    assert (probe.ok, probe.status, probe.error) == (True, 200, None)
    gone = await probe_once("http://ua.waf.gov.cn/moved/", server.host_map, 5.0)  # gone for everyone
    assert (gone.ok, gone.status, gone.error) == (False, 404, ErrorClass.HTTP_4XX)


async def test_a_redirect_that_hands_out_a_cookie_is_followed_round_once(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    site = _site(world, "会话站")
    snap = await _crawl(server, site, tmp_path / "s", pass_challenges=False, max_pages=30)
    assert [p.url for p in snap.pages() if p.error] == []
    probe = await probe_once(site.home_url, server.host_map, 5.0)
    assert (probe.ok, probe.error) == (True, None)


async def test_a_real_redirect_loop_stays_a_loop(server: SimServer, world: World) -> None:
    loop = Resp(302, (("Location", "/loop/"),))
    server.world.responses["sess.waf.gov.cn"]["/loop/"] = loop
    server.gates.pop("sess.waf.gov.cn")  # no cookie is ever set
    probe = await probe_once("http://sess.waf.gov.cn/loop/", server.host_map, 5.0)
    assert (probe.ok, probe.error) == (False, ErrorClass.REDIRECT_LOOP)
