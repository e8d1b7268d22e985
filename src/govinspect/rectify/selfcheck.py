"""自查: a unit inspects one of its own sites or accounts on demand, privately, never in a round.

A self-inspection is a row of its own table (`self_inspections`), never a round: nothing that
counts, scores, lists or publishes rounds can read it. Starting one is limited per target and day
(office.yaml `self_inspections_per_day`); the fetching and judging is `jobs.selfcheck`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from govinspect import model as m
from govinspect.rectify.tasks import RectifyError, now
from govinspect.store import SelfInspectionRow, Store, User, UserStore

REQUESTERS = frozenset({"unit"})  # 填报单位, on its own targets; the office inspects through rounds


class SelfState(StrEnum):
    RUNNING = "检查中"
    DONE = "已完成"
    FAILED = "未完成"  # the target could not be judged: no finding list is shown as if it were clean


@dataclass(frozen=True, slots=True)
class SelfInspection:
    """One 自查 as its unit and the office see it."""

    id: int
    unit: str
    target_kind: m.TargetKind
    target: str
    requested_by: str
    requested_at: dt.datetime
    finished_at: dt.datetime | None
    state: SelfState
    findings: tuple[m.Finding, ...]
    summary: str


def own_targets(
    registry: m.Registry, scope: frozenset[str] | None
) -> list[tuple[m.TargetKind, str, str, str]]:
    """(kind, key, name, unit) of the sites and accounts of units in scope (None: every one)."""
    sites = [(m.TargetKind.SITE, s.code, s.name, s.unit) for s in registry.sites]
    accounts = [
        (m.TargetKind.ACCOUNT, a.key, f"{a.platform.value}“{a.name}”", a.unit) for a in registry.accounts
    ]
    return [t for t in sites + accounts if scope is None or t[3] in scope]


def request_inspection(
    store: Store,
    kind: m.TargetKind,
    key: str,
    actor: User,
    scope: frozenset[str] | None,
    *,
    per_day: int,
    at: dt.datetime | None = None,
    ip: str = "",
) -> SelfInspection:
    """Record a 自查 of one own target as 检查中, within the day's limit; the job fills it in."""
    if actor.role not in REQUESTERS:
        raise RectifyError(f"“{actor.role_name}”不能发起自查（由网站或账号所属单位的填报账号发起）")
    target = next((t for t in own_targets(store.load_registry(), scope) if (t[0], t[1]) == (kind, key)), None)
    if target is None:
        raise RectifyError(f"本单位没有“{key}”这一网站或账号")
    if per_day <= 0:
        raise RectifyError("本平台未开放单位自查（office.yaml self_inspections_per_day 为 0）")
    at = at or now()
    day_start = dt.datetime.combine(at.astimezone(m.TZ).date(), dt.time(), m.TZ)
    with store.session() as s:
        done = s.scalar(
            select(func.count()).where(
                SelfInspectionRow.target_kind == kind.value, SelfInspectionRow.target == key,
                SelfInspectionRow.requested_at >= day_start, SelfInspectionRow.requested_at < day_start + dt.timedelta(days=1),
            )
        )  # fmt: skip
        if (done or 0) >= per_day:
            raise RectifyError(f"“{target[2]}”今天已自查 {done} 次（每天最多 {per_day} 次），请明天再试")
        row = SelfInspectionRow(unit=target[3], target_kind=kind.value, target=key, requested_by=actor.name,
                                requested_at=at, state=SelfState.RUNNING.value, findings=[], summary="")  # fmt: skip
        s.add(row)
        s.flush()
        out = _inspection(row)
    UserStore(store).audit(
        actor.name, "发起自查", f"自查:{out.id}", ip=ip, detail=f"{target[2]}（{target[3]}）"
    )
    return out


def finish_inspection(
    store: Store, inspection_id: int, *, findings: list[m.Finding] | None, summary: str
) -> SelfInspection:
    """Keep what the job found (`findings` None: the target could not be judged, with the reason)."""
    with store.session() as s:
        row = s.get(SelfInspectionRow, inspection_id)
        if row is None:
            raise RectifyError(f"没有编号为 {inspection_id} 的自查")
        row.state = (SelfState.FAILED if findings is None else SelfState.DONE).value
        row.findings = [f.model_dump(mode="json") for f in findings or []]
        row.summary, row.finished_at = summary, now()
        return _inspection(row)


def list_inspections(store: Store, scope: frozenset[str] | None) -> list[SelfInspection]:
    """自查 of units in scope, newest first."""
    q = select(SelfInspectionRow).order_by(SelfInspectionRow.id.desc())
    if scope is not None:
        q = q.where(SelfInspectionRow.unit.in_(sorted(scope)))
    with store.session() as s:
        return [_inspection(r) for r in s.scalars(q)]


def get_inspection(store: Store, inspection_id: int, scope: frozenset[str] | None) -> SelfInspection:
    with store.session() as s:
        row = s.get(SelfInspectionRow, inspection_id)
        if row is None or (scope is not None and row.unit not in scope):
            raise RectifyError(f"没有编号为 {inspection_id} 的自查")
        return _inspection(row)


def _inspection(r: SelfInspectionRow) -> SelfInspection:
    found: list[Any] = r.findings or []
    return SelfInspection(
        id=r.id, unit=r.unit, target_kind=m.TargetKind(r.target_kind), target=r.target,
        requested_by=r.requested_by, requested_at=r.requested_at, finished_at=r.finished_at,
        state=SelfState(r.state), findings=tuple(m.Finding.model_validate(f) for f in found), summary=r.summary,
    )  # fmt: skip
