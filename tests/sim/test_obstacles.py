"""The simulator's obstacles over real HTTP: challenges that want their cookie, header blocks, shell home pages."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from govinspect.crawl.challenge import challenge_family
from govinspect.crawl.shells import browser_redirect
from govinspect.sim import World, build_world, parse_scenario
from govinspect.sim.faults import FAULT_CHECKS
from govinspect.sim.obstacles import COOKIE, REAL_HOME, clearance
from govinspect.sim.server import SimServer, start

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
units: [{name: 县政府办, kind: 县区}]
sites:
  - {name: 瑞数站, unit: 县政府办, host: rs.waf.gov.cn, faults: [{kind: waf_412, uses: 2}]}
  - {name: 加速乐站, unit: 县政府办, host: jsl.waf.gov.cn, faults: [{kind: waf_521}]}
  - {name: 云锁站, unit: 县政府办, host: ys.waf.gov.cn, faults: [{kind: waf_200}]}
  - {name: 过不去站, unit: 县政府办, host: no.waf.gov.cn, faults: [{kind: waf_unpassable}]}
  - {name: 头部站, unit: 县政府办, host: ua.waf.gov.cn, faults: [{kind: ua_block}]}
  - {name: 会话站, unit: 县政府办, host: sess.waf.gov.cn, faults: [{kind: cookie_redirect}]}
  - {name: 刷新站, unit: 县政府办, host: meta.waf.gov.cn, faults: [{kind: meta_refresh}]}
  - {name: 框架站, unit: 县政府办, host: frame.waf.gov.cn, faults: [{kind: frameset}]}
  - {name: 脚本站, unit: 县政府办, host: js.waf.gov.cn, faults: [{kind: script_redirect}]}
  - {name: 普通站, unit: 县政府办, host: plain.waf.gov.cn}
"""
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0", "Accept-Language": "zh-CN"}


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(parse_scenario(SCENARIO))


@pytest.fixture
async def server(world: World) -> AsyncIterator[SimServer]:
    s = await start(world)
    yield s
    await s.stop()


