"""The check catalogue: metadata for every code, and a hit and a miss fixture for every code."""

from __future__ import annotations

import re

from test_fixtures import catalogue, fixture_cases

from govinspect.checks.catalog import check_catalog, check_name
from govinspect.checks.freshness import column_counts, group_column_counts
from govinspect.model import Evidence, Finding, TargetKind
from govinspect.rules.profile import load_profile


def test_every_code_has_metadata() -> None:
    reg = check_catalog()
    assert len(reg) >= 40
    for code, m in reg.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", code), code
        assert m.name and len(m.doc) >= 15 and m.family
    assert check_name("column.stale") == "栏目不更新" and check_name("x.y") == "x.y"


def test_every_code_has_a_hit_and_a_miss_fixture() -> None:
    """Every catalogue code (website, 人工 and new-media) has fixtures/<code>/ with a hit and a miss case."""
    cases: dict[str, set[str]] = {}
    for case in fixture_cases():
        cases.setdefault(case.code, set()).add("hit" if case.hit else "miss")
    codes = catalogue()
    assert len(codes) >= 50 and "media.not_updated" in codes and "manual.layout" in codes
    lacking = {code: sorted({"hit", "miss"} - cases.get(code, set())) for code in codes}
    assert {code: lack for code, lack in lacking.items() if lack} == {}
    assert sorted(set(cases) - set(codes)) == []  # a fixture folder names a catalogue code


def test_every_registered_code_is_in_the_national_profile() -> None:
    p = load_profile("national-2019")
    missing = [c for c, m in check_catalog().items() if m.family != "media" and p.rule_for(c) is None]
    assert missing == []


def _f(code: str, target: str, count: int = 1) -> Finding:
    return Finding(
        code=code, target_kind=TargetKind.SITE, target=target, message="", evidence=Evidence(), count=count
    )


def test_column_counts_per_site_and_group() -> None:
    fs = [
        _f("column.blank", "a"),
        _f("column.blank", "a"),
        _f("column.stale", "b", 3),
        _f("column.blank", "c"),
    ]
    fs.append(_f("link.dead", "a"))
    assert column_counts(fs) == {
        "a": {"stale": 0, "blank": 2},
        "b": {"stale": 3, "blank": 0},
        "c": {"stale": 0, "blank": 1},
    }
    assert group_column_counts(fs, {"a": "dz", "b": "dz", "c": None}) == {
        "c": {"stale": 0, "blank": 1},
        "dz": {"stale": 3, "blank": 2},
    }
