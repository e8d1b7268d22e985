"""Serving over real HTTP on loopback: every page of every site, link integrity, hostile behaviours."""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import zlib
from collections.abc import AsyncIterator
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from govinspect.sim import World
from govinspect.sim.server import SimServer, start

HREF = re.compile(r"""(?:href|src|data-src)="([^"]+)\"""")


@pytest.fixture
async def server(small_world: World) -> AsyncIterator[SimServer]:
    s = await start(small_world)
    yield s
    await s.stop()


async def get(
    session: aiohttp.ClientSession, srv: SimServer, host: str, path: str
) -> tuple[int, bytes, dict[str, str]]:
    async with session.get(
        srv.url(host, path), headers={"Host": host}, allow_redirects=False, auto_decompress=False
    ) as r:
        return r.status, await r.read(), dict(r.headers)


async def test_host_map_covers_every_host(server: SimServer, small_world: World) -> None:
    assert set(server.host_map) == set(small_world.responses)
    assert set(server.host_map.values()) == {f"127.0.0.1:{server.port}"}


async def test_every_page_of_every_site_over_http(server: SimServer, small_world: World) -> None:
    planted_dead = {
        f.detail["url"]
        for f in small_world.ground_truth
        if f.check in ("link.dead", "link.dead_external", "link.broken_image", "media.broken_menu")
    }
    seen_dead: set[str] = set()
    fetched = 0
    async with aiohttp.ClientSession() as session:
        for host, pages in small_world.responses.items():
            if host in small_world.hostile_hosts:
                continue
            for path, resp in pages.items():
                if resp.behaviour is not None:
                    continue
                status, body, headers = await get(session, server, host, path)
                fetched += 1
                assert status == resp.status, (host, path)
                assert body == resp.body, (host, path)
                ctype = headers.get("Content-Type", "")
                if status != 200 or not (ctype.startswith("text/html") or "json" in ctype):
                    continue
                text = body.decode("gbk" if b"gb2312" in body[:300] or "GBK" in ctype else "utf-8")
                links = (
                    [it["url"] for it in json.loads(text)["items"]] if "json" in ctype else HREF.findall(text)
                )
                for link in links:
                    if "'" in link:  # a URL assembled inside a script
                        continue
                    target = urljoin(f"http://{host}{path}", link.replace("&amp;", "&"))
                    parts = urlsplit(target)
                    assert parts.hostname in small_world.responses, (
                        f"{host}{path} 链接到未模拟的主机 {target}"
                    )
                    pq = parts.path + (f"?{parts.query}" if parts.query else "")
                    r = small_world.resolve(parts.hostname or "", pq)
                    if r is None or r.status == 404:
                        assert target in planted_dead, f"{host}{path} 有未登记的死链 {target}"
                        seen_dead.add(target)
    assert fetched > 300
    site_dead = {u for u in planted_dead if "rsshub" not in u}
    assert site_dead <= seen_dead, site_dead - seen_dead


async def test_intermittent_homepage_fails_at_ratio(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        statuses = [
            (await get(session, server, "chengguan.ceshi.gov.cn", "/index.html"))[0] for _ in range(10)
        ]
    assert statuses.count(503) == 5 and statuses.count(200) == 5


async def test_redirect_chain_to_homepage(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        hops = []
        path = "/"
        for _ in range(5):
            status, _, headers = await get(session, server, "chengguan.ceshi.gov.cn", path)
            if status != 302:
                break
            path = headers["Location"]
            hops.append(path)
    assert hops == ["/r/1.html", "/r/2.html", "/index.html"]


async def test_unknown_path_is_404_and_logged(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        status, body, _ = await get(session, server, "www.ceshi.gov.cn", "/nope.html")
    assert status == 404 and "页面不存在" in body.decode()
    assert server.access_log[-1][:2] == ("www.ceshi.gov.cn", "/nope.html")
    assert server.access_log[-1][4] == 404 and server.access_log[-1][3] >= server.access_log[-1][2]


async def test_gbk_site_declares_charset(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        _, body, headers = await get(session, server, "mzj.ceshi.gov.cn", "/")
        _, body2, headers2 = await get(session, server, "chengguan.ceshi.gov.cn", "/xzdt/index.html")
    assert headers["Content-Type"] == "text/html; charset=GBK" and "测试县民政局" in body.decode("gbk")
    assert "charset" not in headers2["Content-Type"] and b'<meta charset="gb2312">' in body2
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


H = "hostile.sim.local"


async def test_hostile_redirect_loop(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        seen = []
        path = "/redirect_loop/"
        for _ in range(4):
            status, _, headers = await get(session, server, H, path)
            assert status == 302
            path = headers["Location"]
            seen.append(path)
    assert seen[-1] == seen[0] or len(set(seen)) < len(seen) or seen[2] == "/redirect_loop/"


async def test_hostile_status_pages(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        assert (await get(session, server, H, "/status_404/"))[0] == 404
        assert (await get(session, server, H, "/status_500/"))[0] == 500
        status, body, _ = await get(session, server, H, "/soft_404/")
    assert status == 200 and "页面不存在" in body.decode()


async def test_hostile_bad_bytes(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        _, gz, headers = await get(session, server, H, "/broken_gzip/")
        _, raw, _ = await get(session, server, H, "/undecodable/")
        _, gbk, h2 = await get(session, server, H, "/gbk_header/")
    assert headers["Content-Encoding"] == "gzip"
    with pytest.raises((OSError, EOFError, zlib.error)):
        gzip.decompress(gz)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "GBK" in h2["Content-Type"] and "政务公开" in gbk.decode("gbk")


async def test_hostile_endless_calendar(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        path = "/endless_calendar/"
        for _ in range(30):
            status, body, _ = await get(session, server, H, path)
            assert status == 200
            path = re.findall(r'href="([^"]+)">后一天', body.decode())[0]
    assert path == "/endless_calendar/?date=2023-07-20"


async def test_hostile_huge_body_and_slow_drip(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        _, body, _ = await get(session, server, H, "/huge_body/")
        assert len(body) >= 2 * 1024 * 1024
        chunks = 0
        async with session.get(server.url(H, "/slow_drip/"), headers={"Host": H}) as r:
            async for _ in r.content.iter_any():
                chunks += 1
    assert chunks >= 5


async def test_hostile_intermittent_sequence_is_deterministic(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        statuses = [(await get(session, server, H, "/intermittent/"))[0] for _ in range(6)]
    assert statuses == [200, 503, 200, 503, 200, 503]


async def test_slow_response_is_delayed(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        await get(session, server, H, "/slow/")
    host, path, start_ts, end_ts, status = server.access_log[-1]
    assert (host, path, status) == (H, "/slow/", 200)
    assert end_ts - start_ts >= 0.2


def test_start_refuses_non_loopback(small_world: World) -> None:
    with pytest.raises(ValueError, match="回环"):
        asyncio.run(start(small_world, host="0.0.0.0"))


async def test_head_requests(server: SimServer) -> None:
    async with aiohttp.ClientSession() as session:
        for path in ("/huge_body/", "/slow_drip/", "/soft_404/"):
            async with session.head(server.url(H, path), headers={"Host": H}) as r:
                assert r.status == 200 and await r.read() == b""
