"""Legacy servers over real HTTP: scheme loops, dropped keep-alive, peak-hour slowness, image-map home pages."""

from __future__ import annotations

import asyncio
import re
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.crawler import crawl_site
from govinspect.crawl.fetch import AllHosts, Fetcher, Politeness
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.records import ErrorClass
from govinspect.crawl.render import resolver_rules
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.snapshot import Snapshot
from govinspect.extract.links import outlinks
from govinspect.model import Site
from govinspect.sim import World, build_world, parse_scenario
from govinspect.sim.obstacles import image_map_home
from govinspect.sim.server import SimServer, start

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
units: [{name: 县政府办, kind: 县区}]
sites:
  - {name: 来回跳站, unit: 县政府办, host: loop.old.gov.cn, faults: [{kind: scheme_loop}]}
  - {name: 断连接站, unit: 县政府办, host: drop.old.gov.cn, faults: [{kind: keepalive_drop}]}
  - {name: 高峰慢站, unit: 县政府办, host: slow.old.gov.cn, faults: [{kind: slow, delay: 1}]}
  - {name: 热区站, unit: 县政府办, host: map.old.gov.cn, faults: [{kind: image_map}]}
"""


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


def _settings(server: SimServer, **overrides: object) -> CrawlSettings:
    base = CrawlSettings(
        per_host_rate=None, external_rate=None, retries=0, link_check_external=False, ca_file=server.ca_file
    )
    return base.for_site(dict(overrides))


async def _crawl(server: SimServer, site: Site, out: Path, **overrides: object) -> Snapshot:
    shutil.rmtree(out, ignore_errors=True)
    await crawl_site(site, out, _settings(server, **overrides), server.host_map)
    return Snapshot(out)


async def _fetch(
    server: SimServer, url: str, cookies: bool = True, **overrides: object
) -> tuple[int | None, str | None]:
    hosts = HostMap(server.host_map)
    settings = _settings(server, **overrides)
    async with make_session(hosts, settings.user_agent, cookies=cookies) as session:
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), None)
        res = await fetcher.fetch(url)
        return res.status, res.error


async def test_https_to_http_and_back_is_passed_with_the_cookie(server: SimServer, world: World) -> None:
    home = _site(world, "来回跳站").home_url
    assert home.startswith("https://")
    assert await _fetch(server, home) == (200, None)


async def test_a_scheme_loop_without_the_cookie_stays_a_loop(server: SimServer, world: World) -> None:
    status, error = await _fetch(server, _site(world, "来回跳站").home_url, cookies=False)
    assert (status, error) == (302, ErrorClass.REDIRECT_LOOP)


async def test_a_site_behind_a_scheme_loop_is_read_in_full(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    snap = await _crawl(server, _site(world, "来回跳站"), tmp_path / "loop")
    assert [p.url for p in snap.pages() if p.error] == []
    assert len(list(snap.pages())) > 20


async def test_a_dropped_keep_alive_is_retried_on_a_fresh_connection(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    snap = await _crawl(server, _site(world, "断连接站"), tmp_path / "drop")
    assert server.gates["drop.old.gov.cn"].dropped > 0  # connections were dropped on reuse
    assert [p.url for p in snap.pages() if p.error] == []
    assert len(list(snap.pages())) > 20


async def test_every_idle_connection_the_server_dropped_is_met_once_then_a_fresh_one(
    server: SimServer, world: World
) -> None:
    """Four connections kept alive in the pool, all dropped by the server: the next fetch, with no
    retries allowed, meets each once and is answered on a fresh connection."""
    home = _site(world, "断连接站").home_url
    hosts = HostMap(server.host_map)
    settings = _settings(server, per_host_concurrency=4)
    async with make_session(hosts, settings.user_agent) as session:
        fetcher = Fetcher(session, settings, hosts, Politeness(settings, AllHosts()))
        pooled = await asyncio.gather(*(fetcher.fetch(home) for _ in range(4)))
        gate = server.gates["drop.old.gov.cn"]
        dropped = gate.dropped
        again = await fetcher.fetch(home)
    assert [r.error for r in pooled] == [None] * 4
    assert again.error is None and again.status == 200
    assert gate.dropped - dropped >= 2  # more than the one stale connection aiohttp's own resend passes


async def test_a_server_that_never_answers_is_still_a_failure(server: SimServer) -> None:
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        writer.close()

    listener = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        hosts = HostMap({"gone.old.gov.cn": f"127.0.0.1:{port}"})
        settings = _settings(server)
        async with make_session(hosts, settings.user_agent) as session:
            fetcher = Fetcher(session, settings, hosts, Politeness(settings, set()))
            res = await fetcher.fetch("http://gone.old.gov.cn/")
        assert res.status is None and res.error == ErrorClass.OTHER
    finally:
        listener.close()
        await listener.wait_closed()


async def test_a_slow_answer_within_the_read_timeout_is_read(server: SimServer, world: World) -> None:
    home = _site(world, "高峰慢站").home_url
    assert await _fetch(server, home, read_timeout=2.5) == (200, None)


async def test_a_slow_answer_past_the_read_timeout_is_a_timeout(server: SimServer, world: World) -> None:
    home = _site(world, "高峰慢站").home_url
    assert await _fetch(server, home, read_timeout=0.4) == (None, ErrorClass.TIMEOUT)


def test_the_default_read_timeout_waits_out_a_30_second_peak_answer() -> None:
    assert CrawlSettings().read_timeout > 30 and CrawlSettings().total_timeout > CrawlSettings().read_timeout


async def test_an_image_map_home_page_leads_to_every_column(
    server: SimServer, world: World, tmp_path: Path
) -> None:
    site = _site(world, "热区站")
    snap = await _crawl(server, site, tmp_path / "map")
    home = world.resolve("map.old.gov.cn", "/")
    assert home is not None
    html = home.body.decode()
    assert "<area" in html and '<a href="/' not in html.split("<body>", 1)[1].split('class="footer"')[0]
    columns = {u for u in re.findall(r'<area [^>]*href="([^"]+)"', html) if u.startswith("/")}
    assert len(columns) > 5
    read = {p.final_url for p in snap.pages() if p.error is None}
    assert {f"http://map.old.gov.cn{u}" for u in columns} <= read


def test_an_area_without_href_is_no_link() -> None:
    html = image_map_home([("工作动态", "/gzdt/"), ("通知公告", "/tzgg/")])
    links = [link.url for link in outlinks("http://x.gov.cn/", f"<html><body>{html}</body></html>")]
    assert [u for u in links if u.endswith("/")] == ["http://x.gov.cn/gzdt/", "http://x.gov.cn/tzgg/"]


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


needs_ipv6 = pytest.mark.skipif(not _has_ipv6(), reason="本机没有 IPv6 回环地址（::1）")
IPV6_SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
units: [{name: 县政府办, kind: 县区}]
sites:
  - {name: 只有六站, unit: 县政府办, host: v6.old.gov.cn, faults: [{kind: ipv6_only}]}
  - {name: 只有四站, unit: 县政府办, host: v4.old.gov.cn}
"""


