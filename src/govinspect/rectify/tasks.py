"""整改任务 in the store: created from a round's findings that count, moved only by `transition`.

Every move is checked against `states.MOVES` (from which states, by which roles, with a reason or
not) and written to the audit log with the state before and after. A task once issued keeps its
items: a later rejudge of the round does not change what the unit was told to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from govinspect import model as m
from govinspect.calendar import add_workdays, workdays_between
from govinspect.errors import UserError
from govinspect.rectify.states import CLOSED, MOVES, Recheck, State
from govinspect.store import RectifyItemRow, RectifyTaskRow, Store, User, UserStore


class RectifyError(UserError):
    """A 整改任务 operation that cannot be done (one Chinese line; nothing changed)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One finding the unit must fix, its answer and its re-check."""

    id: int
    target_kind: m.TargetKind
    target: str
    code: str
    message: str
    evidence: dict[str, Any]
    response: str
    proofs: tuple[dict[str, Any], ...]
    recheck: Recheck | None
    recheck_evidence: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Task:
    """A unit's 整改任务 of one round as every reader sees it."""

    id: int
    round_name: str
    unit: str
    state: State
    workdays: int
    notice_title: str
    issued_on: dt.date | None
    deadline: dt.date | None
    submitted_at: dt.datetime | None
    report_file: dict[str, Any] | None
    reason: str
    items: tuple[Item, ...]

    def overdue(self, today: dt.date) -> bool:
        """逾期: the deadline has passed and the unit has not yet handed in its 整改报告."""
        return (
            self.deadline is not None
            and today > self.deadline
            and self.state in (State.ISSUED, State.WORKING, State.EXEMPT_ASKED)
        )


def precheck_due(task: Task, today: dt.date) -> bool:
    """Whether the nightly re-check looks at a task: 整改中 and at least half its working days gone."""
    if task.state != State.WORKING or task.issued_on is None:
        return False
    return 2 * workdays_between(task.issued_on, today) >= task.workdays


def counts(result: m.TargetResult, finding: m.Finding) -> bool:
    """Whether a finding goes into a 整改任务: it vetoed or cost points, on a target that was judged.

    误报 findings never reach here: callers pass the round's counted findings (`jobs.review.counted_findings`).
    """
    if result.verdict == m.Verdict.UNVERIFIED:
        return False
    return finding.code in result.vetoes or finding.code in {d.code for d in result.deductions}


def create_tasks(
    store: Store,
    round_name: str,
    results: Sequence[m.TargetResult],
    findings: Iterable[m.Finding],
    *,
    workdays: int,
    notice_title: str = "",
) -> list[Task]:
    """One 待下发 task per unit with findings that count; tasks already issued are left as they are."""
    by_target = {(r.target_kind, r.target): r for r in results}
    per_unit: dict[str, list[m.Finding]] = {}
    for f in findings:
        r = by_target.get((f.target_kind, f.target))
        if r is not None and counts(r, f):
            per_unit.setdefault(r.unit, []).append(f)
    at = now()
    with store.session() as s:
        existing = {
            t.unit: t
            for t in s.scalars(select(RectifyTaskRow).where(RectifyTaskRow.round_name == round_name))
        }
        for unit, old in existing.items():
            if old.state == State.PENDING and unit not in per_unit:
                s.delete(old)
        for unit, fs in per_unit.items():
            found = existing.get(unit)
            if found is not None and found.state != State.PENDING:
                continue
            row = found or RectifyTaskRow(
                round_name=round_name, unit=unit, state=State.PENDING, created_at=at
            )
            s.add(row)
            row.workdays, row.notice_title, row.updated_at, row.reason = workdays, notice_title, at, ""
            s.flush()
            s.execute(delete(RectifyItemRow).where(RectifyItemRow.task_id == row.id))
            s.add_all(_item_row(row.id, f) for f in fs)
    return list_tasks(store, round_name)


def list_tasks(
    store: Store, round_name: str | None = None, scope: frozenset[str] | None = None
) -> list[Task]:
    """Tasks of a round (or all), of the units in `scope` (None: every unit), by round and unit."""
    q = select(RectifyTaskRow)
    if round_name is not None:
        q = q.where(RectifyTaskRow.round_name == round_name)
    if scope is not None:
        q = q.where(RectifyTaskRow.unit.in_(sorted(scope)))
    q = q.order_by(RectifyTaskRow.round_name, RectifyTaskRow.unit, RectifyTaskRow.id)
    with store.session() as s:
        return [_task(s, row) for row in s.scalars(q)]


