"""预警 rules: each has a hit and a miss."""

from __future__ import annotations

import datetime as dt

from govinspect import model as m
from govinspect.monitor import rules as r
from govinspect.rules import Window

T = dt.datetime(2023, 6, 24, 11, 0, tzinfo=m.TZ)


def _probes(*ok: bool) -> list[r.Probe]:
    return [
        r.Probe(T - dt.timedelta(minutes=30 * (len(ok) - i)), v, None if v else "timeout")
        for i, v in enumerate(ok)
    ]


def test_home_down_after_n_failed_probes() -> None:
    c = r.home_down("县教育局", "S1", "梅溪县教育局", _probes(True, False, False, False), 3)
    assert c is not None and c.urgent and c.key == "home_down|S1|"
    assert "连续 3 次无法访问" in c.message and "timeout" in c.message


def test_home_down_not_before_n_or_after_recovery() -> None:
    assert r.home_down("u", "S1", "n", _probes(True, False, False), 3) is None
    assert r.home_down("u", "S1", "n", _probes(False, False, False, True), 3) is None
    assert r.home_down("u", "S1", "n", _probes(False, False), 3) is None  # too few probes to say


def test_fail_ratio_warns_below_the_veto_line() -> None:
    c = r.fail_ratio("u", "S1", "n", 336, 12, 0.03, 0.05, 7)
    assert c is not None and "3.6%" in c.message and "接近单项否决线 5%" in c.message
    hit = r.fail_ratio("u", "S1", "n", 336, 20, 0.03, 0.05, 7)
    assert hit is not None and "已达到" in hit.message


def test_fail_ratio_quiet_under_the_share() -> None:
    assert r.fail_ratio("u", "S1", "n", 336, 4, 0.03, 0.05, 7) is None
    assert r.fail_ratio("u", "S1", "n", 0, 0, 0.03, 0.05, 7) is None


def test_column_due_within_lead_days_and_past_the_window() -> None:
    w = Window(days=14, label="2周")
    assert r.first_stale_day(dt.date(2023, 6, 15), w) == dt.date(2023, 6, 30)
    near = r.column_due(
        "u", "S1", "n", "乡镇动态", "http://x/dt/", dt.date(2023, 6, 15), w, 4, dt.date(2023, 6, 26)
    )
    assert near is not None and "还剩 4 天" in near.message and near.key == "column_due|S1|http://x/dt/"
    past = r.column_due(
        "u", "S1", "n", "乡镇动态", "http://x/dt/", dt.date(2023, 6, 1), w, 4, dt.date(2023, 6, 26)
    )
    assert past is not None and "已超过更新期限（2周）" in past.message


def test_column_due_quiet_when_far_from_the_window() -> None:
    w = Window(months=6)
    assert (
        r.column_due("u", "S1", "n", "通知公告", "u", dt.date(2023, 6, 1), w, 4, dt.date(2023, 6, 26)) is None
    )


def test_account_quiet_from_n_days() -> None:
    c = r.account_quiet("u", "微博:1", "梅溪教育", dt.date(2023, 6, 10), 10, 14, dt.date(2023, 6, 20))
    assert c is not None and "已 10 天未发布" in c.message
    assert (
        r.account_quiet("u", "微博:1", "梅溪教育", dt.date(2023, 6, 11), 10, 14, dt.date(2023, 6, 20)) is None
    )


def test_veto_found_names_the_vetoes() -> None:
    c = r.veto_found("u", "S1", "n", ["严重表述错误", "站点无法访问"])
    assert c is not None and c.message.endswith("严重表述错误、站点无法访问")
    assert r.veto_found("u", "S1", "n", []) is None


def test_certificate_expired_expiring_mismatched() -> None:
    now = T
    expired = r.cert_problem("u", "S1", "n", now - dt.timedelta(days=1), True, 30, now)
    soon = r.cert_problem("u", "S1", "n", now + dt.timedelta(days=10), True, 30, now)
    wrong = r.cert_problem("u", "S1", "n", now + dt.timedelta(days=300), False, 30, now)
    assert expired is not None and "已于" in expired.message
    assert soon is not None and "剩余 10 天" in soon.message
    assert wrong is not None and "不匹配" in wrong.message
    assert r.cert_problem("u", "S1", "n", now + dt.timedelta(days=90), True, 30, now) is None


def test_security_problems_are_urgent() -> None:
    found = [f"首页被植入暗链：隐藏的站外链接“娱乐城{i}”" for i in range(5)]
    c = r.security_found("u", "S1", "n", found)
    assert c is not None and c.urgent and c.message.endswith("等 5 处") and "娱乐城2" in c.message
    assert "娱乐城3" not in c.message
    assert r.security_found("u", "S1", "n", []) is None
