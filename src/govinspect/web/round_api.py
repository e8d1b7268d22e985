"""JSON API of rounds and notices: create a round, start its run, list and download its report files.

Same permissions, scope, audit and code paths as the pages (`web.round_pages`, `web.notice_pages`);
a refusal is `{"error": {"code", "message"}}` with the Chinese line.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from govinspect.errors import UserError
from govinspect.jobs.rounds import new_round
from govinspect.web import notices as n
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, principal
from govinspect.web.authz import Perm, Principal, authorize
from govinspect.web.notice_pages import file_response
from govinspect.web.round_jobs import JobRefused, round_progress
from govinspect.web.round_pages import jobs_of, round_fields

router = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]


class NewRound(BaseModel):
    name: str = Field(max_length=200, description="轮次名称，如 2023Q2")
    checkpoint: str = Field(max_length=40, description="监测时间点（YYYY-MM-DD，北京时间）")
    profile: str = Field("national-2019", max_length=200, description="检查指标画像（内置名称）")
    units: list[str] = Field(default_factory=list, description="只检查这些单位（空：全部单位）")


def refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


@router.post("/rounds", summary="新建检查轮次", status_code=201)
def create_round(request: Request, me: Me, body: NewRound) -> Response:
    authorize(me, Perm.RUN)
    try:
        rnd = new_round(request.app.state.store, body.name, body.checkpoint, body.profile, body.units,
                        profile_files=False)  # fmt: skip
    except UserError as e:
        return refusal(400, "invalid", str(e))
    request.app.state.users.audit(me.user.name, "新建检查轮次", f"轮次:{rnd.name}", ip=client_ip(request),
                                  after=round_fields(rnd.name, body.checkpoint, rnd.profile, list(rnd.scope_units)))  # fmt: skip
    return JSONResponse({"name": rnd.name, "checkpoint": rnd.checkpoint.isoformat(), "profile": rnd.profile,
                         "units": list(rnd.scope_units), "status": rnd.status.value}, status_code=201)  # fmt: skip


@router.post("/rounds/{round_name}/run", summary="开始运行检查轮次（后台进程）", status_code=202)
def run_round(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.RUN)
    rnd = q.round_named(request.app.state.store, me, round_name)
    try:
        job = jobs_of(request).start_run(rnd.name, me.user.name)
    except JobRefused as e:
        return refusal(409, "busy", str(e))
    request.app.state.users.audit(me.user.name, "运行检查轮次", f"轮次:{rnd.name}", ip=client_ip(request),
                                  detail=f"进程号 {job.proc.pid}")  # fmt: skip
    return JSONResponse({"round": rnd.name, "pid": job.proc.pid, "started_at": job.started_at.isoformat()},
                        status_code=202)  # fmt: skip


@router.get("/rounds/{round_name}/progress", summary="检查轮次的运行进度")
def progress(request: Request, me: Me, round_name: str) -> dict[str, Any]:
    authorize(me, Perm.RUN)
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    p = round_progress(store, rnd.name, jobs_of(request).get(rnd.name))
    return {
        "round": rnd.name, "active": p.active, "total": p.total, "done": p.done, "failed": p.failed,
        "running": p.running, "eta_seconds": p.eta_s, "exit_code": p.exit_code, "last_line": p.last_line,
        "unverified": [{"unit": u, "name": n_, "reason": r} for u, n_, r in p.unverified],
    }  # fmt: skip


@router.get("/rounds/{round_name}/reports", summary="某轮次的通报与附件文件（草稿与发布版）")
def reports(request: Request, me: Me, round_name: str) -> dict[str, Any]:
    settings, store = request.app.state.settings, request.app.state.store
    rnd = q.round_named(store, me, round_name)
    pub = store.published_notice(rnd.name)
    files = {v: [f.as_json() for f in n.visible_files(settings, store, me, rnd.name, v)] for v in n.VERSIONS}
    out: dict[str, Any] = {
        "round": rnd.name,
        "published": {
            "published_by": pub.published_by if pub else None,
            "published_at": pub.published_at.isoformat() if pub else None,
            "files": files[n.PUBLISHED],
        },
    }
    if me.units is None:  # drafts are the office's
        out["draft"] = {"files": files[n.DRAFT]}
    return out


@router.get("/rounds/{round_name}/reports/{version}/{name:path}", summary="下载一个通报或附件文件")
def report_file(request: Request, me: Me, round_name: str, version: str, name: str) -> Response:
    return file_response(request, me, round_name, version, name)


@router.get("/rounds/{round_name}/versions", summary="通报发布后重新判定形成的版本及其与发布版的差异")
def versions(request: Request, me: Me, round_name: str) -> dict[str, Any]:
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    pub = store.published_notice(rnd.name)
    return {
        "round": rnd.name,
        "published_at": pub.published_at.isoformat() if pub else None,
        "versions": [{"version": n, "created_at": at.isoformat(), "changes": [c.as_json() for c in changes]}
                     for n, at, changes in q.versions(store, me, rnd.name)],
    }  # fmt: skip
