"""A judged round in a store, with accounts of each role, for the 整改任务 tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govinspect import model as m
from govinspect.store import Store, User, UserStore

CHECKPOINT = dt.datetime(2023, 9, 20, 23, 59, 59, tzinfo=m.TZ)
PASSWORD = "correct-horse-battery"


@dataclass
class Office:
    store: Store
    supervisor: User
    reviewer: User
    unit_a: User  # 县教育局
    unit_b: User  # 县民政局


def stale(code: str, url: str) -> m.Finding:
    return m.Finding(
        code="column.stale",
        target_kind=m.TargetKind.SITE,
        target=code,
        message="栏目“工作动态”2周内未更新",
        evidence=m.Evidence(url=url, detail={"reason": "超期未更新"}),
    )


def result(code: str, unit: str, verdict: m.Verdict, deducted: tuple[str, ...] = ()) -> m.TargetResult:
    return m.TargetResult(
        target_kind=m.TargetKind.SITE,
        target=code,
        unit=unit,
        name=f"{unit}网站",
        score=None if verdict != m.Verdict.PASS else 100.0,
        verdict=verdict,
        deductions=tuple(m.Deduction(code=c, points=1, reason="扣分") for c in deducted),
    )


def judged_round(store: Store, name: str = "2023Q3", checkpoint: dt.datetime = CHECKPOINT) -> None:
    """Three units: 教育局 stale column (deducted), 民政局 stale column (deducted), 财政局 待核实."""
    store.create_round(m.Round(name=name, checkpoint=checkpoint))
    store.save_results(
        name,
        [
            result("S1", "县教育局", m.Verdict.FAIL, ("column.stale",)),
            result("S2", "县民政局", m.Verdict.FAIL, ("column.stale",)),
            result("S3", "县财政局", m.Verdict.UNVERIFIED),
        ],
    )
    store.add_findings(
        name,
        [
            stale("S1", "http://jyj.example.gov.cn/gzdt/"),
            stale("S2", "http://mzj.example.gov.cn/gzdt/"),
            stale("S3", "http://czj.example.gov.cn/gzdt/"),
        ],
    )


def office(store: Store) -> Office:
    units = tuple(m.Unit(name=n, kind=m.UnitKind.DEPARTMENT) for n in ("县教育局", "县民政局", "县财政局"))
    store.save_registry(m.Registry(jurisdiction="某县", units=units))
    users = UserStore(store)
    return Office(
        store,
        users.add_user("督查员甲", "supervisor", PASSWORD),
        users.add_user("审核员乙", "reviewer", PASSWORD),
        users.add_user("教育局填报", "unit", PASSWORD, "县教育局"),
        users.add_user("民政局填报", "unit", PASSWORD, "县民政局"),
    )
