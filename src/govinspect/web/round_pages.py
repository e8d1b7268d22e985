"""检查轮次 in the browser: create a round, run it with live progress, stop it, rejudge it.

Creation goes through `jobs.rounds.new_round` (the CLI's checks); running and rejudging start the
CLI's own commands in the background (`web.round_jobs`). Every state change is audited.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.jobs.rounds import check_profile, new_round
from govinspect.rules import available_profiles
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import Perm, Principal, authorize
from govinspect.web.round_jobs import JobRefused, Jobs, round_progress

router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
Me = Annotated[Principal, Depends(principal)]
SOURCES = {m.RoundSource.CRAWL.value: "重新抓取", m.RoundSource.MONITORING.value: "常态化监测数据"}


def q_name(name: str) -> str:
    """A round name as one URL path segment."""
    return quote(name, safe="")


def jobs_of(request: Request) -> Jobs:
    jobs: Jobs = request.app.state.jobs
    return jobs


def round_fields(
    rnd_name: str, checkpoint: str, profile: str, units: list[str], source: str = "crawl"
) -> dict[str, object]:
    """A new round as the audit log records it."""
    return {"name": rnd_name, "checkpoint": checkpoint, "profile": profile, "units": units,
            "source": SOURCES.get(source, source)}  # fmt: skip


def _form(request: Request, error: str | None = None, status: int = 200, **values: object) -> Response:
    store = request.app.state.store
    v = {"name": "", "checkpoint": "", "profile": "national-2019", "scope": "all", "units": [], "source": "crawl",
         **values}  # fmt: skip
    return render(request, "round_new.html", status=status, error=error, v=v,
                  profiles=available_profiles(), all_units=sorted(store.unit_names()))  # fmt: skip


@router.get("/rounds/new", response_class=HTMLResponse)
def new_round_page(request: Request, me: Me) -> Response:
    authorize(me, Perm.RUN)
    return _form(request)


@router.post("/rounds/new", response_class=HTMLResponse)
def new_round_submit(
    request: Request,
    me: Me,
    name: Annotated[str, Form(max_length=200)] = "",
    checkpoint: Annotated[str, Form(max_length=40)] = "",
    profile: Annotated[str, Form(max_length=200)] = "",
    scope: Annotated[str, Form(max_length=20)] = "all",
    units: Annotated[list[str] | None, Form()] = None,
    source: Annotated[str, Form(max_length=20)] = "crawl",
) -> Response:
    authorize(me, Perm.RUN)
    chosen = (units or []) if scope == "units" else []
    values = {"name": name, "checkpoint": checkpoint, "profile": profile, "scope": scope, "units": chosen,
              "source": source}  # fmt: skip
    if scope == "units" and not chosen:
        return _form(request, "按单位检查时请至少选择一个单位", 400, **values)
    if source not in SOURCES:
        return _form(request, "请选择数据来源：重新抓取或常态化监测数据", 400, **values)
    try:
        new_round(request.app.state.store, name, checkpoint, profile, chosen, profile_files=False,
                  source=m.RoundSource(source))  # fmt: skip
    except UserError as e:
        return _form(request, str(e), 400, **values)
    request.app.state.users.audit(me.user.name, "新建检查轮次", f"轮次:{name}",
                                  after=round_fields(name, checkpoint, profile, chosen, source), ip=client_ip(request))  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(name)}/run", status_code=303)


def _run_page(
    request: Request, me: Principal, round_name: str, error: str | None = None, status: int = 200
) -> Response:
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    job = jobs_of(request).get(rnd.name)
    return render(request, "round_run.html", status=status, rnd=rnd, error=error, p=round_progress(store, rnd.name, job),
                  profiles=available_profiles())  # fmt: skip


@router.get("/rounds/{round_name}/run", response_class=HTMLResponse)
def run_page(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.RUN)
    return _run_page(request, me, round_name)


@router.get("/rounds/{round_name}/progress", response_class=HTMLResponse)
def progress_fragment(request: Request, me: Me, round_name: str) -> Response:
    """The progress block alone (polled by HTMX every 2 s while the round is being written)."""
    authorize(me, Perm.RUN)
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    p = round_progress(store, rnd.name, jobs_of(request).get(rnd.name))
    return render(request, "_round_progress.html", rnd=rnd, p=p)


@router.post("/rounds/{round_name}/run", response_class=HTMLResponse)
def run_start(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.RUN)
    rnd = q.round_named(request.app.state.store, me, round_name)
    try:
        job = jobs_of(request).start_run(rnd.name, me.user.name)
    except JobRefused as e:
        return _run_page(request, me, rnd.name, str(e), 409)
    request.app.state.users.audit(me.user.name, "运行检查轮次", f"轮次:{rnd.name}", ip=client_ip(request),
                                  detail=f"进程号 {job.proc.pid}")  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(rnd.name)}/run", status_code=303)


@router.post("/rounds/{round_name}/stop", response_class=HTMLResponse)
def run_stop(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.RUN)
    rnd = q.round_named(request.app.state.store, me, round_name)
    try:
        job = jobs_of(request).stop(rnd.name)
    except JobRefused as e:
        return _run_page(request, me, rnd.name, str(e), 409)
    request.app.state.users.audit(me.user.name, "中断检查轮次", f"轮次:{rnd.name}", ip=client_ip(request),
                                  detail=f"进程号 {job.proc.pid}")  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(rnd.name)}/run", status_code=303)


@router.post("/rounds/{round_name}/rejudge", response_class=HTMLResponse)
def rejudge(
    request: Request, me: Me, round_name: str, profile: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    authorize(me, Perm.RUN)
    rnd = q.round_named(request.app.state.store, me, round_name)
    try:
        jobs_of(request).start_rejudge(rnd.name, check_profile(profile, files=False), me.user.name)
    except JobRefused as e:
        return _run_page(request, me, rnd.name, str(e), 409)
    except UserError as e:
        return _run_page(request, me, rnd.name, str(e), 400)
    request.app.state.users.audit(me.user.name, "重新判定检查轮次", f"轮次:{rnd.name}", ip=client_ip(request),
                                  before={"profile": rnd.profile}, after={"profile": profile})  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(rnd.name)}/run", status_code=303)
