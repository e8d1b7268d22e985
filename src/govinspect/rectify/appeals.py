"""申诉: a unit disputes a finding of its own with a reason and an optional file; the supervisor decides.

Upholding turns the finding into 误报 through the review mechanism and re-judges the round
(`jobs.appeals.uphold_appeal`); this module files, lists, reads and closes appeals, and writes each
step to the audit log. An appeal outside the actor's units answers exactly as a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from govinspect import model as m
from govinspect.rectify.files import check_file, store_file
from govinspect.rectify.tasks import Item, RectifyError, now
from govinspect.scoring import ReviewState, finding_fingerprint, fingerprint
from govinspect.store import AppealRow, FindingRow, ReviewStore, Store, TargetResultRow, User, UserStore

FILERS = frozenset({"unit"})  # 填报单位, on its own units' findings
DECIDERS = frozenset({"supervisor"})  # 督查员
FOLDER = "appeals"  # files under data/rectify/appeals/


class AppealState(StrEnum):
    PENDING = "待处理"
    UPHELD = "申诉成立"
    REJECTED = "已驳回"


@dataclass(frozen=True, slots=True)
class Appeal:
    """One appeal as every reader sees it: the finding as disputed, the unit's case, the decision."""

    id: int
    round_name: str
    fingerprint: str
    unit: str
    target_kind: m.TargetKind
    target: str
    code: str
    message: str
    evidence: dict[str, Any]
    reason: str
    file: dict[str, Any] | None
    state: AppealState
    filed_by: str
    filed_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision: str


def finding_by_id(store: Store, finding_id: int, scope: frozenset[str] | None) -> tuple[str, str, m.Finding]:
    """(round, unit, finding) of a stored finding the scope covers; else one Chinese line."""
    with store.session() as s:
        row = s.get(FindingRow, finding_id)
        unit = None
        if row is not None:
            unit = s.scalar(
                select(TargetResultRow.unit).where(
                    TargetResultRow.round_name == row.round_name,
                    TargetResultRow.target_kind == row.target_kind,
                    TargetResultRow.target == row.target,
                )
            )
        if row is None or unit is None or (scope is not None and unit not in scope):
            raise RectifyError(f"没有编号为 {finding_id} 的问题")
        finding = m.Finding(code=row.code, target_kind=m.TargetKind(row.target_kind), target=row.target,
                            message=row.message, evidence=m.Evidence.model_validate(row.evidence),
                            count=row.count, manual=row.manual)  # fmt: skip
        return row.round_name, unit, finding


def item_fingerprint(item: Item) -> str:
    """The fingerprint of the finding a task item was made from."""
    return fingerprint(item.target_kind.value, item.target, item.code, item.evidence)


def finding_id_of(store: Store, round_name: str, item: Item) -> int | None:
    """The stored finding a task item stands for (same fingerprint), if the round still holds it."""
    fp = item_fingerprint(item)
    q = select(FindingRow.id, FindingRow.evidence).where(
        FindingRow.round_name == round_name,
        FindingRow.target_kind == item.target_kind.value,
        FindingRow.target == item.target,
        FindingRow.code == item.code,
    )
    with store.session() as s:
        return next((i for i, ev in s.execute(q) if fingerprint(item.target_kind.value, item.target,
                                                                  item.code, ev) == fp), None)  # fmt: skip


def file_appeal(
    store: Store,
    data_dir: Path,
    finding_id: int,
    actor: User,
    scope: frozenset[str] | None,
    *,
    reason: str,
    evidence: Path | None = None,
    ip: str = "",
) -> Appeal:
    """The unit's appeal of one finding: a reason, an optional checked file; one appeal per finding."""
    round_name, unit, f = finding_by_id(store, finding_id, scope)
    if actor.role not in FILERS:
        raise RectifyError(f"“{actor.role_name}”不能提出申诉（由问题所属单位的填报账号提出）")
    reason = reason.strip()
    if not reason:
        raise RectifyError("请写明申诉理由")
    fp = finding_fingerprint(f)
    rec = ReviewStore(store).latest(round_name).get(fp)
    if rec is not None and rec.state == ReviewState.REJECTED:
        raise RectifyError(f"问题 {finding_id} 已标为误报，无需申诉")
    with store.session() as s:
        old = s.scalar(
            select(AppealRow).where(AppealRow.round_name == round_name, AppealRow.fingerprint == fp)
        )
        if old is not None:
            raise RectifyError(f"问题 {finding_id} 已提出过申诉（申诉 {old.id}，{old.state}），不能重复申诉")
    stored = store_file(data_dir, FOLDER, evidence, check_file(evidence, report=False)) if evidence else None
    try:
        with store.session() as s:
            row = AppealRow(round_name=round_name, fingerprint=fp, unit=unit, target_kind=f.target_kind.value,
                            target=f.target, code=f.code, message=f.message,
                            evidence=f.evidence.model_dump(mode="json"), reason=reason, file=stored,
                            state=AppealState.PENDING.value, filed_by=actor.name, filed_at=now(), decision="")  # fmt: skip
            s.add(row)
            s.flush()
            appeal = _appeal(row)
    except IntegrityError:  # filed at the same instant by another request
        raise RectifyError(f"问题 {finding_id} 已提出过申诉，不能重复申诉") from None
    UserStore(store).audit(actor.name, "提出申诉", f"申诉:{appeal.id}", ip=ip,
                           after={"问题": f"{round_name}/{f.target}/{f.code}", "理由": reason,
                                  "材料": stored["sha256"] if stored else ""}, detail=f.message)  # fmt: skip
    return appeal


