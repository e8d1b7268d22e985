"""RoundReport rows built from the scoring stage's TargetResult."""

from __future__ import annotations

import datetime as dt

import pytest
from seed_reports import seed000_report, seed001_report, seed002_report

import govinspect.reports as reports
from govinspect.model import (
    Deduction,
    Platform,
    SiteKind,
    TargetKind,
    TargetResult,
    UnitKind,
    Verdict,
)
from govinspect.reports.data import AccountResult, AccountRow, RoundReport, SiteRow
from govinspect.reports.render import render_notice


def _result(kind: TargetKind, verdict: Verdict, deductions: tuple[Deduction, ...] = ()) -> TargetResult:
    return TargetResult(
        target_kind=kind,
        target="k",
        unit="市民政局",
        name="邓州市民政局",
        score=None if verdict == Verdict.FAIL else 97.0,
        verdict=verdict,
        vetoes=("column.blank",) if verdict == Verdict.FAIL else (),
        deductions=deductions,
        summary="存在空白栏目",
    )


def test_site_row_from_result() -> None:
    row = SiteRow.from_result(
        _result(TargetKind.SITE, Verdict.FAIL), unit_kind=UnitKind.DEPARTMENT, site_kind=SiteKind.DEPARTMENT,
        home_url="http://x.example/",
    )  # fmt: skip
    assert (row.unit, row.site_name, row.site_code, row.vetoes) == (
        "市民政局",
        "邓州市民政局",
        "k",
        ("column.blank",),
    )
    assert not row.passed and row.has_problems and row.home_url == "http://x.example/"


def test_clean_passing_site_has_no_problems() -> None:
    assert not SiteRow("市审计局", "x", Verdict.PASS).has_problems
    assert SiteRow("市审计局", "x", Verdict.PASS, summary="扣3分").has_problems


@pytest.mark.parametrize(
    ("verdict", "deductions", "expected"),
    [
        (Verdict.FAIL, (), AccountResult.VETO),
        (Verdict.PASS, (Deduction(code="media.x", points=3, reason="r"),), AccountResult.DEDUCT),
        (Verdict.PASS, (), AccountResult.PASS),
    ],
)
def test_account_row_from_result(
    verdict: Verdict, deductions: tuple[Deduction, ...], expected: AccountResult
) -> None:
    row = AccountRow.from_result(
        _result(TargetKind.ACCOUNT, verdict, deductions),
        platform=Platform.WEIBO,
        last_post=dt.date(2023, 6, 6),
    )
    assert (
        row.result == expected
        and row.platform_label == "微博"
        and row.passed == (expected != AccountResult.VETO)
        and row.judged
    )


def test_platform_account_names_the_account_once() -> None:
    names = [AccountRow("u", p, "n").platform_account for p in (Platform.WEIBO, Platform.WECHAT, "百家号")]
    assert names == ["微博号", "微信公众号", "百家号"]


def test_unverified_account_is_neither_passed_nor_failed() -> None:
    result = _result(TargetKind.ACCOUNT, Verdict.UNVERIFIED).model_copy(
        update={"score": None, "summary": "数据源异常，无法判定更新情况：订阅源无法访问"}
    )
    row = AccountRow.from_result(result, platform=Platform.WECHAT)
    assert row.result == AccountResult.UNVERIFIED and not row.passed and not row.judged
    assert row.problem == "数据源异常，无法判定更新情况：订阅源无法访问"  # why it could not be judged


def test_scope_word() -> None:
    assert seed000_report().scope_word == "全市" and seed002_report().scope_word == "全县"
    report = seed000_report()
    report.scope = "全区"
    assert report.scope_word == "全区"


def test_lazy_public_api() -> None:
    assert reports.RoundReport is RoundReport and callable(reports.write_reports)
    with pytest.raises(AttributeError):
        _ = reports.nothing_here


@pytest.mark.parametrize("template", ["default", "dengzhou", "tongbai", "xinxiang"])
@pytest.mark.parametrize("build", [seed000_report, seed001_report, seed002_report])
def test_every_template_renders_every_seed(template: str, build) -> None:  # type: ignore[no-untyped-def]
    rendered = render_notice(build(), template)
    assert rendered.title and any(type(b).__name__ == "Imprint" for b in rendered.blocks)


def test_empty_round_still_writes_every_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from govinspect.model import checkpoint_at
    from govinspect.reports.data import Issuer
    from govinspect.reports.render import write_reports

    report = RoundReport(
        jurisdiction="某县",
        issuer=Issuer(name="某县人民政府办公室", date=dt.date(2024, 1, 5)),
        round_name="2023Q4",
        period="2023年第四季度",
        checkpoint=checkpoint_at(dt.date(2023, 12, 31)),
        check_start=dt.date(2024, 1, 2),
        rectify_workdays=5,
    )
    files = write_reports(report, tmp_path)
    assert all(p.exists() for p in files.all()) and files.rectify == {} and files.charts == {}
    text = files.notice_md.read_text("utf-8")
    assert "一、下一步工作要求" in text and "附件" not in text


def test_a_clean_site_has_no_problems_even_when_its_line_says_wu() -> None:
    from govinspect.model import Verdict
    from govinspect.reports.data import SiteRow

    assert not SiteRow(
        unit="长岭乡", site_name="长岭乡人民政府", verdict=Verdict.PASS, summary="无"
    ).has_problems
    assert SiteRow(
        unit="县水利局", site_name="水利局", verdict=Verdict.PASS, summary="网站标识不全-1。"
    ).has_problems
