"""Every column judged (national classes and windows) and no verdict from a doubtful list reading."""

from __future__ import annotations

from govinspect.model import Evidence, Finding, TargetKind, Verdict
from govinspect.rules import load_profile
from govinspect.scoring import TargetInfo, score_target
from govinspect.scoring.review import ReviewState, initial_state

SITE = TargetInfo(TargetKind.SITE, "s1", "某镇", "某镇政府信息公开平台")


def _col(code: str, name: str, category: str, **detail: object) -> Finding:
    return Finding(
        code=code,
        target_kind=TargetKind.SITE,
        target="s1",
        message=f"栏目“{name}”问题",
        evidence=Evidence(
            url=f"http://s1.gov.cn/{name}/", detail={"column": name, "category": category, **detail}
        ),
    )


def test_five_stale_news_columns_veto_but_five_doubtful_ones_do_not() -> None:
    p = load_profile("national-2019")
    names = ["要闻", "部门动态", "乡镇动态", "工作动态", "图片新闻"]
    sure = [_col("column.stale", n, "动态要闻") for n in names]
    assert score_target(sure, p, SITE).verdict == Verdict.FAIL
    doubtful = [
        _col("column.unverified", n, "动态要闻", would_be="column.stale", doubts=["仅从脚本数据读取"])
        for n in names
    ]
    r = score_target(doubtful, p, SITE)
    assert r.verdict == Verdict.PASS and r.score == 100 and not r.vetoes and not r.deductions
    assert len(r.findings) == 5  # kept as evidence, for a person to confirm


def test_doubtful_blank_columns_neither_veto_nor_deduct() -> None:
    p = load_profile("national-2019")
    fs = [
        _col("column.unverified", f"栏目{i}", "其他", would_be="column.blank", doubts=["两组日期列表不一致"])
        for i in range(6)
    ]
    r = score_target(fs, p, SITE)
    assert r.verdict == Verdict.PASS and r.score == 100


def test_doubtful_reading_waits_for_a_person() -> None:
    p = load_profile("national-2019")
    assert initial_state("column.unverified", False, p) == ReviewState.PENDING
