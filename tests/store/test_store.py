"""Store on SQLite and PostgreSQL: rounds, progress, findings, results, time zones."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect import model as m
from govinspect.store import Store, StoreError


def _registry() -> m.Registry:
    return m.Registry(
        units=(m.Unit(name="市民政局", kind=m.UnitKind.DEPARTMENT),),
        sites=(
            m.Site(
                code="4113810001",
                name="邓州市民政局",
                home_url="http://mzj.dengzhou.gov.cn/",
                unit="市民政局",
                columns=(
                    m.Column(
                        name="通知公告",
                        url="http://mzj.dengzhou.gov.cn/tzgg/",
                        category=m.ColumnCategory.NOTICE,
                    ),
                ),
                crawl={"max_pages": 50},
            ),
        ),
        accounts=(m.Account(platform=m.Platform.WEIBO, name="邓州民政", account_id="dzmz", unit="市民政局"),),
    )


def test_registry_round_trip(store: Store) -> None:
    store.save_registry(_registry())
    assert store.load_registry() == _registry()


def test_round_lifecycle_and_checkpoint_timezone(store: Store) -> None:
    cp = m.checkpoint_at(dt.date(2023, 6, 20))
    store.create_round(m.Round(name="2023H1", checkpoint=cp, profile="nanyang-2023"))
    with pytest.raises(StoreError, match="已存在"):
        store.create_round(m.Round(name="2023H1", checkpoint=cp))
    r = store.get_round("2023H1")
    assert r.checkpoint == cp and r.checkpoint.utcoffset() == dt.timedelta(hours=8)
    store.set_round("2023H1", status=m.RoundStatus.DONE, profile="national-2019")
    r = store.get_round("2023H1")
    assert r.status == m.RoundStatus.DONE and r.profile == "national-2019"
    with pytest.raises(StoreError, match="没有名为"):
        store.get_round("nope")


def test_findings_replace_keeps_manual(store: Store) -> None:
    store.save_registry(_registry())
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2023, 6, 20))))
    auto = m.Finding(
        code="column.stale",
        target_kind=m.TargetKind.SITE,
        target="4113810001",
        message="通知公告 6 个月内未更新",
        evidence=m.Evidence(url="http://mzj.dengzhou.gov.cn/tzgg/", detail={"newest": "2022-11-02"}),
    )
    manual = m.Finding(
        code="manual.layout",
        target_kind=m.TargetKind.SITE,
        target="4113810001",
        message="首页排版混乱",
        manual=True,
    )
    store.add_findings("R", [manual])
    store.replace_findings("R", m.TargetKind.SITE, "4113810001", [auto, auto])
    store.replace_findings("R", m.TargetKind.SITE, "4113810001", [auto])
    got = store.findings("R")
    assert sorted(f.code for f in got) == ["column.stale", "manual.layout"]
    assert next(f for f in got if f.code == "column.stale").evidence.detail == {"newest": "2022-11-02"}


def test_results_and_progress(store: Store) -> None:
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2021, 9, 30))))
    key = (m.TargetKind.SITE, "4113300012")
    store.ensure_targets("R", [key])
    store.ensure_targets("R", [key])
    assert store.target_status("R") == {key: "pending"}
    store.mark_target("R", *key, "done", info={"pages": 12})
    assert store.target_status("R") == {key: "done"} and store.target_info("R", *key) == {"pages": 12}
    res = m.TargetResult(
        target_kind=m.TargetKind.SITE,
        target="4113300012",
        unit="县公安局",
        name="公安局网站",
        score=None,
        verdict=m.Verdict.FAIL,
        vetoes=("column.stale_count",),
        deductions=(m.Deduction(code="column.stale", points=3, reason="办事指南 1 年内未更新"),),
        summary="应更新未更新栏目超过 5 个，单项否决",
    )
    store.save_results("R", [res])
    store.save_results("R", [res])
    assert store.results("R") == [res]


def test_naive_datetime_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive"):
        store.create_round(m.Round(name="X", checkpoint=dt.datetime(2023, 6, 20)))
