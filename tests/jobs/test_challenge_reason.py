"""A site behind a challenge nobody passed is 待核实 with the evidence of its home page's challenge."""

from __future__ import annotations

from pathlib import Path

from govinspect import model as m
from govinspect.crawl import ErrorClass, ErrorRecord
from govinspect.crawl.jsonl import JsonlWriter
from govinspect.jobs.pipeline import challenge_reason

SITE = m.Site(
    code="4190015007", name="梅溪县水利局", home_url="http://slj.meixi.gov.cn/", unit="梅溪县水利局"
)


def _errors(tmp_path: Path, *records: ErrorRecord) -> Path:
    w = JsonlWriter(tmp_path / "errors.jsonl")
    for r in records:
        w.write(r)
    w.close()
    return tmp_path


def test_the_reason_names_the_home_page_challenge(tmp_path: Path) -> None:
    snap = _errors(
        tmp_path,
        ErrorRecord(
            "http://slj.meixi.gov.cn/zwgk/",
            ErrorClass.CHALLENGE,
            "访问受限（防护拦截）：加速乐（521 Cookie 验证），HTTP 521",
            "2023-06-20T10:00:00+08:00",
        ),
        ErrorRecord(
            "http://slj.meixi.gov.cn",
            ErrorClass.CHALLENGE,
            "访问受限（防护拦截）：瑞数动态防护（412），HTTP 412",
            "2023-06-20T10:00:01+08:00",
        ),
    )
    reason = challenge_reason(snap, SITE)
    assert reason.startswith("首页访问受限（防护拦截）")
    assert "瑞数动态防护（412），HTTP 412，2023-06-20T10:00:01+08:00" in reason and "加速乐" not in reason


def test_without_a_recorded_challenge_the_reason_still_says_why(tmp_path: Path) -> None:
    snap = _errors(
        tmp_path, ErrorRecord(SITE.home_url, ErrorClass.TIMEOUT, "访问超时", "2023-06-20T10:00:00+08:00")
    )
    reason = challenge_reason(snap, SITE)
    assert reason.startswith("首页访问受限（防护拦截）") and "HTTP" not in reason and "访问超时" not in reason
