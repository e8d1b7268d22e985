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


# Figures and names each notice prints; the generated notice must print them too.
NOTICE_TEXT = {
    "seed-000-dengzhou.yaml": ["检查50个", "合格28个，合格率56%", "合格21个，合格率95.45%", "邓州司法行政", "6月6日",
                               "长期不更新 (14 天)"],
    "seed-001-xinxiang.yaml": ["合格47个，不合格2个，合格率为95.9%", "160个政务新媒体，全部合格",
                               "| 红旗区 | 87 | 合格 | 咨询建言功能不全-13 |", "| 市发改委 | 94 | 合格 | 历史信件展示、统计-6 |",
                               "| 长垣市 | 27 | 27 | 0 | 100% |"],
    "seed-002-tongbai.yaml": ["合格网站30个，合格率为71.4%", "合格36个，合格率为83.7%", "桐柏房管", "2021年8月2日",
                              "桐柏平氏", "2021年8月8日"],
}  # fmt: skip


def test_notice_carries_the_seed_figures_and_units(seed: tuple[str, RoundRun], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from govinspect.jobs.reporting import write_round_reports

    name, run = seed
    write_round_reports(run.settings, run.store, run.round_name, tmp_path)
    md = (tmp_path / "notice.md").read_text(encoding="utf-8")
    missing = [t for t in NOTICE_TEXT[name] if t not in md]
    assert not missing, missing
    for e in run.world.expected:  # every failing unit is named with its problem line, as in the notice
        if e.target_kind == m.TargetKind.SITE and e.verdict == m.Verdict.FAIL:
            assert e.unit in md
            if name == "seed-000-dengzhou.yaml":
                assert e.reason.replace(" ", "") in md.replace(" ", ""), e.reason
