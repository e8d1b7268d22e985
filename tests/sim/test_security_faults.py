"""The simulator's security-watch faults are found with evidence; the clean demo sites raise nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from govinspect import model as m
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.security import check_hidden_links, check_suspicious_links, lexicon_match, link_lexicon
from govinspect.crawl import LinkRecord, LinkSource, PageRecord
from govinspect.crawl.page import parse_page
from govinspect.extract import extract_page
from govinspect.rules import load_profile
from govinspect.sim import World, build_world, load_scenario
from govinspect.sim.scenario import Scenario
from govinspect.sim.types import Resp

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


AT = "2023-06-20T10:00:00+08:00"


def _open(world: World, url: str) -> tuple[str, Resp]:
    """Where a URL lands in the world and what it answers, redirects followed as the crawler would."""
    for _ in range(10):
        parts = urlsplit(url)
        resp = world.resolve(
            parts.hostname or "", (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        )
        assert resp is not None, url
        if resp.status not in (301, 302):
            return url, resp
        url = urljoin(url, dict(resp.headers)["Location"])
    raise AssertionError(url)


def _site_input(world: World, site: m.Site) -> SiteInput:
    """The home page as the crawl would hold it, with its off-site links checked against the world."""
    _, resp = _open(world, site.home_url)
    rec = PageRecord(url=site.home_url, final_url=site.home_url, status=200, fetched_at=AT, elapsed_ms=10,
                     size=len(resp.body), sha1=None, depth=0, referrer=None)  # fmt: skip
    facts = extract_page(site.home_url, resp.body, dict(resp.headers))
    host = urlsplit(site.home_url).hostname
    links = []
    for url, kind, anchor in parse_page(site.home_url, resp.body, {"content-type": "text/html"})[2]:
        if (
            kind == "a"
            and urlsplit(url).hostname not in (host, None)
            and world.resolve(urlsplit(url).hostname or "", "/")
        ):
            final, _ = _open(world, url)
            links.append(LinkRecord(url=url, kind=kind, internal=False, sources=[LinkSource(site.home_url, anchor)],
                                    status=200, final_url=final, error=None, checked_at=AT))  # fmt: skip
    return SiteInput(site=site, unit=None, checkpoint=m.checkpoint_at(world.scenario.checkpoint),
                     pages=[PageView(rec, facts)], links=links)  # fmt: skip


def _home_findings(world: World, site: m.Site) -> list[m.Finding]:
    inp = _site_input(world, site)
    profile = load_profile("national-2019")
    return check_hidden_links(inp, profile) + check_suspicious_links(inp, profile)


def _tampered(tmp_path: Path, kind: str) -> World:
    raw = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    raw["sites"][1]["faults"] = [*(raw["sites"][1].get("faults") or []), {"kind": kind}]
    path = tmp_path / "tampered.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return build_world(load_scenario(path))


def test_a_home_page_with_planted_hidden_links_is_found(tmp_path: Path) -> None:
    world = _tampered(tmp_path, "hidden_links")
    [planted] = [f for f in world.ground_truth if f.fault == "hidden_links"]
    assert planted.check == "security.hidden_link"
    site = next(s for s in world.registry().sites if s.code == planted.target)
    found = _home_findings(world, site)
    assert sorted(f.evidence.detail["link"] for f in found) == sorted(planted.detail["links"])
    assert all(f.evidence.detail["how"] == "移出屏幕" and "暗链" in f.message for f in found)


def test_a_partner_domain_registered_by_someone_else_is_found(tmp_path: Path) -> None:
    world = _tampered(tmp_path, "reregistered_link")
    [planted] = [f for f in world.ground_truth if f.fault == "reregistered_link"]
    assert planted.check == "security.suspicious_link"
    site = next(s for s in world.registry().sites if s.code == planted.target)
    [found] = _home_findings(world, site)
    assert (
        found.code == "security.suspicious_link" and found.evidence.detail["link"] == planted.detail["link"]
    )
    assert found.evidence.detail["final_url"] == planted.detail["lands_on"]
    assert "域名可能已被他人注册" in found.message


def test_the_clean_demo_sites_raise_nothing() -> None:
    scenario: Scenario = load_scenario(SCENARIOS / "demo-county.yaml")
    world = build_world(scenario)
    assert [f for s in world.registry().sites for f in _home_findings(world, s)] == []
    # no host the demo links to is blocked or reads as gambling/ads: its outbound links are not suspicious
    lex = link_lexicon()
    assert [h for h in world.hosts() if lexicon_match("", h) or h in lex.blocked] == []
