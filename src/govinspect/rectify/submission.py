"""The unit's submission: what was done about each item, proof files and the signed 整改报告."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govinspect.rectify.files import check_file, store_file
from govinspect.rectify.tasks import RectifyError, Task, check_move, get_task, now, transition
from govinspect.store import RectifyItemRow, RectifyTaskRow, Store, User


def submit(
    store: Store,
    data_dir: Path,
    task_id: int,
    actor: User,
    scope: frozenset[str] | None,
    *,
    answers: dict[int, str],
    report: Path,
    proofs: dict[int, list[Path]] | None = None,
    ip: str = "",
) -> Task:
    """Hand in the task: every item answered, files checked before anything is stored or changed."""
    task = get_task(store, task_id, scope)
    check_move(task, "submit", actor)
    ids = {i.id for i in task.items}
    proofs = proofs or {}
    unknown = sorted((set(answers) | set(proofs)) - ids)
    if unknown:
        raise RectifyError(f"整改任务 {task_id} 没有编号为 {'、'.join(map(str, unknown))} 的问题")
    missing = [i.id for i in task.items if not answers.get(i.id, "").strip()]
    if missing:
        raise RectifyError(
            f"请逐项填写整改情况：问题 {'、'.join(map(str, missing))} 未填写（--item 编号=整改情况）"
        )
    report_kind = check_file(report, report=True)
    proof_kinds = {(n, p): check_file(p, report=False) for n, ps in proofs.items() for p in ps}
    report_rec = store_file(data_dir, str(task_id), report, report_kind)
    stored: dict[int, list[dict[str, Any]]] = {}
    for (n, p), kind in proof_kinds.items():
        stored.setdefault(n, []).append(store_file(data_dir, str(task_id), p, kind))

    def change(s: Session, row: RectifyTaskRow) -> dict[str, Any]:
        for item in s.scalars(select(RectifyItemRow).where(RectifyItemRow.task_id == row.id)):
            item.response = answers[item.id].strip()
            item.proofs = [*(item.proofs or []), *stored.get(item.id, [])]
            item.recheck, item.recheck_evidence, item.rechecked_at = None, None, None
        row.report_file = report_rec
        if row.submitted_at is None:
            row.submitted_at = now()
        return {"整改报告": report_rec["sha256"], "佐证材料": sum(len(v) for v in stored.values())}

    return transition(store, task_id, "submit", actor, scope, ip=ip, change=change)
