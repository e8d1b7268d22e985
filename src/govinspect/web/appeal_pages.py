"""申诉 in the browser and the API: a unit files one from a finding or a task item, the supervisor decides.

Every step goes through `rectify.appeals` and `jobs.appeals` (role, state, scope, audit); these
routes read forms and show results. An appeal or finding outside the user's scope answers 404.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from govinspect.errors import UserError
from govinspect.jobs.appeals import reject_appeal, uphold_appeal
from govinspect.privacy import mask_personal_data
from govinspect.rectify import RectifyError, get_task
from govinspect.rectify.appeals import (
    FOLDER,
    Appeal,
    AppealState,
    file_appeal,
    finding_id_of,
    get_appeal,
    list_appeals,
)
from govinspect.rectify.files import PROOF_MAX_BYTES
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import NotFound, Perm, Principal, authorize
from govinspect.web.notices import content_disposition
from govinspect.web.round_api import refusal
from govinspect.web.uploads import safe_name

pages = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
api = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]
DECISIONS = {"uphold": "申诉成立", "reject": "驳回"}


def _appeal(request: Request, me: Principal, appeal_id: int) -> Appeal:
    authorize(me, Perm.VIEW)
    try:
        a = get_appeal(request.app.state.store, appeal_id, me.units)
    except RectifyError:
        raise NotFound from None
    authorize(me, Perm.VIEW, a.unit, owned=True)
    return a


def decide(request: Request, me: Principal, a: Appeal, decision: str, reason: str) -> Appeal:
    """申诉成立 (the finding becomes 误报, the round re-judged) or 驳回, as the page and the API ask."""
    store, ip = request.app.state.store, client_ip(request)
    if decision == "uphold":
        return uphold_appeal(request.app.state.settings, store, a.id, me.user, me.units, reason=reason, ip=ip)
    if decision == "reject":
        return reject_appeal(store, a.id, me.user, me.units, reason=reason, ip=ip)
    raise UserError("处理结果只能是“申诉成立”或“驳回”")


def appeal_json(a: Appeal) -> dict[str, Any]:
    return {
        "id": a.id, "round": a.round_name, "unit": a.unit, "target_kind": a.target_kind.value,
        "target": a.target, "code": a.code, "message": a.message, "evidence": a.evidence, "reason": a.reason,
        "file": {k: a.file[k] for k in ("name", "sha256", "size")} if a.file else None,
        "state": a.state.value, "filed_by": a.filed_by, "filed_at": a.filed_at.isoformat(),
        "decided_by": a.decided_by, "decided_at": a.decided_at.isoformat() if a.decided_at else None,
        "decision": a.decision,
    }  # fmt: skip


# -- pages -----------------------------------------------------------------------------
def names_of(
    request: Request, me: Principal, rows: list[tuple[str, str, str]]
) -> dict[tuple[str, str, str], str]:
    """The names of (round, target kind, target) as the rounds' results give them (the code when none)."""
    store = request.app.state.store
    out: dict[tuple[str, str, str], str] = {}
    for rn in {r for r, _, _ in rows}:
        found = q.target_names(store, me, rn, [(k, t) for r, k, t in rows if r == rn])
        out |= {(rn, k, t): n for (k, t), n in found.items()}
    return out


def _list(request: Request, me: Principal, state: str, error: str = "", status: int = 200) -> Response:
    rows = list_appeals(request.app.state.store, me.units, state=state or None)
    names = names_of(request, me, [(a.round_name, a.target_kind.value, a.target) for a in rows])
    return render(request, "appeals.html", status=status, rows=rows, f_state=state, error=error, names=names,
                  states=[s.value for s in AppealState], mask=mask_personal_data)  # fmt: skip


@pages.get("/appeals", response_class=HTMLResponse)
def appeal_list(request: Request, me: Me, state: str = "") -> Response:
    """Appeals in scope (a unit its own; the office all), pending first by default for the office."""
    authorize(me, Perm.VIEW)
    return _list(request, me, state)


