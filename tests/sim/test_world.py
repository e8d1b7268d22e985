"""World generation: determinism, ground truth, registry, expected verdicts, shipped scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from govinspect.model import TargetKind, Verdict
from govinspect.sim import ScenarioError, World, build_world, load_scenario, parse_scenario

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


def test_planted_content_is_on_the_page(small_world: World) -> None:
    for f in small_world.ground_truth:
        if f.check in (
            "content.serious_error",
            "privacy.id_number",
            "privacy.mobile",
            "content.outdated_name",
        ):
            host, path = f.detail["url"].split("://", 1)[1].split("/", 1)
            site = next(s for s in small_world.scenario.sites if s.host == host)
            enc = "gbk" if site.encoding != "utf-8" else "utf-8"
            r = small_world.resolve(host, "/" + path)
            assert r is not None and f.detail["text"] in r.body.decode(enc)


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
