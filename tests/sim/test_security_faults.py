"""The simulator's security-watch faults are found with evidence; the clean demo sites raise nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from govinspect import model as m
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.security import check_hidden_links, lexicon_match, link_lexicon
from govinspect.crawl import PageRecord
from govinspect.extract import extract_page
from govinspect.rules import load_profile
from govinspect.sim import World, build_world, load_scenario
from govinspect.sim.scenario import Scenario

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _home_findings(world: World, site: m.Site) -> list[m.Finding]:
    parts = urlsplit(site.home_url)
    resp = world.resolve(parts.hostname or "", parts.path or "/")
    assert resp is not None
    while resp.status in (301, 302):  # a redirect-chain fault: follow it as the crawler would
        resp = world.resolve(parts.hostname or "", dict(resp.headers)["Location"])
        assert resp is not None
    rec = PageRecord(url=site.home_url, final_url=site.home_url, status=200, fetched_at="2023-06-20T10:00:00+08:00",
                     elapsed_ms=10, size=len(resp.body), sha1=None, depth=0, referrer=None)  # fmt: skip
    facts = extract_page(site.home_url, resp.body, dict(resp.headers))
    inp = SiteInput(site=site, unit=None, checkpoint=m.checkpoint_at(world.scenario.checkpoint),
                    pages=[PageView(rec, facts)])  # fmt: skip
    return check_hidden_links(inp, load_profile("national-2019"))


def test_a_home_page_with_planted_hidden_links_is_found(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA / "small.yaml").read_text(encoding="utf-8"))
    raw["sites"][1]["faults"] = [*(raw["sites"][1].get("faults") or []), {"kind": "hidden_links"}]
    path = tmp_path / "tampered.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    world = build_world(load_scenario(path))
    [planted] = [f for f in world.ground_truth if f.fault == "hidden_links"]
    assert planted.check == "security.hidden_link"
    site = next(s for s in world.registry().sites if s.code == planted.target)
    found = _home_findings(world, site)
    assert sorted(f.evidence.detail["link"] for f in found) == sorted(planted.detail["links"])
    assert all(f.evidence.detail["how"] == "移出屏幕" and "暗链" in f.message for f in found)


def test_the_clean_demo_sites_raise_nothing() -> None:
    scenario: Scenario = load_scenario(SCENARIOS / "demo-county.yaml")
    world = build_world(scenario)
    assert [f for s in world.registry().sites for f in _home_findings(world, s)] == []
    # no host the demo links to is blocked or reads as gambling/ads: its outbound links are not suspicious
    lex = link_lexicon()
    assert [h for h in world.hosts() if lexicon_match("", h) or h in lex.blocked] == []
