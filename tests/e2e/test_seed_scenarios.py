"""The three seed notices rebuilt as simulated jurisdictions: the pipeline reproduces their verdicts."""

from __future__ import annotations

import pytest
from scenario_run import RoundRun, run_scenario
from truth import compare, table

from govinspect import model as m

pytestmark = pytest.mark.slow

SEEDS = {
    "seed-000-dengzhou.yaml": {"sites": (50, 28), "accounts": (22, 21)},
    "seed-001-xinxiang.yaml": {"sites": (49, 47), "accounts": (160, 160)},
    "seed-002-tongbai.yaml": {"sites": (42, 30), "accounts": (43, 36)},
}


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, RoundRun]:
    return request.param, run_scenario(request.param, tmp_path_factory.mktemp("seed"))


def _mismatches(run: RoundRun, kind: m.TargetKind) -> list[str]:
    expected = {(e.target_kind, e.target): e for e in run.world.expected}
    out = []
    for r in run.results:
        e = expected.get((r.target_kind, r.target))
        if r.target_kind != kind or e is None:
            continue
        if e.verdict != r.verdict or (e.score is not None and r.score is not None and e.score != r.score):
            out.append(
                f"{e.unit} {e.name}: 应为 {e.verdict.value} {e.score or ''}，实为 {r.verdict.value} "
                f"{r.score if r.score is not None else ''}（{r.summary}）"
            )
    return out


def test_site_verdicts_as_in_the_notice(seed: tuple[str, RoundRun]) -> None:
    name, run = seed
    wrong = _mismatches(run, m.TargetKind.SITE)
    assert not wrong, "\n".join(wrong)
    sites = [r for r in run.results if r.target_kind == m.TargetKind.SITE]
    total, passed = SEEDS[name]["sites"]
    assert (len(sites), sum(r.verdict == m.Verdict.PASS for r in sites)) == (total, passed)


def test_account_verdicts_as_in_the_notice(seed: tuple[str, RoundRun]) -> None:
    name, run = seed
    wrong = _mismatches(run, m.TargetKind.ACCOUNT)
    assert not wrong, "\n".join(wrong)
    accounts = [r for r in run.results if r.target_kind == m.TargetKind.ACCOUNT]
    total, passed = SEEDS[name]["accounts"]
    assert (len(accounts), sum(r.verdict == m.Verdict.PASS for r in accounts)) == (total, passed)


def test_vetoes_are_exactly_the_planted_ones(seed: tuple[str, RoundRun]) -> None:
    _, run = seed
    scores = compare(run.world.ground_truth, run.findings())
    print(table(scores))
    vetoed = {r.target for r in run.results if r.vetoes}
    should = {e.target for e in run.world.expected if e.verdict == m.Verdict.FAIL and e.score is None}
    assert vetoed == should, table(scores)
