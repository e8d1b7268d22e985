"""Templates print only what the findings support (issue 19): no fixed problem lists, rule numbers or
reasons that the round's data does not carry."""

from __future__ import annotations

from dataclasses import replace

from seed_reports import seed000_report, seed002_report

from govinspect.model import Deduction, Evidence, Finding, Platform, TargetKind, Verdict
from govinspect.reports.data import AccountResult, AccountRow, SiteRow
from govinspect.reports.render import render_notice


def _finding(code: str, count: int = 1) -> Finding:
    return Finding(
        code=code,
        target_kind=TargetKind.SITE,
        target="x",
        message=code,
        count=count,
        evidence=Evidence(url="http://x/"),
    )


def _clean(rows: list[SiteRow]) -> list[SiteRow]:
    return [r if not r.passed else replace(r, findings=(), deductions=(), summary="") for r in rows]


def test_dengzhou_note_only_names_problems_of_passing_sites() -> None:
    report = seed000_report()
    clean = replace(report, sites=_clean(report.sites))
    assert "未点到的单位" not in render_notice(clean, "dengzhou").markup
    sites = list(clean.sites)
    k = next(i for i, s in enumerate(sites) if s.passed)
    sites[k] = replace(sites[k], findings=(_finding("column.blank", 2),), summary="2个空白栏目")
    md = render_notice(replace(clean, sites=sites), "dengzhou").markup
    assert "注：未点到的单位也存在一些问题，如部分网站空白栏目等。" in md
    assert "领导信息更新不及时" not in md and "5个空白栏目" not in md


def test_tongbai_veto_and_deduction_cells_come_from_the_findings() -> None:
    report = seed002_report()
    outage = SiteRow(
        unit="气象局",
        site_name="气象局网站",
        verdict=Verdict.FAIL,
        vetoes=("availability.down",),
        summary="站点无法访问",
        findings=(_finding("availability.down"),),
    )
    blank = SiteRow(
        unit="档案局",
        site_name="档案局网站",
        verdict=Verdict.PASS,
        deductions=(Deduction(code="column.blank", points=2, reason="空白栏目"),),
        summary="空白栏目1个",
        findings=(_finding("column.blank"),),
    )
    md = render_notice(replace(report, sites=[outage, blank, *report.sites]), "tongbai").markup
    rows = {line.split("|")[1].strip(): line for line in md.splitlines() if line.startswith("| ")}
    assert "不合格，网站无法访问，单项否决" in rows["气象局网站"]
    assert "栏目" not in rows["气象局网站"].split("|")[3]
    assert "合格，扣2分（空白栏目扣2分）" in rows["档案局网站"] and "每个扣3分" not in rows["档案局网站"]
    # seed 002's vetoed sites: stale columns counted from their findings; 3 points each where it is so
    assert "不合格，栏目更新不及时（6个），单项否决" in rows["文广旅局网站"]
    assert "合格，扣3分（栏目更新不及时扣3分）" in rows["淮源镇政府网站"]
    assert "合格，扣6分（栏目更新不及时2个，每个扣3分）" in rows["毛集镇政府网站"]


def test_tongbai_accounts_sentence_names_each_accounts_own_problem() -> None:
    report = seed002_report()
    odd = AccountRow(
        unit="教体局",
        platform=Platform.WEIBO,
        name="桐柏教体",
        result=AccountResult.VETO,
        problem="单否。发布违规内容",
    )
    md = render_notice(replace(report, accounts=[odd, *report.accounts]), "tongbai").markup
    assert "教体局的微博在抽查期间存在发布违规内容的问题" in md
    assert "教体局的微博在抽查期间存在更新不及时" not in md
    assert "民政局、商务局、房管中心、自然资源局的今日头条，安棚镇、程湾镇、平氏镇的微信公众号" in md
    assert "存在内容长期不更新的问题" in md
