"""The check catalogue: metadata and an implementing function for every code, redirects of renamed codes."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
import yaml
from test_fixtures import catalogue, fixture_cases

from govinspect.checks.catalog import check_catalog, check_name
from govinspect.checks.freshness import column_counts, group_column_counts
from govinspect.checks.manual import load_manual_findings
from govinspect.checks.site import site_checks
from govinspect.model import Evidence, Finding, TargetKind
from govinspect.rules import ProfileError, code_redirects, load_profile
from govinspect.rules.profile import PROFILE_DIR

SRC = Path(__file__).resolve().parents[2] / "src" / "govinspect"
FAMILY_PREFIXES = "availability|homepage|column|link|content|privacy|identity|interaction|disclosure|manual|media|tls|security"
CODE = re.compile(rf"(?:{FAMILY_PREFIXES})\.(?!(?:yaml|yml|txt|json|csv|html|md)$)[a-z_]+")  # not a file name


def test_every_code_has_metadata() -> None:
    reg = check_catalog()
    assert len(reg) >= 50
    for code, m in reg.items():
        assert CODE.fullmatch(code), code
        assert m.name and len(m.doc) >= 15 and m.family and m.impl, code
        if m.example is not None:
            assert m.example.hit and len(m.example.why) >= 8, code
    assert check_name("column.stale") == "栏目不更新" and check_name("x.y") == "x.y"
    assert {m.family for m in reg.values()} >= {"availability", "freshness", "media", "manual"}


def test_text_examples_hit_the_lexicon() -> None:
    """An example of a content or privacy code is real data: the lexicon scan finds that code in it."""
    from govinspect.checks.lexicon import scan_text

    checked = 0
    for code, meta in check_catalog().items():
        if meta.example is None or not (
            code.startswith(("content.", "privacy.")) or code == "media.content_error"
        ):
            continue
        text = re.sub(r"<[^>]+>|（[^）]*）$", "", meta.example.hit)
        codes = {h.code for h in scan_text(text, dt.date(2023, 6, 20))}
        expected = code if code != "media.content_error" else "content.serious_error"
        assert expected in codes, (code, text, codes)
        checked += 1
    assert checked >= 5


def test_every_impl_resolves_to_a_callable() -> None:
    for code, meta in check_catalog().items():
        fn = meta.function()
        assert callable(fn), code
        if meta.is_site_check:  # run by run_site_checks as check(SiteInput, Profile)
            assert list(inspect.signature(fn).parameters) == ["inp", "profile"], code


def test_a_bad_impl_is_an_error() -> None:
    meta = check_catalog()["column.stale"]
    from dataclasses import replace

    with pytest.raises(AttributeError):
        replace(meta, impl="govinspect.checks.freshness:no_such_check").function()
    with pytest.raises(TypeError):
        replace(meta, impl="govinspect.checks.catalog:FAMILY_NAMES").function()


def test_site_checks_are_the_catalogue_website_impls() -> None:
    names = {f"{f.__module__}:{f.__name__}" for f in site_checks()}
    reg = check_catalog()
    assert names == {m.impl for m in reg.values() if m.is_site_check}
    assert "govinspect.checks.media:check_not_updated" not in names
    assert len(site_checks()) == len(names)  # each function once, however many codes it emits


def _code_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.fullmatch(n.value)
    }


def emitted_codes() -> set[str]:
    """Every code string in the source (checks emit them, scoring and reports read them) and lexicons."""
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        codes |= _code_literals(path)
    for path in (SRC / "lexicon").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(data, dict) and isinstance(data.get("code"), str):
            codes.add(data["code"])
    return codes


def test_every_code_in_the_source_is_in_the_catalogue() -> None:
    codes = emitted_codes()
    assert {"column.stale", "media.not_updated", "privacy.id_number", "interaction.no_stats"} <= codes
    unknown = sorted(c for c in codes if c not in check_catalog() and c not in code_redirects())
    assert unknown == []


def test_every_profile_names_only_catalogued_codes() -> None:
    reg = check_catalog()
    for path in PROFILE_DIR.glob("*.yaml"):
        p = load_profile(path.stem)
        named = [*p.rules, *p.media_checks, *(c for v in p.vetoes.values() for c in v.codes)]
        unknown = [c for c in named if not c.endswith(".*") and c not in reg]
        assert unknown == [], path.name


def test_every_catalogued_code_is_judged_by_the_national_profile() -> None:
    p = load_profile("national-2019")
    reg = check_catalog()
    site = [c for c, m in reg.items() if m.family != "media" and p.rule_for(c) is None]
    media = [c for c, m in reg.items() if m.family == "media" and p.rule_for(c, media=True) is None]
    assert site == [] and media == []


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


# --------------------------------------------------------------------------- redirects


def test_redirects_point_at_current_codes() -> None:
    redirects = code_redirects()
    assert redirects  # the catalogue keeps the renamed codes
    reg = check_catalog()
    for old, new in redirects.items():
        assert old not in reg and new in reg, old
        assert check_name(old) == reg[new].name


def _old_and_new() -> tuple[str, str]:
    return next((o, n) for o, n in code_redirects().items() if n.startswith("media."))


def test_profile_with_a_renamed_code_judges_the_new_code(tmp_path: Path) -> None:
    old, new = _old_and_new()
    path = tmp_path / "local.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": "local",
                "extends": "national-2019",
                "media_checks": {old: {"name": "旧代码规则", "veto": True, "confidence": "LOCAL"}},
                "vetoes": {"x": {"name": "旧", "codes": [old], "summary": "旧代码汇总"}},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    p = load_profile(path)
    rule = p.rule_for(new, media=True)
    assert rule is not None and rule.name == "旧代码规则" and rule.veto
    assert old not in p.media_checks and p.vetoes["x"].codes == [new]


def test_profile_naming_old_and_new_code_is_refused(tmp_path: Path) -> None:
    old, new = _old_and_new()
    path = tmp_path / "both.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": "both",
                "extends": "national-2019",
                "media_checks": {old: {"name": "a"}, new: {"name": "b"}},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match=f"{old} 已更名为 {new}"):
        load_profile(path)


def test_manual_findings_with_a_renamed_code_get_the_new_code(tmp_path: Path) -> None:
    old, new = _old_and_new()
    path = tmp_path / "人工.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["对象类型", "对象", "指标代码", "问题描述"])
        w.writerow(["政务新媒体", "微博:邓州司法行政", old, "人工核实：断更40天"])
        w.writerow(["网站", "4113810001", "manual.popup", "飘窗无法关闭"])
    found = load_manual_findings(path)
    assert [f.code for f in found] == [new, "manual.popup"]


# --------------------------------------------------------------------------- column counts


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
