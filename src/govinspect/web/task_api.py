"""JSON API of 整改任务: list, show, and the moves (`/api/v1/tasks`).

Same scope, role and state rules, and audit entries as the pages (`web.task_pages`): every move goes
through `rectify.transition`; a refusal is `{"error": {"code", "message"}}` with the Chinese line.
The unit's submission with its files stays a form upload (`/tasks/{id}/submit`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from govinspect.errors import UserError
from govinspect.rectify import MOVES, State, Task, list_tasks, transition
from govinspect.web.app import client_ip, csrf_guard, principal
from govinspect.web.authz import Perm, Principal, authorize
from govinspect.web.queries import target_names
from govinspect.web.round_api import refusal
from govinspect.web.task_pages import FORM_MOVES, start_recheck, task_in_scope, today, visible

router = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]
API_MOVES = ("issue", *FORM_MOVES)  # 复查 starts a background job: POST /api/v1/tasks/{id}/recheck


class MoveBody(BaseModel):
    move: str = Field(
        max_length=30, description="操作：" + "、".join(f"{k}（{MOVES[k].name}）" for k in API_MOVES)
    )
    reason: str = Field("", max_length=2000, description="理由（退回、申请无需整改、不同意无需整改必填）")


def task_json(request: Request, me: Principal, t: Task, *, items: bool) -> dict[str, Any]:
    """A task as the API answers it; with `items`, each finding with the target's name and its re-check."""
    out: dict[str, Any] = {
        "id": t.id, "round": t.round_name, "unit": t.unit, "state": t.state.value,
        "overdue": t.overdue(today()), "workdays": t.workdays, "notice_title": t.notice_title,
        "issued_on": t.issued_on.isoformat() if t.issued_on else None,
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "submitted_at": t.submitted_at.isoformat() if t.submitted_at else None,
        "reason": t.reason, "item_count": len(t.items),
    }  # fmt: skip
    if items:
        store = request.app.state.store
        names = target_names(store, me, t.round_name, ((i.target_kind.value, i.target) for i in t.items))
        out["report_file"] = t.report_file
        out["items"] = [
            {"id": i.id, "target_kind": i.target_kind.value, "target": i.target,
             "name": names.get((i.target_kind.value, i.target), i.target), "code": i.code, "message": i.message,
             "evidence": i.evidence, "response": i.response, "proofs": list(i.proofs),
             "recheck": i.recheck.value if i.recheck else None, "recheck_evidence": i.recheck_evidence}
            for i in t.items
        ]  # fmt: skip
    return out


@router.get("/tasks", summary="整改任务列表（本人可见范围）")
def tasks(
    request: Request,
    me: Me,
    round: Annotated[str, Query(max_length=200, description="轮次名称")] = "",
    state: Annotated[str, Query(max_length=20, description="状态，如 整改中")] = "",
) -> dict[str, Any]:
    authorize(me, Perm.VIEW)
    rows = list_tasks(request.app.state.store, round or None, me.units)
    shown = [t for t in rows if visible(me, t) and state in ("", t.state.value)]
    return {
        "items": [task_json(request, me, t, items=False) for t in shown],
        "states": [s.value for s in State],
    }


@router.get("/tasks/{task_id}", summary="一个整改任务：各项问题、整改情况与复查结果")
def task(request: Request, me: Me, task_id: int) -> dict[str, Any]:
    return task_json(request, me, task_in_scope(request, me, task_id), items=True)


@router.post("/tasks/{task_id}/transitions", summary="办理整改任务（下发、签收、验收、退回、无需整改）")
def move(request: Request, me: Me, task_id: int, body: MoveBody) -> Response:
    t = task_in_scope(request, me, task_id)
    if body.move not in API_MOVES:
        return refusal(400, "invalid", f"不支持操作“{body.move}”（可用：{'、'.join(API_MOVES)}）")
    try:
        done = transition(request.app.state.store, t.id, body.move, me.user, me.units, reason=body.reason,
                          ip=client_ip(request))  # fmt: skip
    except UserError as e:
        return refusal(409, "refused", str(e))
    return JSONResponse(task_json(request, me, done, items=True))


@router.post(
    "/tasks/{task_id}/recheck", summary="开始复查（后台任务），进度见任务的 recheck_job", status_code=202
)
def recheck(request: Request, me: Me, task_id: int) -> Response:
    t = task_in_scope(request, me, task_id)
    try:
        job = start_recheck(request, me, t)
    except UserError as e:
        return refusal(409, "refused", str(e))
    return JSONResponse({"task": t.id, "pid": job.proc.pid, "started_at": job.started_at.isoformat()},
                        status_code=202)  # fmt: skip
