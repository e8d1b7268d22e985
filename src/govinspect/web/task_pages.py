"""整改任务 in the browser: list, detail, the moves as POST forms, the unit's submission and its files.

Every move goes through `rectify` (`transition`, `submit`) and `jobs.recheck`, which check the
state, the role and the scope and write the audit log; these pages only read forms and show results.
A task outside the user's scope, or one not yet issued for a unit user, answers 404.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.privacy import mask_personal_data
from govinspect.rectify import RectifyError, State, Task, check_move, get_task, list_tasks, submit, transition
from govinspect.rectify.appeals import appeals_of, item_fingerprint
from govinspect.rectify.files import PROOF_MAX_BYTES, REPORT_MAX_BYTES
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import NotFound, Perm, Principal, authorize
from govinspect.web.notices import content_disposition
from govinspect.web.queries import target_names
from govinspect.web.round_jobs import Job, JobRefused, Jobs, last_line, recheck_key
from govinspect.web.uploads import safe_name

MAX_PROOFS = 20  # proof files in one submission
SUBMIT_MAX_BYTES = REPORT_MAX_BYTES + MAX_PROOFS * PROOF_MAX_BYTES + 256 * 1024
FORM_MOVES = ("sign", "accept", "return", "exempt", "approve_exempt", "reject_exempt")  # plain forms


async def submit_limit(request: Request) -> None:
    """Refuse an oversized request from its Content-Length (413), before the body is read."""
    size = request.headers.get("content-length", "")
    if request.method == "POST" and size.isdigit() and int(size) > SUBMIT_MAX_BYTES:
        raise StarletteHTTPException(413)


router = APIRouter(dependencies=[Depends(submit_limit), Depends(csrf_guard)], include_in_schema=False)
Me = Annotated[Principal, Depends(principal)]


def visible(me: Principal, t: Task) -> bool:
    """A unit user sees its units' tasks once issued; office roles see every task."""
    return me.sees(t.unit) and (me.units is None or t.state != State.PENDING)


def task_in_scope(request: Request, me: Principal, task_id: int) -> Task:
    authorize(me, Perm.VIEW)
    try:
        t = get_task(request.app.state.store, task_id, me.units)
    except RectifyError:
        raise NotFound from None
    authorize(me, Perm.VIEW, t.unit, owned=True)
    if not visible(me, t):
        raise NotFound
    return t


def today() -> dt.date:
    return dt.datetime.now(m.TZ).date()


def _history(request: Request, task_id: int) -> list[Any]:
    """The task's audit entries, oldest first."""
    entries = request.app.state.users.audit_entries(obj=f"整改任务:{task_id}", limit=None)
    return list(reversed(entries))