def _new_page(request: Request, me: Principal, finding_id: int, error: str = "", status: int = 200,
              reason: str = "", back: str = "") -> Response:  # fmt: skip
    f = q.finding(request.app.state.store, me, finding_id)  # 404 outside scope
    key = (f.round_name, f.target_kind, f.target)
    return render(request, "appeal_new.html", status=status, f=f, error=error, reason=reason, back=back,
                  target_name=names_of(request, me, [key]).get(key, f.target),
                  max_file=PROOF_MAX_BYTES // (1024 * 1024), mask=mask_personal_data)  # fmt: skip


@pages.get("/appeals/new", response_class=HTMLResponse)
def appeal_new(
    request: Request,
    me: Me,
    finding: Annotated[int | None, Query()] = None,
    task: Annotated[int | None, Query()] = None,
    item: Annotated[int | None, Query()] = None,
) -> Response:
    """The form of an appeal of one finding, reached from the target page or a task's item."""
    authorize(me, Perm.VIEW)
    store = request.app.state.store
    back = ""
    if finding is None and task is not None and item is not None:
        try:
            t = get_task(store, task, me.units)
        except RectifyError:
            raise NotFound from None
        it = next((i for i in t.items if i.id == item), None)
        finding = finding_id_of(store, t.round_name, it) if it is not None else None
        back = f"/tasks/{t.id}"
    if finding is None and task is None:  # no finding named: the list of appeals
        return RedirectResponse("/appeals", status_code=303)
    if finding is None:
        raise NotFound
    return _new_page(request, me, finding, back=back)


@pages.post("/appeals", response_class=HTMLResponse)
async def appeal_file(request: Request, me: Me) -> Response:
    """The unit's appeal: reason and an optional evidence file (PDF, image or .docx), checked by content."""
    form = await request.form(max_files=1, max_fields=10)
    raw = str(form.get("finding_id") or "")
    if not raw.isdigit():
        raise NotFound
    finding_id, reason, back = int(raw), str(form.get("reason") or ""), str(form.get("back") or "")
    q.finding(request.app.state.store, me, finding_id)  # 404 outside scope, before anything else
    upload = form.get("evidence")
    try:
        with tempfile.TemporaryDirectory(prefix="govinspect-appeal-") as d:
            path = None
            if isinstance(upload, UploadFile) and upload.filename:
                path = Path(d) / safe_name(upload.filename)
                path.write_bytes(await upload.read(PROOF_MAX_BYTES + 1))
            a = file_appeal(request.app.state.store, request.app.state.settings.data_dir, finding_id, me.user,
                            me.units, reason=reason, evidence=path, ip=client_ip(request))  # fmt: skip
    except UserError as e:
        return _new_page(request, me, finding_id, str(e), 400, reason, back)
    return RedirectResponse(f"/appeals/{a.id}", status_code=303)


@pages.get("/appeals/{appeal_id}", response_class=HTMLResponse)
def appeal_page(request: Request, me: Me, appeal_id: int, error: str = "", status: int = 200) -> Response:
    a = _appeal(request, me, appeal_id)
    history = list(reversed(request.app.state.users.audit_entries(obj=f"申诉:{a.id}", limit=None)))
    key = (a.round_name, a.target_kind.value, a.target)
    return render(request, "appeal.html", status=status, a=a, error=error, history=history,
                  target_name=names_of(request, me, [key]).get(key, a.target),
                  mask=mask_personal_data)  # fmt: skip


@pages.post("/appeals/{appeal_id}/decide", response_class=HTMLResponse)
def appeal_decide(
    request: Request,
    me: Me,
    appeal_id: int,
    decision: Annotated[str, Form(max_length=20)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    a = _appeal(request, me, appeal_id)
    try:
        decide(request, me, a, decision, reason)
    except UserError as e:
        return appeal_page(request, me, a.id, str(e), 409)
    return RedirectResponse(f"/appeals/{a.id}", status_code=303)


@pages.get("/appeals/{appeal_id}/file")
def appeal_evidence(request: Request, me: Me, appeal_id: int) -> Response:
    """The unit's evidence file, found from the appeal's own record (never a path from the request)."""
    a = _appeal(request, me, appeal_id)
    if not a.file:
        raise NotFound
    data_dir: Path = request.app.state.settings.data_dir
    path = (data_dir / a.file["path"]).resolve()
    if path.parent != (data_dir / "rectify" / FOLDER).resolve() or not path.is_file():
        raise NotFound
    name = f"申诉{a.id}-{safe_name(str(a.file.get('name') or path.name))}"
    return FileResponse(path, media_type="application/octet-stream",
                        headers={"Content-Disposition": content_disposition(name)})  # fmt: skip


# -- API -------------------------------------------------------------------------------
class AppealBody(BaseModel):
    reason: str = Field(max_length=2000, description="申诉理由")


class DecisionBody(BaseModel):
    decision: str = Field(
        max_length=20, description="uphold（申诉成立，问题改为误报并重新评分）或 reject（驳回）"
    )
    reason: str = Field("", max_length=2000, description="处理意见（驳回必填）")


@api.get("/appeals", summary="申诉列表（本人可见范围）")
def api_appeals(request: Request, me: Me, state: Annotated[str, Query(max_length=20)] = "") -> dict[str, Any]:
    authorize(me, Perm.VIEW)
    return {
        "items": [
            appeal_json(a) for a in list_appeals(request.app.state.store, me.units, state=state or None)
        ]
    }


@api.get("/appeals/{appeal_id}", summary="一条申诉及其处理结果")
def api_appeal(request: Request, me: Me, appeal_id: int) -> dict[str, Any]:
    return appeal_json(_appeal(request, me, appeal_id))


@api.post("/findings/{finding_id}/appeal", summary="对本单位的一条问题提出申诉", status_code=201)
def api_file(request: Request, me: Me, finding_id: int, body: AppealBody) -> Response:
    q.finding(request.app.state.store, me, finding_id)  # 404 outside scope
    try:
        a = file_appeal(request.app.state.store, request.app.state.settings.data_dir, finding_id, me.user,
                        me.units, reason=body.reason, ip=client_ip(request))  # fmt: skip
    except UserError as e:
        return refusal(409, "refused", str(e))
    return JSONResponse(appeal_json(a), status_code=201)


@api.post("/appeals/{appeal_id}/decision", summary="处理申诉：申诉成立或驳回")
def api_decide(request: Request, me: Me, appeal_id: int, body: DecisionBody) -> Response:
    a = _appeal(request, me, appeal_id)
    try:
        done = decide(request, me, a, body.decision, body.reason)
    except UserError as e:
        return refusal(409, "refused", str(e))
    return JSONResponse(appeal_json(done))
