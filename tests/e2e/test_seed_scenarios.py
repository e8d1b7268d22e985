"""The three seed notices rebuilt as simulated jurisdictions: the pipeline reproduces their verdicts,
scores, reasons and (seed 001) the itemised deductions; known differences are strict xfails."""

from __future__ import annotations

import re
from pathlib import Path

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


_RUNS: dict[str, RoundRun] = {}


def _run(name: str, tmp_path_factory: pytest.TempPathFactory) -> RoundRun:
    """Each seed's round runs once per session, whichever test asks first."""
    if name not in _RUNS:
        _RUNS[name] = run_scenario(name, tmp_path_factory.mktemp("seed"))
    return _RUNS[name]


@pytest.fixture(scope="module", params=sorted(SEEDS))
def seed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, RoundRun]:
    return request.param, _run(request.param, tmp_path_factory)


# Sites where the notice's figure is not what the profile gives; the scenario keeps the notice's number
# and test_known_differences checks each one as a strict xfail (it fails loudly once we agree).
KNOWN_DIFFERENCES = {
    "新乡市卫滨区人民政府": "通报记 95 分（扣 5 分）；同一问题“信件展示、统计”发改委记 −6，xinxiang-2023 按 −6 计，得 94 分",
}


def _mismatches(run: RoundRun, kind: m.TargetKind) -> list[str]:
    expected = {(e.target_kind, e.target): e for e in run.world.expected}
    out = []
    for r in run.results:
        e = expected.get((r.target_kind, r.target))
        if r.target_kind != kind or e is None or e.name in KNOWN_DIFFERENCES:
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
    # seed 001's text shows neither its 文号 nor its 主送机关: written as a draft
    write_round_reports(
        run.settings, run.store, run.round_name, tmp_path, draft=name == "seed-001-xinxiang.yaml"
    )
    md = (tmp_path / "notice.md").read_text(encoding="utf-8")
    missing = [t for t in NOTICE_TEXT[name] if t not in md]
    assert not missing, missing
    for e in run.world.expected:  # every failing unit is named with its problem line, as in the notice
        if e.target_kind == m.TargetKind.SITE and e.verdict == m.Verdict.FAIL:
            assert e.unit in md
            if name == "seed-000-dengzhou.yaml":
                assert e.reason.replace(" ", "") in md.replace(" ", ""), e.reason


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(";", "；").replace(",", "，").rstrip("。")


_STALE = re.compile(r"^(.+?)(\d+(?:个月|年)内未更新)$")


def _reason_parts(text: str) -> set[object]:
    """A reason's parts; a stale-column part as (window, {columns}), since the order of the columns
    in a line is the site's menu order, which the notice and the simulator need not share."""
    out: set[object] = set()
    for part in _flat(text).split("；"):
        mt = _STALE.match(part)
        out.add((mt[2], frozenset(mt[1].split("、"))) if mt else part)
    return out


def test_reasons_as_in_the_notice(seed: tuple[str, RoundRun]) -> None:
    """Each site the notice names gets the notice's reason: 邓州 its 存在问题 line word for word, 桐柏
    the stale columns of a deducted site word for word and "超过 5 个" stale columns for a veto."""
    name, run = seed
    if name == "seed-001-xinxiang.yaml":
        pytest.skip("seed 001's reasons are itemised deductions: test_deductions_itemised_as_in_the_notice")
    results = {r.target: r for r in run.results if r.target_kind == m.TargetKind.SITE}
    wrong = []
    for e in run.world.expected:
        r = results.get(e.target)
        if e.target_kind != m.TargetKind.SITE or not e.reason or r is None:
            continue
        veto = re.search(r"超过\s*(\d+)\s*个，单项否决", e.reason)
        if veto:  # 桐柏: the veto cell names the rule, the stale columns are counted
            stale = sum(f.count for f in r.findings if f.code == "column.stale")
            ok = "column.stale" in r.vetoes and stale >= int(veto[1])
        else:
            ok = _reason_parts(r.summary) == _reason_parts(e.reason)
        if not ok:
            wrong.append(f"{e.name}: 通报“{e.reason}”，实为“{r.summary}”{r.vetoes}")
    assert not wrong, "\n".join(wrong)