def get_task(store: Store, task_id: int, scope: frozenset[str] | None = None) -> Task:
    """One task; a task outside `scope` is refused exactly like one that does not exist."""
    with store.session() as s:
        return _task(s, _row(s, task_id, scope))


def transition(
    store: Store,
    task_id: int,
    move: str,
    actor: User,
    scope: frozenset[str] | None,
    *,
    reason: str = "",
    on: dt.date | None = None,
    ip: str = "",
    change: Callable[[Session, RectifyTaskRow], dict[str, Any]] | None = None,
) -> Task:
    """Make one move of a task: check state, role, scope and reason, apply it and write the audit log.

    `on` is the day of an issue (default today); `change` makes a move's own edits (a submission's
    answers, a re-check's results) in the same transaction and returns what to log of them.
    """
    mv = MOVES[move]
    reason = reason.strip()
    with store.session() as s:
        row = _row(s, task_id, scope, lock=True)
        check_move(row, move, actor)
        if mv.needs_reason and not reason:
            raise RectifyError(f"{mv.name}须写明理由（--reason）")
        before = {"状态": row.state}
        row.state = mv.target
        row.updated_at = now()
        if mv.needs_reason:
            row.reason = reason
        if move == "issue":
            row.issued_on = on or now().date()
            row.deadline = add_workdays(row.issued_on, row.workdays)
        after: dict[str, Any] = {"状态": row.state}
        if move == "issue":
            after["整改期限"] = row.deadline.isoformat() if row.deadline else None
        if change is not None:
            after.update(change(s, row))
        obj = f"整改任务:{row.id}"
        task = _task(s, row)
    UserStore(store).audit(
        actor.name, f"整改任务{mv.name}", obj, before=before, after=after, ip=ip, detail=reason
    )
    return task


def check_move(row: RectifyTaskRow | Task, move: str, actor: User) -> None:
    """Refuse a move the task's state or the actor's role does not allow (one Chinese line)."""
    mv = MOVES[move]
    if actor.role not in mv.roles:
        raise RectifyError(f"“{actor.role_name}”不能{mv.name}整改任务")
    if row.state not in mv.sources:
        allowed = "、".join(s.value for s in State if s in mv.sources)
        raise RectifyError(f"整改任务 {row.id} 当前为“{row.state}”，不能{mv.name}（仅“{allowed}”的任务可以）")


def submitted_late(task: Task) -> bool:
    """Whether the unit had not handed in its 整改报告 by the deadline (still none, or after it)."""
    if task.deadline is None or (task.state in CLOSED and task.submitted_at is None):
        return False
    if task.submitted_at is None:
        return True
    return task.submitted_at.astimezone(m.TZ).date() > task.deadline


# -- rows ----------------------------------------------------------------------------------------


def now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def _row(s: Session, task_id: int, scope: frozenset[str] | None, *, lock: bool = False) -> RectifyTaskRow:
    """The task row (locked for the move on PostgreSQL: two moves at once run one after the other)."""
    row = s.get(RectifyTaskRow, task_id, with_for_update=lock)
    if row is None or (scope is not None and row.unit not in scope):
        raise RectifyError(f"没有编号为 {task_id} 的整改任务")
    return row


def _item_row(task_id: int, f: m.Finding) -> RectifyItemRow:
    return RectifyItemRow(
        task_id=task_id,
        target_kind=f.target_kind.value,
        target=f.target,
        code=f.code,
        message=f.message,
        evidence=f.evidence.model_dump(mode="json"),
        response="",
        proofs=[],
    )


def _task(s: Session, row: RectifyTaskRow) -> Task:
    items = s.scalars(
        select(RectifyItemRow).where(RectifyItemRow.task_id == row.id).order_by(RectifyItemRow.id)
    )
    return Task(
        id=row.id,
        round_name=row.round_name,
        unit=row.unit,
        state=State(row.state),
        workdays=row.workdays,
        notice_title=row.notice_title,
        issued_on=row.issued_on,
        deadline=row.deadline,
        submitted_at=row.submitted_at,
        report_file=row.report_file,
        reason=row.reason,
        items=tuple(
            Item(
                id=i.id,
                target_kind=m.TargetKind(i.target_kind),
                target=i.target,
                code=i.code,
                message=i.message,
                evidence=dict(i.evidence or {}),
                response=i.response,
                proofs=tuple(i.proofs or ()),
                recheck=Recheck(i.recheck) if i.recheck else None,
                recheck_evidence=i.recheck_evidence,
            )
            for i in items
        ),
    )
