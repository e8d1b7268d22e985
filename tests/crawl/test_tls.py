"""TLS as it is found, over real TLS on loopback: each broken server is read and its problem reported."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.fetch import Politeness
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.records import ErrorClass
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.tls import finite_field_dhe, issuer_pem, name_matches
from govinspect.sim.scenario import parse_scenario
from govinspect.sim.server import SimServer, start
from govinspect.sim.tls import Pki
from govinspect.sim.world import build_world

SCENARIO = """
jurisdiction: 测试县
checkpoint: 2023-06-20
units: [{name: 县政府办, kind: 县区}]
sites:
  - {name: 证书正常站, unit: 县政府办, host: ok.tls.gov.cn, columns: [{name: 工作动态, category: 动态要闻}], default_columns: false}
  - {name: 证书过期站, unit: 县政府办, host: expired.tls.gov.cn, faults: [{kind: tls_expired}]}
  - {name: 域名不符站, unit: 县政府办, host: mismatch.tls.gov.cn, faults: [{kind: tls_mismatch}]}
  - {name: 证书链不全站, unit: 县政府办, host: chain.tls.gov.cn, faults: [{kind: tls_incomplete_chain}]}
  - {name: 旧协议站, unit: 县政府办, host: legacy.tls.gov.cn, faults: [{kind: tls_legacy}]}
  - {name: 弱参数站, unit: 县政府办, host: dh.tls.gov.cn, faults: [{kind: tls_weak_dh}]}
"""


@pytest.fixture
async def server() -> AsyncIterator[SimServer]:
    world = build_world(parse_scenario(SCENARIO))
    world.tls_hosts["ok.tls.gov.cn"] = None  # a sound https host beside the broken ones
    s = await start(world)
    yield s
    await s.stop()


async def _get(server: SimServer, url: str) -> tuple[int | None, str | None, dict[str, str] | None]:
    hosts = HostMap(server.host_map)
    settings = CrawlSettings(ca_file=server.ca_file, retries=0, per_host_rate=None)
    async with make_session(hosts, settings.user_agent) as session:
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), None)
        res = await fetcher.fetch(url)
        return res.status, res.error, fetcher.tls.report(url.split("/")[2])


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("expired.tls.gov.cn", "cert_expired"),
        ("mismatch.tls.gov.cn", "cert_mismatch"),
        ("chain.tls.gov.cn", "chain_incomplete"),
        ("legacy.tls.gov.cn", "weak_protocol"),
        ("dh.tls.gov.cn", "weak_key_exchange"),
    ],
)
async def test_a_broken_server_is_read_and_its_problem_reported(
    server: SimServer, host: str, problem: str
) -> None:
    status, error, report = await _get(server, f"https://{host}/")
    assert (status, error) == (200, None)
    assert report is not None and report["problems"].split(",") == [problem]


async def test_a_sound_server_needs_no_report(server: SimServer) -> None:
    assert await _get(server, "https://ok.tls.gov.cn/") == (200, None, None)


async def test_the_chain_is_completed_from_the_aia_url_once(server: SimServer) -> None:
    hosts = HostMap(server.host_map)
    settings = CrawlSettings(ca_file=server.ca_file, retries=0, per_host_rate=None)
    async with make_session(hosts, settings.user_agent) as session:
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), None)
        for path in ("/", "/robots.txt", "/css/style.css"):
            assert (await fetcher.fetch(f"https://chain.tls.gov.cn{path}")).error is None
        report = fetcher.tls.report("chain.tls.gov.cn")
    aia = [p for h, p, *_ in server.access_log if h == "pki.sim.local"]
    assert aia == ["/ca/intermediate.der"]
    assert report is not None and report["aia"] == "http://pki.sim.local/ca/intermediate.der"


async def test_without_the_issuer_the_chain_is_untrusted_but_read(server: SimServer) -> None:
    server.extra.clear()  # the AIA URL answers 404
    status, error, report = await _get(server, "https://chain.tls.gov.cn/")
    assert (status, error) == (200, None)
    assert report is not None and report["problems"] == "cert_untrusted"


async def test_a_plain_fetcher_still_fails_on_tls(server: SimServer) -> None:
    from govinspect.crawl.fetch import Fetcher

    hosts = HostMap(server.host_map)
    settings = CrawlSettings(retries=0)
    async with make_session(hosts, settings.user_agent) as session:
        res = await Fetcher(session, settings, hosts, Politeness(settings, set())).fetch(
            "https://expired.tls.gov.cn/"
        )
    assert res.error == ErrorClass.TLS


async def test_a_host_nobody_can_talk_tls_to_stays_a_failure(server: SimServer) -> None:
    # the plain-HTTP port answers no TLS at all (like a server only SM2 国密 clients reach)
    hosts = HostMap({"gm.tls.gov.cn": f"127.0.0.1:{server.port}"})
    settings = CrawlSettings(retries=0)
    async with make_session(hosts, settings.user_agent) as session:
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), None)
        res = await fetcher.fetch("https://gm.tls.gov.cn/")
        assert res.error == ErrorClass.TLS and fetcher.tls.report("gm.tls.gov.cn") is None


@pytest.mark.parametrize(
    ("host", "names", "ok"),
    [
        ("www.x.gov.cn", ["www.x.gov.cn"], True),
        ("WWW.X.gov.cn.", ["www.x.gov.cn"], True),
        ("slj.x.gov.cn", ["*.x.gov.cn"], True),
        ("a.slj.x.gov.cn", ["*.x.gov.cn"], False),
        ("x.gov.cn", ["*.x.gov.cn"], False),
        ("www.y.gov.cn", ["www.x.gov.cn", "x.gov.cn"], False),
    ],
)
def test_certificate_names(host: str, names: list[str], ok: bool) -> None:
    assert name_matches(host, names) is ok


def test_an_issuer_is_read_as_der_or_pem_and_junk_is_refused() -> None:
    pki = Pki.create()
    pem = issuer_pem(pki.intermediate_der())
    assert pem is not None and pem.startswith("-----BEGIN CERTIFICATE-----")
    assert issuer_pem(pem.encode()) == pem
    assert issuer_pem(b"<html>404</html>") is None


def test_only_finite_field_dhe_is_a_dh_key_exchange() -> None:
    assert finite_field_dhe("DHE-RSA-AES128-GCM-SHA256") and finite_field_dhe("EDH-RSA-DES-CBC3-SHA")
    assert not finite_field_dhe("ECDHE-ECDSA-AES128-GCM-SHA256")
    assert not finite_field_dhe("TLS_AES_256_GCM_SHA384")


async def test_a_weak_dh_server_is_read_with_its_cipher_reported(server: SimServer) -> None:
    _, _, report = await _get(server, "https://dh.tls.gov.cn/")
    assert report is not None and report["cipher"].startswith("DHE-") and report["protocol"] == "TLSv1.2"