def _page(
    request: Request,
    me: Principal,
    t: Task,
    error: str | None = None,
    status: int = 200,
    answers: dict[int, str] | None = None,
) -> Response:
    """The task page; a refused submission shows again what the unit typed."""
    typed = {i.id: i.response for i in t.items} | (answers or {})
    names = target_names(
        request.app.state.store, me, t.round_name, ((i.target_kind.value, i.target) for i in t.items)
    )
    by_fp = appeals_of(request.app.state.store, t.round_name)
    appeals = {i.id: by_fp[fp] for i in t.items if (fp := item_fingerprint(i)) in by_fp}
    return render(request, "task.html", status=status, t=t, error=error, today=today(), typed=typed, names=names,
                  appeals=appeals, overdue=t.overdue(today()), job=recheck_job(request, t),
                  history=_history(request, t.id), mask=mask_personal_data,
                  max_report=REPORT_MAX_BYTES // (1024 * 1024), max_proof=PROOF_MAX_BYTES // (1024 * 1024))  # fmt: skip


@router.get("/tasks", response_class=HTMLResponse)
def task_list(request: Request, me: Me, round: str = "", state: str = "", overdue: str = "") -> Response:
    """Tasks in scope, filtered by round, state and 逾期."""
    authorize(me, Perm.VIEW)
    store, day = request.app.state.store, today()
    tasks = [t for t in list_tasks(store, None, me.units) if visible(me, t)]
    rounds = sorted({t.round_name for t in tasks}, reverse=True)
    shown = [
        t
        for t in tasks
        if round in ("", t.round_name) and state in ("", t.state.value) and (not overdue or t.overdue(day))
    ]
    pending_rounds = sorted({t.round_name for t in tasks if t.state == State.PENDING}, reverse=True)
    return render(request, "tasks.html", tasks=shown, rounds=rounds, states=[s.value for s in State],
                  f_round=round, f_state=state, f_overdue=bool(overdue), today=day,
                  pending_rounds=pending_rounds)  # fmt: skip


@router.get("/tasks/{task_id}", response_class=HTMLResponse)
def task_page(request: Request, me: Me, task_id: int) -> Response:
    return _page(request, me, task_in_scope(request, me, task_id))


@router.post("/tasks/issue", response_class=HTMLResponse)
def issue(
    request: Request,
    me: Me,
    round: Annotated[str, Form(max_length=200)] = "",
    task_id: Annotated[int | None, Form()] = None,
) -> Response:
    """下发 one task, or every 待下发 task of a round; the deadline counts working days from today."""
    authorize(me, Perm.RUN)
    store = request.app.state.store
    if task_id is not None:
        ids = [task_in_scope(request, me, task_id).id]
    else:
        ids = [t.id for t in list_tasks(store, round or None, me.units) if t.state == State.PENDING]
        if not round or not ids:
            return render(request, "error.html", status=409, status_code=409,
                          message=f"轮次“{round}”没有待下发的整改任务")  # fmt: skip
    for i in ids:
        try:
            transition(store, i, "issue", me.user, me.units, ip=client_ip(request))
        except UserError as e:
            return _page(request, me, task_in_scope(request, me, i), str(e), 409)
    target = f"/tasks/{ids[0]}" if task_id is not None else "/tasks"
    return RedirectResponse(target, status_code=303)


@router.post("/tasks/{task_id}/move", response_class=HTMLResponse)
def move(
    request: Request,
    me: Me,
    task_id: int,
    move: Annotated[str, Form(max_length=30)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """签收, 验收, 退回, 申请无需整改 and the office's answer: the role and state rules are `transition`'s."""
    t = task_in_scope(request, me, task_id)
    if move not in FORM_MOVES:
        return _page(request, me, t, "不支持该操作", 400)
    try:
        transition(
            request.app.state.store, t.id, move, me.user, me.units, reason=reason, ip=client_ip(request)
        )
    except UserError as e:
        return _page(request, me, t, str(e), 409)
    return RedirectResponse(f"/tasks/{t.id}", status_code=303)


def start_recheck(request: Request, me: Principal, t: Task, *, auto: bool = False) -> Job:
    """Start the task's 复查 as a background `task recheck` (the request never crawls); audited there."""
    if not auto:
        authorize(me, Perm.RUN)
        check_move(t, "recheck", me.user)  # refuse at once what the job would refuse
    jobs: Jobs = request.app.state.jobs
    by = f"单位提交后系统自动启动（{me.user.name}）" if auto else me.user.name
    return jobs.start_recheck(t.id, None if auto else me.user.name, by)


def recheck_job(request: Request, t: Task) -> dict[str, Any] | None:
    """The task's 复查 job this server started (running, or its end and last line when it failed)."""
    job = request.app.state.jobs.get(recheck_key(t.id))
    if job is None:
        return None
    running = job.running and t.state == State.SUBMITTED  # once the task moved, the job's work is done
    failed = not job.running and job.proc.returncode != 0
    return {"running": running, "failed": failed, "by": job.started_by, "started_at": job.started_at,
            "last_line": last_line(job.log) if failed else ""}  # fmt: skip


@router.post("/tasks/{task_id}/recheck", response_class=HTMLResponse)
def recheck(request: Request, me: Me, task_id: int) -> Response:
    """复查: only the items' pages are fetched again, in a background job whose state the task page shows."""
    t = task_in_scope(request, me, task_id)
    try:
        start_recheck(request, me, t)
    except UserError as e:
        return _page(request, me, t, str(e), 409)
    return RedirectResponse(f"/tasks/{t.id}", status_code=303)


@router.post("/tasks/{task_id}/submit", response_class=HTMLResponse)
async def hand_in(request: Request, me: Me, task_id: int) -> Response:
    """The unit's 提交: an answer per item, optional proof per item and the signed 整改报告."""
    t = task_in_scope(request, me, task_id)
    form = await request.form(max_files=MAX_PROOFS + 1, max_fields=2 * len(t.items) + 10)
    answers = {i.id: str(form.get(f"answer_{i.id}") or "") for i in t.items}
    report = form.get("report")
    if not isinstance(report, UploadFile) or not report.filename:
        return _page(request, me, t, "请上传加盖公章的整改报告（PDF 或 PNG/JPEG 扫描件）", 400, answers)
    uploads = [
        f for i in t.items for f in form.getlist(f"proof_{i.id}") if isinstance(f, UploadFile) and f.filename
    ]
    if len(uploads) > MAX_PROOFS:
        return _page(request, me, t, f"佐证材料一次最多上传 {MAX_PROOFS} 份，请合并后重试", 400, answers)
    with tempfile.TemporaryDirectory(prefix="govinspect-rectify-") as d:
        try:
            report_path = await _keep(Path(d) / "report", report, REPORT_MAX_BYTES)
            proofs: dict[int, list[Path]] = {}
            for n, i in enumerate(t.items):
                for k, f in enumerate(form.getlist(f"proof_{i.id}")):
                    if isinstance(f, UploadFile) and f.filename:
                        kept = await _keep(Path(d) / f"proof-{n}-{k}", f, PROOF_MAX_BYTES)
                        proofs.setdefault(i.id, []).append(kept)
            submit(request.app.state.store, request.app.state.settings.data_dir, t.id, me.user, me.units,
                   answers=answers, report=report_path, proofs=proofs, ip=client_ip(request))  # fmt: skip
        except UserError as e:
            return _page(request, me, t, str(e), 400, answers)
    if request.app.state.jobs.auto_recheck:
        with contextlib.suppress(JobRefused):  # an earlier 复查 of this task still runs
            start_recheck(request, me, t, auto=True)
    return RedirectResponse(f"/tasks/{t.id}", status_code=303)


async def _keep(folder: Path, upload: UploadFile, limit: int) -> Path:
    """The upload in a temporary file under its own (cleaned) name; `rectify.check_file` judges it."""
    folder.mkdir()
    path = folder / safe_name(upload.filename or "")
    data = await upload.read(limit + 1)
    path.write_bytes(data)
    return path


@router.get("/tasks/{task_id}/files/{sha256}")
def task_file(request: Request, me: Me, task_id: int, sha256: str) -> Response:
    """A file the unit handed in, found by its checksum among the task's records (never a request path)."""
    t = task_in_scope(request, me, task_id)
    records = [t.report_file] if t.report_file else []
    records += [p for i in t.items for p in i.proofs]
    rec = next((r for r in records if r.get("sha256") == sha256), None)
    if rec is None:
        raise NotFound
    data_dir: Path = request.app.state.settings.data_dir
    folder = (data_dir / "rectify" / str(t.id)).resolve()
    path = (data_dir / rec["path"]).resolve()
    if path.parent != folder or not path.name.startswith(sha256) or not path.is_file():
        raise NotFound
    name = f"整改任务{t.id}-{safe_name(str(rec.get('name') or path.name))}"
    return FileResponse(path, media_type="application/octet-stream",
                        headers={"Content-Disposition": content_disposition(name)})  # fmt: skip