def list_appeals(
    store: Store, scope: frozenset[str] | None, *, state: str | None = None, round_name: str | None = None
) -> list[Appeal]:
    """Appeals of units in scope, newest first, filtered by state and round."""
    q = select(AppealRow).order_by(AppealRow.id.desc())
    if scope is not None:
        q = q.where(AppealRow.unit.in_(sorted(scope)))
    if state:
        q = q.where(AppealRow.state == state)
    if round_name:
        q = q.where(AppealRow.round_name == round_name)
    with store.session() as s:
        return [_appeal(r) for r in s.scalars(q)]


def get_appeal(store: Store, appeal_id: int, scope: frozenset[str] | None) -> Appeal:
    with store.session() as s:
        return _appeal(_row(s, appeal_id, scope))


def check_decision(appeal: Appeal, actor: User, reason: str, *, upheld: bool) -> None:
    """Refuse a decision the actor may not make, on an appeal already decided, or a rejection without reason."""
    if actor.role not in DECIDERS:
        raise RectifyError(f"“{actor.role_name}”不能处理申诉（由督查员处理）")
    if appeal.state != AppealState.PENDING:
        raise RectifyError(
            f"申诉 {appeal.id} 已于 {appeal.decided_at:%Y-%m-%d} 处理（{appeal.state}），不能再次处理"
        )
    if not upheld and not reason.strip():
        raise RectifyError("驳回申诉须写明理由")


def decide(
    store: Store,
    appeal_id: int,
    actor: User,
    scope: frozenset[str] | None,
    *,
    upheld: bool,
    reason: str,
    ip: str = "",
    detail: Callable[[], dict[str, Any]] | None = None,
) -> Appeal:
    """Close the appeal as 申诉成立 or 已驳回 (row locked, checked again) and write the audit entry."""
    with store.session() as s:
        row = _row(s, appeal_id, scope, lock=True)
        check_decision(_appeal(row), actor, reason, upheld=upheld)
        row.state = (AppealState.UPHELD if upheld else AppealState.REJECTED).value
        row.decided_by, row.decided_at, row.decision = actor.name, now(), reason.strip()
        appeal = _appeal(row)
    after = {"状态": appeal.state.value, "理由": appeal.decision, **(detail() if detail else {})}
    UserStore(store).audit(actor.name, "申诉成立" if upheld else "驳回申诉", f"申诉:{appeal.id}", ip=ip,
                           before={"状态": AppealState.PENDING.value}, after=after,
                           detail=f"{appeal.target}/{appeal.code}：{appeal.message}")  # fmt: skip
    return appeal


def appeals_of(store: Store, round_name: str) -> dict[str, Appeal]:
    """The round's appeals by the fingerprint of the finding they dispute (task pages show them)."""
    return {a.fingerprint: a for a in reversed(list_appeals(store, None, round_name=round_name))}


def _row(s: Session, appeal_id: int, scope: frozenset[str] | None, *, lock: bool = False) -> AppealRow:
    row = s.get(AppealRow, appeal_id, with_for_update=lock)
    if row is None or (scope is not None and row.unit not in scope):
        raise RectifyError(f"没有编号为 {appeal_id} 的申诉")
    return row


def _appeal(r: AppealRow) -> Appeal:
    return Appeal(
        id=r.id, round_name=r.round_name, fingerprint=r.fingerprint, unit=r.unit,
        target_kind=m.TargetKind(r.target_kind), target=r.target, code=r.code, message=r.message,
        evidence=dict(r.evidence or {}), reason=r.reason, file=r.file, state=AppealState(r.state),
        filed_by=r.filed_by, filed_at=r.filed_at, decided_by=r.decided_by, decided_at=r.decided_at,
        decision=r.decision,
    )  # fmt: skip
