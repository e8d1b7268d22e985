"""World generation: determinism, ground truth, registry, expected verdicts, shipped scenarios."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from govinspect.model import TargetKind, Verdict
from govinspect.sim import Resp, ScenarioError, World, build_world, load_scenario, parse_scenario

DATA = Path(__file__).parent / "data"
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_two_generations_are_identical() -> None:
    a = build_world(load_scenario(DATA / "small.yaml"))
    b = build_world(load_scenario(DATA / "small.yaml"))
    assert a.fingerprint() == b.fingerprint()
    assert a.responses.keys() == b.responses.keys()
    for host in a.responses:
        assert {p: r.body for p, r in a.responses[host].items()} == {
            p: r.body for p, r in b.responses[host].items()
        }


def test_another_seed_gives_another_world() -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8")
    a = build_world(parse_scenario(text))
    b = build_world(parse_scenario(text.replace("seed: 7", "seed: 8")))
    assert a.fingerprint() != b.fingerprint()


def test_ground_truth_names_every_planted_fault(small_world: World) -> None:
    checks = {f.check for f in small_world.ground_truth}
    for code in (
        "link.dead",
        "link.dead_external",
        "link.broken_image",
        "link.wrong_service",
        "content.serious_error",
        "content.outdated_name",
        "content.sensitive_word",
        "privacy.id_number",
        "privacy.mobile",
        "interaction.no_channel",
        "interaction.unanswered",
        "interaction.late_reply",
        "interaction.no_stats",
        "identity.meta_missing",
        "identity.site_code_missing",
        "identity.icp_missing",
        "identity.zhaocuo_missing",
        "column.stale",
        "column.blank",
        "availability.unreachable",
        "media.not_updated",
        "media.low_frequency",
        "media.broken_menu",
        "media.outdated_entity",
        "media.content_error",
    ):
        assert code in checks, code


CONTENT_CHECKS = (
    "content.serious_error",
    "content.outdated_name",
    "content.sensitive_word",
    "privacy.id_number",
    "privacy.mobile",
)


def test_planted_content_is_on_the_page(small_world: World) -> None:
    seen = set()
    for f in small_world.ground_truth:
        if f.check in CONTENT_CHECKS:
            seen.add(f.check)
            host, path = f.detail["url"].split("://", 1)[1].split("/", 1)
            site = next(s for s in small_world.scenario.sites if s.host == host)
            enc = "gbk" if site.encoding != "utf-8" else "utf-8"
            r = small_world.resolve(host, "/" + path)
            assert r is not None and f.detail["text"] in r.body.decode(enc)
    assert seen == set(CONTENT_CHECKS)


def test_planted_content_is_in_the_project_lexicon(small_world: World) -> None:
    """Each planted text is what the checks' lexicon reports, under the same code, at the article's date."""
    from govinspect.checks.lexicon import scan_text

    for f in small_world.ground_truth:
        if f.check in CONTENT_CHECKS:
            host, path = f.detail["url"].split("://", 1)[1].split("/", 1)
            site = next(s for s in small_world.scenario.sites if s.host == host)
            r = small_world.resolve(host, "/" + path)
            assert r is not None
            text = r.body.decode("utf-8" if site.encoding == "utf-8" else "gbk")
            para = next(p for p in text.split("<p>") if f.detail["text"] in p)
            hits = scan_text(para, dt.date.fromisoformat(f.detail["date"]))
            assert f.check in {h.code for h in hits}, (f.check, para)


def test_stale_column_newest_date_is_the_newest_listed(small_world: World) -> None:
    stale = [f for f in small_world.ground_truth if f.check == "column.stale" and f.target == "4113990002"]
    assert [f.detail["newest"] for f in stale] == ["2023-05-11"]


def test_healthy_site_has_no_faults(small_world: World) -> None:
    # the portal has only the faults listed for it
    faults = {f.fault for f in small_world.faults_of("4113990001")}
    assert faults == {"dead_link", "dead_external", "serious_error", "id_number", "unanswered"}


def test_registry_points_at_simulator(small_world: World) -> None:
    reg = small_world.registry()
    assert reg.jurisdiction == "测试县" and len(reg.sites) == 3 and len(reg.accounts) == 4
    acc = next(a for a in reg.accounts if a.name == "测试民政")
    assert acc.feed_url == f"http://rsshub.sim.local/weibo/user/{acc.account_id}"
    assert acc.certified_entity == "测试县民政局"
    assert all(c.url.startswith(s.home_url) for s in reg.sites for c in s.columns)
    unit = next(u for u in reg.units if u.name == "县民政局")
    assert unit.former_names[0].name == "县民政事业局"


def test_expected_verdicts(small_world: World) -> None:
    ex = {e.name: e for e in small_world.expected}
    assert ex["测试县民政局"].verdict is Verdict.FAIL
    assert ex["测试县人民政府"].verdict is Verdict.PASS
    assert ex["测试民政"].target_kind is TargetKind.ACCOUNT and ex["测试民政"].verdict is Verdict.FAIL


def test_wrong_totals_are_rejected() -> None:
    text = (DATA / "small.yaml").read_text(encoding="utf-8").replace("sites_pass: 1", "sites_pass: 2")
    with pytest.raises(ScenarioError, match="sites_pass"):
        build_world(parse_scenario(text))


SHIPPED = sorted(p for p in SCENARIOS.glob("*.yaml") if not p.name.startswith("bench"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_build(path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(load_scenario(path))
    assert world.sites and world.accounts
    assert len({s.code for s in world.sites}) == len(world.sites)


def test_documented_example_builds() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    block = doc.split("## 完整示例", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    world = build_world(parse_scenario(block, "docs/scenarios.md"))
    stale = [f for f in world.ground_truth if f.check == "column.stale"]
    assert [(f.target_name, f.detail["newest"]) for f in stale] == [("测试县民政局", "2023-05-11")]
    assert any(f.check == "media.not_updated" and f.detail["days"] == 14 for f in world.ground_truth)


HREF = re.compile(r"""(?:href|src|data-src)="([^"]+)\"""")
DEAD_CHECKS = (
    "link.dead",
    "link.dead_external",
    "link.broken_image",
    "media.broken_menu",
    "link.broken_entry",
)


def dangling_links(world: World) -> set[str]:
    """Links on any page that lead nowhere and are not planted faults."""
    planted = {f.detail["url"] for f in world.ground_truth if f.check in DEAD_CHECKS}
    bad = set()
    encodings = {s.host: ("utf-8" if s.encoding == "utf-8" else "gbk") for s in world.scenario.sites}
    for host, pages in world.responses.items():
        if host in world.hostile_hosts:
            continue
        for path, resp in pages.items():
            ctype = resp.header("Content-Type") or ""
            if resp.status != 200 or not ctype.startswith("text/html"):
                continue
            for link in HREF.findall(resp.body.decode(encodings.get(host, "utf-8"))):
                if "'" in link:
                    continue
                target = urljoin(f"http://{host}{path}", link.replace("&amp;", "&"))
                parts = urlsplit(target)
                r = world.resolve(
                    parts.hostname or "", parts.path + (f"?{parts.query}" if parts.query else "")
                )
                if (r is None or r.status >= 400) and target not in planted:
                    bad.add(f"{host}{path} → {target}")
    return bad


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_scenarios_have_no_unplanted_dead_links(path) -> None:  # type: ignore[no-untyped-def]
    world = build_world(load_scenario(path))
    assert sorted(dangling_links(world))[:5] == []


def test_dangling_link_detector_catches_one(small_world: World) -> None:
    host = "www.ceshi.gov.cn"
    page = small_world.responses[host]["/"]
    broken = Resp(
        page.status, page.headers, page.body.replace(b"</body>", b'<a href="/nowhere.html">x</a></body>')
    )
    small_world.responses[host]["/"] = broken
    try:
        assert dangling_links(small_world) == {f"{host}/ → http://{host}/nowhere.html"}
    finally:
        small_world.responses[host]["/"] = page


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_healthy_pages_have_no_lexicon_hits(path) -> None:  # type: ignore[no-untyped-def]
    """Only pages with a planted content fault may trip the project's lexicon."""
    from govinspect.checks.lexicon import scan_text

    world = build_world(load_scenario(path))
    planted = {
        f.detail.get("url")
        for f in world.ground_truth
        if f.check and f.check.split(".")[0] in ("content", "privacy", "media")
    }
    enc = {s.host: ("utf-8" if s.encoding == "utf-8" else "gbk") for s in world.scenario.sites}
    feed_of = {a.key: a.feed_url for a in world.accounts}
    planted |= {feed_of[f.target] for f in world.ground_truth if f.check == "media.content_error"}
    bad = []
    for host, pages in world.responses.items():
        for p, r in pages.items():
            ctype = r.header("Content-Type") or ""
            url = f"http://{host}{p}"
            if r.status != 200 or "image" in ctype or "pdf" in ctype or url.split("?")[0] in planted:
                continue
            text = re.sub(r"<[^>]+>", " ", r.body.decode(enc.get(host, "utf-8"), "replace"))
            bad += [f"{url}: {h.code} {h.matched}" for h in scan_text(text, world.scenario.checkpoint)]
    assert bad == []


def test_identical_across_processes() -> None:
    """Same scenario → same bytes, whatever the interpreter's hash seed."""
    import os
    import subprocess
    import sys

    code = (
        "from govinspect.sim import build_world, load_scenario;"
        f"print(build_world(load_scenario({str(DATA / 'small.yaml')!r})).fingerprint())"
    )
    prints = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(prints) == 1 and len(prints.pop()) == 64
