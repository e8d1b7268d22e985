"""The demo county end to end: every planted fault found, no veto without a planted cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_run import RoundRun, run_scenario
from truth import compare, table

from govinspect import model as m

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RoundRun:
    return run_scenario("demo-county.yaml", tmp_path_factory.mktemp("demo"))


def test_every_target_judged(demo: RoundRun) -> None:
    keys = {(r.target_kind, r.target) for r in demo.results}
    assert {(m.TargetKind.SITE, s.code) for s in demo.world.sites} <= keys
    assert {(m.TargetKind.ACCOUNT, a.key) for a in demo.world.accounts} <= keys


def test_findings_match_ground_truth(demo: RoundRun) -> None:
    scores = compare(demo.world.ground_truth, demo.findings())
    print(table(scores))
    planted = sum(s.planted for s in scores.values())
    found = sum(s.found for s in scores.values())
    reported = sum(s.reported for s in scores.values())
    matched = sum(s.matched for s in scores.values())
    assert found / planted >= 0.99, table(scores)
    assert matched / reported >= 0.99, table(scores)


def test_verdicts_match_expected(demo: RoundRun) -> None:
    expected = {(e.target_kind, e.target): e for e in demo.world.expected}
    wrong = [
        f"{r.name}: 应为{expected[(r.target_kind, r.target)].verdict.value}，实为{r.verdict.value}（{r.summary}）"
        for r in demo.results
        if (r.target_kind, r.target) in expected and expected[(r.target_kind, r.target)].verdict != r.verdict
    ]
    assert not wrong, "\n".join(wrong)


def test_every_veto_has_evidence(demo: RoundRun) -> None:
    findings = demo.findings()
    for r in demo.results:
        for code in r.vetoes:
            own = [f for f in findings if f.target == r.target]
            assert own, f"{r.name} 单项否决（{code}）却没有任何问题记录"
            assert all(f.evidence.url or f.evidence.detail for f in own if f.code == code)


def test_reports_written(demo: RoundRun, tmp_path: Path) -> None:
    from govinspect.jobs.reporting import write_round_reports

    files = write_round_reports(demo.settings, demo.store, demo.round_name, tmp_path / "reports")
    names = {f.name for f in files}
    assert {"notice.docx", "notice.md", "notice.html", "attachments.xlsx"} <= names
    md = (tmp_path / "reports" / "notice.md").read_text(encoding="utf-8")
    failing = [r for r in demo.results if r.target_kind == m.TargetKind.SITE and r.verdict == m.Verdict.FAIL]
    for r in failing:
        assert r.unit in md or r.name in md