async def _get(
    server: SimServer, host: str, path: str = "/", cookies: dict[str, str] | None = None, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as c:
        hdrs = {"Host": host, **headers}
        if cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        async with c.get(server.url(host, path), headers=hdrs, allow_redirects=False) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, await r.read()


@pytest.mark.parametrize(
    ("host", "kind", "status", "family"),
    [
        ("rs.waf.gov.cn", "waf_412", 412, "ruishu"),
        ("jsl.waf.gov.cn", "waf_521", 521, "jiasule"),
        ("ys.waf.gov.cn", "waf_200", 200, "yunsuo"),
        ("no.waf.gov.cn", "waf_unpassable", 412, "http412"),
    ],
)
async def test_a_challenge_host_wants_its_cookie(
    server: SimServer, host: str, kind: str, status: int, family: str
) -> None:
    got, headers, body = await _get(server, host)
    assert got == status and challenge_family(got, headers, body) == family
    passed, headers, body = await _get(server, host, cookies={COOKIE[kind]: clearance(kind, host, 0)})
    assert passed == 200 and challenge_family(passed, headers, body) is None and b"SiteIDCode" in body
    wrong, _, _ = await _get(server, host, cookies={COOKIE[kind]: "0"})
    assert wrong == status


async def test_a_clearance_expires_after_its_uses(server: SimServer) -> None:
    host, cookie = "rs.waf.gov.cn", {COOKIE["waf_412"]: clearance("waf_412", "rs.waf.gov.cn", 0)}
    assert [(await _get(server, host, cookies=cookie))[0] for _ in range(3)] == [200, 200, 412]
    fresh = {COOKIE["waf_412"]: clearance("waf_412", host, 1)}
    assert (await _get(server, host, cookies=fresh))[0] == 200


async def test_a_header_blocking_host_lets_browsers_in(server: SimServer) -> None:
    assert (await _get(server, "ua.waf.gov.cn"))[0] == 403
    assert (await _get(server, "ua.waf.gov.cn", **{"User-Agent": BROWSER["User-Agent"]}))[0] == 403
    assert (await _get(server, "ua.waf.gov.cn", **BROWSER))[0] == 200
    assert (await _get(server, "plain.waf.gov.cn"))[0] == 200  # other hosts are open to anyone


async def test_a_cookie_redirect_host_sends_cookieless_requests_round(server: SimServer) -> None:
    status, headers, _ = await _get(server, "sess.waf.gov.cn", "/zwgk/?a=1")
    assert status == 302 and headers["location"] == "/zwgk/?a=1" and "JSESSIONID=" in headers["set-cookie"]
    cookie = headers["set-cookie"].split(";")[0].split("=", 1)
    assert (await _get(server, "sess.waf.gov.cn", cookies={cookie[0]: cookie[1]}))[0] == 200


@pytest.mark.parametrize("host", ["meta.waf.gov.cn", "frame.waf.gov.cn", "js.waf.gov.cn"])
async def test_a_shell_home_leads_to_the_real_one(server: SimServer, host: str) -> None:
    status, _, body = await _get(server, host)
    assert status == 200 and b"SiteIDCode" not in body
    assert browser_redirect(f"http://{host}/", body.decode()) == f"http://{host}{REAL_HOME}"
    status, _, real = await _get(server, host, REAL_HOME)
    assert status == 200 and b"SiteIDCode" in real


def test_every_obstacle_is_ground_truth_without_a_finding(world: World) -> None:
    planted = {f.fault: f for f in world.ground_truth if f.fault in FAULT_CHECKS and f.check is None}
    expected = {
        "waf_412",
        "waf_521",
        "waf_200",
        "waf_unpassable",
        "ua_block",
        "meta_refresh",
        "frameset",
        "script_redirect",
    }
    assert expected <= set(planted)
    assert planted["waf_412"].detail["uses"] == 2


def test_a_tls_fault_makes_the_site_https_with_its_finding() -> None:
    w = build_world(
        parse_scenario(
            SCENARIO.split("sites:")[0]
            + "sites:\n  - {name: 旧站, unit: 县政府办, host: old.gov.cn, faults: [{kind: tls_legacy}]}\n"
        )
    )
    assert w.sites[0].home_url == "https://old.gov.cn/" and w.tls_hosts == {"old.gov.cn": "tls_legacy"}
    assert [f.check for f in w.ground_truth if f.fault == "tls_legacy"] == ["tls.weak_protocol"]


def _one_site(kind: str) -> World:
    return build_world(
        parse_scenario(
            SCENARIO.split("sites:")[0]
            + f"sites:\n  - {{name: 旧站, unit: 县政府办, host: old.gov.cn, faults: [{{kind: {kind}}}]}}\n"
        )
    )


def test_a_weak_dh_server_is_https_with_its_finding() -> None:
    w = _one_site("tls_weak_dh")
    assert w.sites[0].home_url == "https://old.gov.cn/" and w.tls_hosts == {"old.gov.cn": "tls_weak_dh"}
    assert [f.check for f in w.ground_truth if f.fault == "tls_weak_dh"] == ["tls.weak_key_exchange"]


def test_a_scheme_loop_is_https_with_a_sound_certificate_and_no_finding() -> None:
    w = _one_site("scheme_loop")
    assert w.sites[0].home_url == "https://old.gov.cn/" and w.tls_hosts == {"old.gov.cn": None}
    assert [f.check for f in w.ground_truth if f.fault == "scheme_loop"] == [None]


@pytest.mark.parametrize("kind", ["keepalive_drop", "image_map", "ipv6_only"])
def test_a_legacy_server_stays_http_without_a_finding(kind: str) -> None:
    w = _one_site(kind)
    assert w.sites[0].home_url == "http://old.gov.cn/" and w.tls_hosts == {}
    assert [f.check for f in w.ground_truth if f.fault == kind] == [None]
    assert w.ipv6_hosts == ({"old.gov.cn"} if kind == "ipv6_only" else set())