@pytest.fixture
async def v6_server() -> AsyncIterator[SimServer]:
    s = await start(build_world(parse_scenario(IPV6_SCENARIO)))
    yield s
    await s.stop()


async def _status(host_map: dict[str, str], url: str) -> tuple[int | None, str | None]:
    hosts = HostMap(host_map)
    settings = CrawlSettings(retries=0, per_host_rate=None)
    async with make_session(hosts, settings.user_agent) as session:
        res = await Fetcher(session, settings, hosts, Politeness(settings, set())).fetch(url)
        return res.status, res.error


@needs_ipv6
async def test_an_ipv6_only_site_is_read_in_full(v6_server: SimServer, tmp_path: Path) -> None:
    assert v6_server.host_map["v6.old.gov.cn"].startswith("[::1]:")
    site = next(s for s in v6_server.world.sites if s.name == "只有六站")
    snap = await _crawl(v6_server, site, tmp_path / "v6")
    assert [p.url for p in snap.pages() if p.error] == []
    assert len(list(snap.pages())) > 20


@needs_ipv6
async def test_the_address_family_that_answers_is_used(v6_server: SimServer) -> None:
    v6, v4 = v6_server.v6_port, v6_server.port
    both_for_v6 = {"v6.old.gov.cn": f"127.0.0.1:{v6},[::1]:{v6}"}  # an A record nobody answers on
    both_for_v4 = {"v4.old.gov.cn": f"[::1]:{v4},127.0.0.1:{v4}"}  # an AAAA record nobody answers on
    assert await _status(both_for_v6, "http://v6.old.gov.cn/") == (200, None)
    assert await _status(both_for_v4, "http://v4.old.gov.cn/") == (200, None)


@needs_ipv6
async def test_only_the_missing_family_is_a_refusal(v6_server: SimServer) -> None:
    v6, v4 = v6_server.v6_port, v6_server.port
    assert await _status({"v6.old.gov.cn": f"127.0.0.1:{v6}"}, "http://v6.old.gov.cn/") == (
        None,
        ErrorClass.REFUSED,
    )
    assert await _status({"v4.old.gov.cn": f"[::1]:{v4}"}, "http://v4.old.gov.cn/") == (
        None,
        ErrorClass.REFUSED,
    )


def test_a_host_map_reads_ipv6_targets() -> None:
    hosts = HostMap({"a.gov.cn": "[::1]:8080,127.0.0.1", "b.gov.cn": "::1"})
    assert hosts.targets("a.gov.cn", 80) == [("::1", 8080), ("127.0.0.1", 80)]
    assert hosts.target("b.gov.cn", 443) == ("::1", 443)
    assert hosts.targets("c.gov.cn", 80) == []


def test_chromium_gets_port_rules_first_and_one_address_per_host() -> None:
    rules = resolver_rules(
        {"a.gov.cn": "127.0.0.1:1", "a.gov.cn:443": "127.0.0.1:2", "b.gov.cn": "127.0.0.1:3,[::1]:3"}
    )
    assert rules == [
        "--host-resolver-rules=MAP a.gov.cn:443 127.0.0.1:2, MAP a.gov.cn 127.0.0.1:1, "
        "MAP b.gov.cn 127.0.0.1:3, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    ]