# Seed 001 附件1/2, item by item: (the notice's words, its points or None for 单否, the codes those words
# name). Points and words are the notice's; the codes are our reading of the words.
LETTERS = {"interaction.no_display", "interaction.no_stats"}
CONSULT = {"link.broken_entry", "interaction.late_reply"}
SERVICE = {"link.wrong_service", "link.dead_external"}
SOLICIT = {"interaction.no_solicitation"}
NOTICE_ITEMS: dict[str, list[tuple[str, float | None, set[str]]]] = {
    "新乡市红旗区人民政府": [("咨询建言功能不全", 13, CONSULT)],
    "新乡市发改委": [("历史信件展示、统计", 6, LETTERS)],
    "新乡市粮食和储备局": [("咨询建言功能不全", 10, CONSULT)],
    "新乡市水利局": [("咨询建言", 10, CONSULT)],
    "新乡市体育局": [
        ("政务服务链接", 5, SERVICE),
        ("信箱、调查征集", 6, {"interaction.late_reply", *SOLICIT}),
    ],
    "新乡市城管局": [
        ("历史信件展示、统计", 6, LETTERS),
        ("意见征集不更新", 7, SOLICIT),
        ("政务服务", 3, SERVICE),
    ],
    "新乡市资源规划局": [("办事服务链接", 10, SERVICE), ("在线信访、办事大厅", 6, LETTERS)],
    "新乡市退役军人局": [
        ("没有咨询建言", None, {"interaction.no_channel"}),
        ("空白栏目", 10, {"column.blank"}),
    ],
    "新乡市民政局": [("首页布局混乱", None, {"manual.layout"}), ("政务服务链接错误", 10, SERVICE)],
}
ITEM_DIFFERENCES = {
    "新乡市体育局": "“信箱、调查征集 −6”：场景按信件统计布置（−3），调查征集（意见征集不更新）在画像中记 −5",
    "新乡市城管局": "“意见征集不更新 −7”“政务服务 −3”：画像记 −5、−5，合计同为 −16（84 分）",
    "新乡市民政局": "“政务服务链接错误 −10”：画像按一处错误链接记 −5；通报正文另列多处空白、飘窗过大，表中未分项",
}


def _itemised(run: RoundRun, site: str) -> list[str]:
    """What differs between the notice's items for `site` and our deductions and vetoes."""
    r = next(r for r in run.results if r.target_kind == m.TargetKind.SITE and r.name == site)
    wrong, covered = [], set()
    for words, points, codes in NOTICE_ITEMS[site]:
        covered |= codes
        if points is None:
            if not codes & set(r.vetoes):
                wrong.append(f"“{words}”应单项否决，实为 {r.vetoes}")
            continue
        ours = sum(d.points for d in r.deductions if d.code in codes)
        if ours != points:
            wrong.append(f"“{words}”通报 −{points:g}，实为 −{ours:g}")
    extra = [f"{d.reason} −{d.points:g}" for d in r.deductions if d.code not in covered]
    extra += [v for v in r.vetoes if v not in covered]
    if extra:
        wrong.append(f"通报未列：{'、'.join(extra)}")
    return wrong


@pytest.fixture(scope="module")
def seed001(tmp_path_factory: pytest.TempPathFactory) -> RoundRun:
    return _run("seed-001-xinxiang.yaml", tmp_path_factory)


@pytest.mark.parametrize(
    "site",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=ITEM_DIFFERENCES[s]))
        if s in ITEM_DIFFERENCES
        else s
        for s in NOTICE_ITEMS
    ],
)
def test_deductions_itemised_as_in_the_notice(seed001: RoundRun, site: str) -> None:
    wrong = _itemised(seed001, site)
    assert not wrong, f"{site}：" + "；".join(wrong)


@pytest.mark.parametrize(
    "site",
    [
        pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=why))
        for s, why in KNOWN_DIFFERENCES.items()
    ],
)
def test_known_differences(seed001: RoundRun, site: str) -> None:
    """The notice's own score for the site (kept in the scenario) against ours."""
    e = next(e for e in seed001.world.expected if e.name == site)
    r = next(r for r in seed001.results if r.target == e.target)
    assert (r.verdict, r.score) == (e.verdict, e.score)


def test_scenario_expectations_are_the_notices() -> None:
    """The expected scores of seed 001 are the notice's 附件1/2 figures (never our output)."""
    notice = (Path("/work/shared/seeds") / "001_68a62606b5517e48.txt").read_text("utf-8")
    printed = dict(re.findall(r"\| (\S+?) \| (\d+) \| 合格 \|", notice))
    from scenario_run import SCENARIOS

    from govinspect.sim.scenario import load_scenario

    sc = load_scenario(SCENARIOS / "seed-001-xinxiang.yaml")
    for name, spec in sc.expected.sites.items():
        unit = next(s.unit for s in sc.sites if s.name == name)
        if spec.score is not None and unit in printed:
            assert spec.score == float(printed[unit]), name
