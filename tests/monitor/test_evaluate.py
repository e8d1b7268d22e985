"""The conditions read off the store: probes, daily and weekly snapshots, and the schedules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect import model as m
from govinspect.config import MonitorConfig
from govinspect.crawl import ProbeResult
from govinspect.jobs.monitoring import ensure_default_schedules
from govinspect.monitor import current_conditions
from govinspect.rules import load_profile
from govinspect.store import MonitorStore, Store

NOW = dt.datetime(2023, 6, 26, 9, 0, tzinfo=m.TZ)
SITE = m.Site(
    code="S1", name="梅溪县教育局", home_url="http://jyj.meixi.gov.cn/", unit="县教育局",
    columns=(m.Column(name="工作动态", url="http://jyj.meixi.gov.cn/gzdt/", category=m.ColumnCategory.NEWS),),
)  # fmt: skip
ACC = m.Account(platform=m.Platform.WEIBO, name="梅溪教育", account_id="mxjy", unit="县教育局")
REG = m.Registry(units=(m.Unit(name="县教育局"),), sites=(SITE,), accounts=(ACC,))
PROFILE = load_profile("national-2019")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'g.db'}")
    s.migrate()
    s.save_registry(REG)
    yield s
    s.close()


def _rules(store: Store) -> dict[str, str]:
    return {c.rule: c.message for c in current_conditions(store, REG, PROFILE, MonitorConfig(), NOW)}


def test_a_quiet_world_raises_nothing(store: Store) -> None:
    MonitorStore(store).add_snapshots(
        "daily",
        [("site", "S1", NOW, {"home_newest": "2023-06-25", "columns": [
            {"name": "工作动态", "url": SITE.columns[0].url, "category": "动态要闻", "level": 1, "newest": "2023-06-24"}]}),
         ("account", ACC.key, NOW, {"last_post": "2023-06-25"})],
    )  # fmt: skip
    store.add_probes(
        "S1",
        [
            (
                NOW - dt.timedelta(minutes=30 * i),
                ProbeResult(url=SITE.home_url, at="", ok=True, status=200, elapsed_ms=5),
            )
            for i in range(5)
        ],
    )
    assert _rules(store) == {}


def test_snapshots_and_probes_open_their_conditions(store: Store) -> None:
    ms = MonitorStore(store)
    ms.add_snapshots(
        "daily",
        [("site", "S1", NOW, {"home_newest": "2023-06-25", "columns": [
            {"name": "工作动态", "url": SITE.columns[0].url, "category": "动态要闻", "level": 1, "newest": "2023-06-15"}]}),
         ("account", ACC.key, NOW, {"last_post": "2023-06-14"})],
    )  # fmt: skip
    ms.add_snapshots(
        "weekly",
        [
            (
                "site",
                "S1",
                NOW,
                {"verdict": "不合格", "vetoes": ["严重表述错误"], "security": ["首页被植入暗链"]},
            )
        ],
    )
    bad = ProbeResult(url=SITE.home_url, at="", ok=False, status=None, elapsed_ms=15000, error="timeout")
    store.add_probes("S1", [(NOW - dt.timedelta(minutes=30 * i), bad) for i in range(3)])
    found = _rules(store)
    assert set(found) == {"home_down", "column_due", "account_quiet", "veto", "security"}
    assert "“工作动态”已 11 天未更新" in found["column_due"]


def test_an_undated_column_raises_no_early_warning(store: Store) -> None:
    MonitorStore(store).add_snapshots(
        "daily",
        [("site", "S1", NOW, {"home_newest": None, "columns": [
            {"name": "工作动态", "url": SITE.columns[0].url, "category": "动态要闻", "level": 1, "newest": None}]})],
    )  # fmt: skip
    assert _rules(store) == {}


def test_a_stopped_scheduler_is_stale(store: Store) -> None:
    ensure_default_schedules(store, NOW - dt.timedelta(hours=3))  # planned, never run since
    found = current_conditions(store, REG, PROFILE, MonitorConfig(), NOW)
    assert [c.target for c in found if c.rule == "stale"] == ["首页可用性监测"]
    assert "数据已过期" in next(c.message for c in found if c.rule == "stale")
    assert not [
        c
        for c in current_conditions(store, REG, PROFILE, MonitorConfig(), NOW - dt.timedelta(hours=2))
        if c.rule == "stale"
    ]
