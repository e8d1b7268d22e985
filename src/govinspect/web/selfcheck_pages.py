"""单位自查 in the browser: a unit starts one on its own site or account and reads the findings privately.

Starting goes through `rectify.selfcheck` (role, own target, daily limit, audit); the inspection runs
as a background `selfcheck run`. A self-inspection outside the user's scope answers 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govinspect import model as m
from govinspect.config import load_office_config
from govinspect.errors import UserError
from govinspect.privacy import mask_personal_data
from govinspect.rectify.selfcheck import (
    SelfInspection,
    get_inspection,
    list_inspections,
    own_targets,
    request_inspection,
)
from govinspect.rectify.tasks import RectifyError
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import NotFound, Perm, Principal, authorize
from govinspect.web.round_jobs import Jobs, last_line, selfcheck_key

router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
Me = Annotated[Principal, Depends(principal)]


def _list(request: Request, me: Principal, error: str = "", status: int = 200) -> Response:
    store = request.app.state.store
    every = own_targets(store.load_registry(), me.units)
    targets = every if me.user.role == "unit" else []
    names = {(k.value, key): name for k, key, name, _ in every}
    return render(request, "selfchecks.html", status=status, rows=list_inspections(store, me.units),
                  targets=targets, error=error, mask=mask_personal_data, names=names,
                  per_day=load_office_config(request.app.state.settings).self_inspections_per_day)  # fmt: skip


@router.get("/self-inspections", response_class=HTMLResponse)
def selfcheck_list(request: Request, me: Me) -> Response:
    authorize(me, Perm.VIEW)
    return _list(request, me)


@router.post("/self-inspections", response_class=HTMLResponse)
def selfcheck_start(request: Request, me: Me, target: Annotated[str, Form(max_length=400)]) -> Response:
    """Start a 自查 of one own target (`site:<code>` or `account:<key>`); it runs in the background."""
    authorize(me, Perm.VIEW)
    kind_text, _, key = target.partition(":")
    kind = {"site": m.TargetKind.SITE, "account": m.TargetKind.ACCOUNT}.get(kind_text)
    settings = request.app.state.settings
    try:
        if kind is None:
            raise RectifyError("请选择要自查的网站或账号")
        s = request_inspection(request.app.state.store, kind, key, me.user, me.units,
                               per_day=load_office_config(settings).self_inspections_per_day, ip=client_ip(request))  # fmt: skip
    except UserError as e:
        return _list(request, me, str(e), 400)
    jobs: Jobs = request.app.state.jobs
    jobs.start_selfcheck(s.id, me.user.name)
    return RedirectResponse(f"/self-inspections/{s.id}", status_code=303)


def _inspection(request: Request, me: Principal, inspection_id: int) -> SelfInspection:
    authorize(me, Perm.VIEW)
    try:
        s = get_inspection(request.app.state.store, inspection_id, me.units)
    except RectifyError:
        raise NotFound from None
    authorize(me, Perm.VIEW, s.unit, owned=True)
    return s


@router.get("/self-inspections/{inspection_id}", response_class=HTMLResponse)
def selfcheck_page(request: Request, me: Me, inspection_id: int) -> Response:
    s = _inspection(request, me, inspection_id)
    job = request.app.state.jobs.get(selfcheck_key(s.id))
    failed_line = last_line(job.log) if job is not None and not job.running and job.proc.returncode else ""
    names = {
        (k.value, key): name for k, key, name, _ in own_targets(request.app.state.store.load_registry(), None)
    }
    return render(request, "selfcheck.html", s=s, target_name=names.get((s.target_kind.value, s.target), s.target),
                  failed_line=failed_line, mask=mask_personal_data)  # fmt: skip
