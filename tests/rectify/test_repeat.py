"""屡查屡犯 across consecutive rounds and the accounts named in N notices (关停整合) in the notice draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govinspect import model as m
from govinspect.config import Settings
from govinspect.jobs.reporting import build_round_report, write_round_reports
from govinspect.rectify import accounts_to_close, counted, repeat_offences
from govinspect.store import Store

SITE = m.TargetKind.SITE
ACCOUNT = m.TargetKind.ACCOUNT
WX = m.Account(platform=m.Platform.WECHAT, name="桐柏教育", account_id="tbjy", unit="县教育局")


def test_repeat_offences_are_the_same_indicator_on_the_same_target() -> None:
    before = {(SITE, "S1", "column.stale"), (SITE, "S2", "link.dead")}
    now = {(SITE, "S1", "column.stale"), (SITE, "S2", "column.blank")}
    assert repeat_offences(before, now) == [(SITE, "S1", "column.stale")]
    assert repeat_offences(set(), now) == []


def test_accounts_named_in_n_notices() -> None:
    named = [{(ACCOUNT, "a", "media.not_updated")}, {(ACCOUNT, "a", "media.x"), (ACCOUNT, "b", "media.x")}]
    assert accounts_to_close([*named, {(ACCOUNT, "a", "media.y")}], 3) == ["a"]
    assert accounts_to_close(named, 3) == []  # twice is not three times
    assert accounts_to_close([*named, *named], None) == []  # the profile sets no number


def _finding(kind: m.TargetKind, target: str, code: str) -> m.Finding:
    return m.Finding(code=code, target_kind=kind, target=target, message="问题")


def _round(store: Store, name: str, day: dt.date, problems: list[tuple[m.TargetKind, str, str]]) -> None:
    store.create_round(m.Round(name=name, checkpoint=m.checkpoint_at(day), profile="tongbai-2021"))
    results = []
    for kind, key, unit, label in (
        (SITE, "S1", "县教育局", "桐柏县教育局网站"),
        (ACCOUNT, WX.key, "县教育局", WX.name),
    ):
        codes = tuple(c for k, t, c in problems if (k, t) == (kind, key))
        results.append(
            m.TargetResult(
                target_kind=kind, target=key, unit=unit, name=label, score=100.0 - len(codes),
                verdict=m.Verdict.PASS,
                deductions=tuple(m.Deduction(code=c, points=1, reason="扣分") for c in codes),
            )
        )  # fmt: skip
    store.save_results(name, results)
    store.add_findings(name, [_finding(*p) for p in problems])


def test_three_rounds_mark_repeat_offences_and_list_the_account_for_closing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    store = Store(settings.db_url())
    store.migrate()
    site = m.Site(code="S1", name="桐柏县教育局网站", home_url="http://jyj.example.gov.cn/", unit="县教育局")
    unit = m.Unit(name="县教育局", kind=m.UnitKind.DEPARTMENT)
    store.save_registry(m.Registry(jurisdiction="桐柏县", units=(unit,), sites=(site,), accounts=(WX,)))
    stale, quiet = (SITE, "S1", "column.stale"), (ACCOUNT, WX.key, "media.not_updated")
    _round(store, "2023Q1", dt.date(2023, 3, 20), [stale, quiet])
    _round(store, "2023Q2", dt.date(2023, 6, 20), [quiet])
    _round(store, "2023Q3", dt.date(2023, 9, 20), [stale, quiet])
    assert counted(store.results("2023Q2"), store.findings("2023Q2")) == {quiet}

    second = build_round_report(settings, store, "2023Q2")
    assert (
        second.repeat_offences == ["县教育局微信公众号“桐柏教育”（公众号更新不及时）"]
        or len(second.repeat_offences) == 1
    )
    assert second.closing_accounts == []  # named twice so far
    third = build_round_report(settings, store, "2023Q3")
    assert third.repeat_offences == ["县教育局微信公众号“桐柏教育”（内容不更新）"]  # S1 was clean in Q2
    assert third.closing_accounts == ["县教育局微信公众号“桐柏教育”"] and third.close_after_notices == 3
    notice = next(f for f in write_round_reports(settings, store, "2023Q3", draft=True) if f.suffix == ".md")
    text = notice.read_text(encoding="utf-8")
    assert "属屡查屡犯：县教育局微信公众号“桐柏教育”（内容不更新）。" in text
    assert "已3次被通报，列入关停整合名单：县教育局微信公众号“桐柏教育”。" in text
