"""Alert controls: the sending window (国庆 2023 and its make-up days), urgent rules, one alert per
condition, flap suppression, the daily cap, and masking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect import model as m
from govinspect.config import AlertSettings, MonitorConfig, Recipient
from govinspect.monitor import Condition, deliver_due, display_recipient, in_window, reconcile, window_start
from govinspect.store import MonitorStore, Store


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2023, month, day, hour, minute, tzinfo=m.TZ)


DOWN = Condition("home_down", "县教育局", "S1", "梅溪县教育局", "", "首页连续 3 次无法访问")
COLUMN = Condition(
    "column_due", "县教育局", "S1", "梅溪县教育局", "http://x/gzdt/", "“工作动态”已 10 天未更新"
)


@pytest.fixture
def ms(tmp_path: Path) -> Iterator[MonitorStore]:
    store = Store(f"sqlite:///{tmp_path / 'g.db'}")
    store.migrate()
    yield MonitorStore(store)
    store.close()


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def __call__(self, to: str, title: str, text: str) -> None:
        self.sent.append((to, title))


def _cfg(**alerts: object) -> MonitorConfig:
    return MonitorConfig(
        alerts=AlertSettings(**alerts),  # type: ignore[arg-type]
        recipients=[Recipient(unit="县教育局", name="张三", email="zs@meixi.gov.cn")],
    )


def test_window_respects_guoqing_2023_and_its_make_up_days() -> None:
    cfg = AlertSettings()
    assert not in_window(at(10, 6, 10), cfg)  # 国庆 holiday (a Friday)
    assert window_start(at(10, 6, 10), cfg) == at(10, 7, 8)  # Saturday 10-07 is a make-up working day
    assert in_window(at(10, 7, 9), cfg) and in_window(at(10, 8, 17, 59), cfg)  # and Sunday 10-08
    assert window_start(at(10, 8, 18), cfg) == at(10, 9, 8)
    assert not in_window(at(10, 14, 10), cfg)  # an ordinary Saturday
    assert not in_window(at(10, 9, 7, 59), cfg)


def test_non_urgent_alert_waits_for_the_window(ms: MonitorStore) -> None:
    cfg, out = _cfg(), Outbox()
    reconcile(ms, cfg, [COLUMN], {}, at(10, 6, 10))
    deliver_due(ms, cfg, {"email": out}, at(10, 6, 12))
    assert out.sent == []
    deliver_due(ms, cfg, {"email": out}, at(10, 7, 8))
    assert out.sent == [("zs@meixi.gov.cn", "【网站监测预警】梅溪县教育局")]


def test_urgent_alert_goes_out_at_once_unless_the_office_says_not(ms: MonitorStore) -> None:
    out = Outbox()
    reconcile(ms, _cfg(), [DOWN], {}, at(10, 6, 3))
    deliver_due(ms, _cfg(), {"email": out}, at(10, 6, 3))
    assert len(out.sent) == 1
    held, out2 = _cfg(urgent_outside_window=False), Outbox()
    reconcile(ms, held, [DOWN, COLUMN], {}, at(10, 6, 4))  # DOWN already open: nothing new for it
    deliver_due(ms, held, {"email": out2}, at(10, 6, 5))
    assert out2.sent == []


def test_one_alert_per_condition_until_it_clears(ms: MonitorStore) -> None:
    cfg, out = _cfg(), Outbox()
    for minutes in range(0, 180, 30):
        reconcile(ms, cfg, [DOWN], {}, at(10, 9, 9, 0) + dt.timedelta(minutes=minutes))
        deliver_due(ms, cfg, {"email": out}, at(10, 9, 9, 0) + dt.timedelta(minutes=minutes))
    assert [t for _, t in out.sent] == ["【网站监测预警】梅溪县教育局"]
    reconcile(ms, cfg, [], {"S1": "梅溪县教育局"}, at(10, 9, 12))
    deliver_due(ms, cfg, {"email": out}, at(10, 9, 13))
    assert [t for _, t in out.sent] == ["【网站监测预警】梅溪县教育局", "【预警解除】梅溪县教育局"]


def test_flapping_site_is_one_episode(ms: MonitorStore) -> None:
    cfg, out = _cfg(flap_minutes=30), Outbox()
    t = at(10, 9, 9)
    steps = [(0, [DOWN]), (20, []), (40, [DOWN]), (60, []), (80, []), (100, []), (120, [])]
    for minutes, found in steps:
        reconcile(ms, cfg, found, {"S1": "梅溪县教育局"}, t + dt.timedelta(minutes=minutes))
        deliver_due(ms, cfg, {"email": out}, t + dt.timedelta(minutes=minutes))
    assert [title for _, title in out.sent] == ["【网站监测预警】梅溪县教育局", "【预警解除】梅溪县教育局"]
    states = [s.state for s in ms.sends(condition_key=DOWN.key, limit=None) if s.channel != "inapp"]
    assert "去重" in states and "不发送" in states


def test_a_condition_cleared_before_its_alert_went_out_is_not_sent(ms: MonitorStore) -> None:
    cfg, out = _cfg(), Outbox()
    reconcile(ms, cfg, [COLUMN], {}, at(10, 6, 10))
    reconcile(ms, cfg, [], {}, at(10, 6, 11))
    deliver_due(ms, cfg, {"email": out}, at(10, 7, 9))
    assert out.sent == []
    assert {s.state for s in ms.sends(limit=None) if s.channel == "email"} == {"不发送"}


def test_daily_cap_per_unit_spares_urgent_rules(ms: MonitorStore) -> None:
    cfg, out = _cfg(daily_cap_per_unit=2), Outbox()
    cols = [Condition("column_due", "县教育局", "S1", "梅溪县教育局", f"u{i}", f"栏目{i}") for i in range(3)]
    reconcile(ms, cfg, cols, {}, at(10, 9, 9))
    reconcile(ms, cfg, [*cols, DOWN], {}, at(10, 9, 10))
    deliver_due(ms, cfg, {"email": out}, at(10, 9, 10))
    assert len(out.sent) == 3  # two columns and the site down; the third column is over the cap
    capped = [s for s in ms.sends(state="不发送", limit=None)]
    assert len(capped) == 1 and "上限" in (capped[0].error or "")


def test_daily_cap_counts_every_message_of_one_alert(ms: MonitorStore) -> None:
    cfg = MonitorConfig(
        alerts=AlertSettings(daily_cap_per_unit=2),
        recipients=[
            Recipient(unit="县教育局", name="张三", email="zs@meixi.gov.cn"),
            Recipient(unit="县教育局", name="李四", role="联系人", email="ls@meixi.gov.cn"),
            Recipient(unit="县教育局", name="王五", role="联系人", email="ww@meixi.gov.cn"),
        ],
    )
    reconcile(ms, cfg, [COLUMN], {}, at(10, 9, 9))
    states = sorted(s.state for s in ms.sends(limit=None) if s.channel == "email")
    assert states == ["不发送", "待发送", "待发送"]


def test_phone_numbers_are_masked_where_shown(ms: MonitorStore) -> None:
    assert display_recipient("sms", "13812345678") == "138****5678"
    assert display_recipient("email", "zs@meixi.gov.cn") == "zs@meixi.gov.cn"
    leak = Condition("veto", "县教育局", "S1", "梅溪县教育局", "p", "页面公开了手机号 13812345678")
    reconcile(ms, _cfg(), [leak], {}, at(10, 9, 9))
    assert all("13812345678" not in s.text for s in ms.sends(limit=None))
