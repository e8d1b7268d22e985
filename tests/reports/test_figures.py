"""Figures the notice quotes: pass rates as the seeds print them, unit lists, problem classes."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect.model import Finding, TargetKind, TargetResult, Verdict
from govinspect.reports import figures as fig
from govinspect.reports.data import AccountResult, AccountRow, SiteRow
from govinspect.rules.rates import rate_text


@pytest.mark.parametrize(
    ("passed", "total", "decimals", "text"),
    [
        (28, 50, 1, "56%"),  # seed 000
        (47, 49, 1, "95.9%"),  # seed 001
        (30, 42, 1, "71.4%"),  # seed 002
        (36, 43, 1, "83.7%"),  # seed 002 new media
        (21, 22, 2, "95.45%"),  # seed 000 new media
        (160, 160, 1, "100%"),
        (1, 8, 2, "12.5%"),
        (1, 3, 0, "33%"),
    ],
)
def test_rate_prints_like_the_seeds(passed: int, total: int, decimals: int, text: str) -> None:
    assert rate_text(passed, total, decimals) == text


def test_rate_without_targets_is_a_dash() -> None:
    assert rate_text(0, 0) == "—"


def test_rate_rounds_half_up() -> None:
    assert rate_text(1, 8, 0) == "13%"  # 12.5 → 13 (the console once printed 12%, the notice 13%)
    assert rate_text(1, 16, 1) == "6.3%"  # 6.25 → 6.3, not banker's 6.2
    assert rate_text(1, 3, 1) == "33.3%" and rate_text(2, 3, 1) == "66.7%"


def test_console_notice_and_engine_print_one_rate() -> None:
    """1 of 8 with 0 decimals: the console line, the engine's stats and the notice's pct agree."""
    from govinspect.reports.templating import TEMPLATES, environment
    from govinspect.scoring.engine import totals_line

    results = [
        TargetResult(
            target_kind=TargetKind.SITE,
            target=str(i),
            unit="u",
            name="n",
            score=None,
            verdict=Verdict.PASS if i == 0 else Verdict.FAIL,
        )
        for i in range(8)
    ]
    console = totals_line(results, 0)
    notice = environment(TEMPLATES / "default").from_string("{{ pct(1, 8, 0) }}").render()
    assert console == "检查 8 个，合格 1 个，合格率 13%" and notice == "13%"


def test_short_names() -> None:
    assert fig.short_name("刘集镇人民政府") == "刘集镇"
    assert fig.short_name("湍河街道办事处") == "湍河街道"
    assert fig.short_name("湍河街道办事处", "湍河办") == "湍河办"
    assert fig.short_name("市民政局") == "市民政局"


def test_unit_lists() -> None:
    assert fig.join_units(["市民政局", "市统计局", "市民政局", ""]) == "市民政局、市统计局"
    assert fig.join_units(["甲", "乙", "丙"], limit=2) == "甲、乙"
    assert fig.units_n(["市民政局"]) == "市民政局"
    assert fig.units_n(["市民政局", "市统计局"]) == "市民政局、市统计局等2个"


def test_dates_have_no_leading_zeros() -> None:
    assert fig.cn_date(dt.date(2023, 6, 6)) == "2023年6月6日"
    assert fig.cn_date(dt.date(2023, 6, 6), year=False) == "6月6日"
    assert fig.cn_date(None) == ""
    assert fig.cn_range(dt.date(2023, 6, 20), dt.date(2023, 6, 21)) == "2023年6月20日-6月21日"
    assert fig.cn_range(dt.date(2023, 6, 20), None) == "2023年6月20日"
    assert fig.cn_range(dt.date(2022, 12, 30), dt.date(2023, 1, 2)) == "2022年12月30日-2023年1月2日"


def test_chinese_section_numbers() -> None:
    assert [fig.cn_number(n) for n in (1, 9, 10, 12, 20, 21)] == ["一", "九", "十", "十二", "二十", "二十一"]


def test_points() -> None:
    assert fig.points(87.0) == "87"
    assert fig.points(87.5) == "87.5"
    assert fig.points(None) == ""


def _finding(code: str) -> Finding:
    return Finding(code=code, target_kind=TargetKind.SITE, target="x", message=code)


def test_class_map_longest_prefix_and_fallback() -> None:
    cmap = fig.ClassMap({"column.": "栏目", "column.blank": "空白栏目"}, "其他问题")
    assert cmap.label("column.blank") == "空白栏目"
    assert cmap.label("column.stale") == "栏目"
    assert cmap.label("link.dead") == "其他问题"


def test_problem_classes_group_units_once_per_class() -> None:
    cmap = fig.ClassMap({"column.blank": "空白栏目", "column.stale": "栏目更新不及时"})
    rows = [
        SiteRow("市民政局", "a", Verdict.FAIL, vetoes=("column.blank",),
                findings=(_finding("column.blank"), _finding("column.stale"), _finding("column.stale_many"))),
        SiteRow("刘集镇人民政府", "b", Verdict.PASS, findings=(_finding("column.stale"),)),
        SiteRow("市审计局", "c", Verdict.PASS),
    ]  # fmt: skip
    classes = fig.problem_classes(rows, cmap)
    assert [(c.label, c.units, c.vetoed) for c in classes] == [
        ("栏目更新不及时", ["市民政局", "刘集镇"], 0),
        ("空白栏目", ["市民政局"], 1),
    ]


def test_group_accounts_counts_pass_and_fail() -> None:
    accounts = [
        AccountRow("a", "微博", "x", county="长垣市"),
        AccountRow("b", "微博", "y", AccountResult.VETO, county="长垣市"),
        AccountRow("c", "微博", "z"),
    ]
    groups = fig.group_accounts(accounts)
    assert [(g.unit, g.count, g.passed, g.failed) for g in groups] == [
        ("长垣市", 2, 1, 1),
        ("直属单位", 1, 1, 0),
    ]


def test_unverified_accounts_are_counted_apart(seed000) -> None:  # type: ignore[no-untyped-def]
    """待核实 accounts (posts unreadable) stay out of 检查数, 合格 and 不合格, and are named in 备注."""
    accounts = [
        AccountRow("a", "微博", "x", county="长垣市"),
        AccountRow("b", "微博", "y", AccountResult.UNVERIFIED, county="长垣市"),
        AccountRow("c", "微信", "z", AccountResult.VETO, county="长垣市"),
    ]
    [group] = fig.group_accounts(accounts)
    assert (group.count, group.passed, group.failed, group.judged) == (3, 1, 1, 2)
    assert group.note == "1个账号数据源异常，待核实"
    seed000.accounts = [
        *seed000.accounts,
        AccountRow("市统计局", "微信", "统计发布", AccountResult.UNVERIFIED),
    ]
    f = fig.compute(seed000, fig.ClassMap({}))
    assert (f.accounts_checked, f.accounts_passed) == (22, 21)  # the seed's 95.45% is unchanged
    assert [a.name for a in f.failing_accounts] == ["邓州司法行政"]
    assert [a.name for a in f.unverified_accounts] == ["统计发布"]


def test_deducted_accounts_have_problems_but_do_not_fail(seed000) -> None:  # type: ignore[no-untyped-def]
    seed000.accounts = [*seed000.accounts, AccountRow("市统计局", "微信", "统计发布", AccountResult.DEDUCT)]
    f = fig.compute(seed000, fig.ClassMap({}))
    assert [a.name for a in f.failing_accounts] == ["邓州司法行政"]
    assert [a.name for a in f.problem_accounts] == ["邓州司法行政", "统计发布"]
    assert (f.accounts_checked, f.accounts_passed) == (23, 22)


def test_compute_seed000(seed000) -> None:  # type: ignore[no-untyped-def]
    f = fig.compute(seed000, fig.ClassMap({}))
    assert (f.sites_running, f.sites_checked, f.sites_passed, f.sites_failed) == (50, 50, 28, 22)
    assert (f.accounts_checked, f.accounts_passed) == (22, 21)
    assert [a.name for a in f.failing_accounts] == ["邓州司法行政"]


def test_compute_uses_account_groups_when_no_account_rows(seed001) -> None:  # type: ignore[no-untyped-def]
    f = fig.compute(seed001, fig.ClassMap({}))
    assert (f.accounts_checked, f.accounts_passed) == (160, 160)
    assert f.scored


def test_bare_problem_strips_veto_prefix_and_final_stop() -> None:
    assert fig.bare_problem("单否。内容长期不更新。") == "内容长期不更新"
    assert fig.bare_problem("单项否决；存在严重表述错误。") == "存在严重表述错误"
    assert fig.bare_problem("长期不更新（14天）") == "长期不更新（14天）"


def test_classes_by_unit() -> None:
    classes = [
        fig.ProblemClass("存在空白栏目", ["县民政局"], vetoed=1),
        fig.ProblemClass("政府信息公开不规范", ["县民政局"]),
        fig.ProblemClass("首页排版混乱", ["城关镇"]),
    ]
    assert fig.classes_by_unit(classes) == [
        ("县民政局", ["空白栏目（单项否决）", "政府信息公开不规范"]),
        ("城关镇", ["首页排版混乱"]),
    ]
