"""Server-rendered pages: 登录, 总览, 检查轮次, 目标详情, 存档页面, 单位工作台 (账号与用户: `web.user_pages`).

Each page resolves the user with `principal`, reads through `web.queries` (scoped) and renders a
template; every POST passes `csrf_guard`.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govinspect import model as m
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, error_response, principal, render
from govinspect.web.archive import ARCHIVE_CSP, ArchiveMissing, load_archived, render_archived
from govinspect.web.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, LoginRefused, csrf_ok, login
from govinspect.web.authz import Principal
from govinspect.web.evidence import archived_page_url, highlight_terms
from govinspect.web.export import results_csv
from govinspect.web.indicators import round_profile, score_breakdown
from govinspect.web.notices import content_disposition
from govinspect.web.review import queue_size, review_states

router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
public = APIRouter(include_in_schema=False)  # the login form: protected by its own pre-session CSRF cookie
Me = Annotated[Principal, Depends(principal)]


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


# -- login -----------------------------------------------------------------
@public.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    token = secrets.token_urlsafe(32)
    resp = render(request, "login.html", login_csrf=token, error=None)
    resp.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login"
    )
    return resp


@public.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    if not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        return error_response(request, 403, "页面已过期，请刷新登录页后重试。")
    users = request.app.state.users
    try:
        user = await login(users, username, password, client_ip(request), request.app.state.login_policy)
    except LoginRefused as e:
        token = secrets.token_urlsafe(32)
        resp = render(
            request, "login.html", status=e.status, login_csrf=token, error=e.message, username=username
        )
        resp.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), path="/login"
        )
        return resp
    token, _csrf = users.create_session(user.id)
    users.audit(user.name, "登录", f"用户:{user.name}", ip=client_ip(request))
    done = RedirectResponse("/", status_code=303)
    done.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/")
    done.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return done


@router.post("/logout")
def logout(request: Request, me: Me) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        request.app.state.users.end_session(token)
    request.app.state.users.audit(me.user.name, "退出登录", f"用户:{me.user.name}", ip=client_ip(request))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@router.get("/")
def home(me: Me) -> Response:
    return RedirectResponse("/workbench" if me.units is not None else "/dashboard", status_code=303)


# -- 总览 -------------------------------------------------------------------
def _pick_round(request: Request, me: Principal, name: str | None) -> m.Round | None:
    store = request.app.state.store
    if name:
        return q.round_named(store, me, name)
    rounds = q.rounds(store, me)
    return rounds[0] if rounds else None


REPEATS_SHOWN = 50  # 屡查屡犯 rows on the 总览 (the notice draft lists them all)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, me: Me, round: str | None = None) -> Response:
    store = request.app.state.store
    rnd = _pick_round(request, me, round)
    data = q.dashboard(store, me, rnd.name) if rnd else None
    pending = queue_size(store, me, rnd.name) if rnd else 0
    repeats = q.repeats(store, me, rnd.name) if rnd else []
    return render(request, "dashboard.html", rnd=rnd, data=data, rounds=q.rounds(store, me), pending=pending,
                  repeats=repeats[:REPEATS_SHOWN], repeat_total=len(repeats))  # fmt: skip


# -- 检查轮次 ---------------------------------------------------------------
@router.get("/rounds", response_class=HTMLResponse)
def rounds_page(request: Request, me: Me) -> Response:
    store = request.app.state.store
    rows = q.round_totals(store, me)
    return render(request, "rounds.html", rows=rows)


@router.get("/rounds/{round_name}", response_class=HTMLResponse)
def round_page(
    request: Request,
    me: Me,
    round_name: str,
    unit: str | None = None,
    verdict: str | None = None,
    kind: str | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    """The round's results table, TABLE_PAGE rows a page; filters and the CSV export cover every page."""
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    unit, verdict, kind = unit or None, verdict or None, kind or None
    total = q.count_results(store, me, rnd.name, unit=unit, verdict=verdict, kind=kind)
    rows = q.results(store, me, rnd.name, unit=unit, verdict=verdict, kind=kind,
                     limit=q.TABLE_PAGE, offset=(page - 1) * q.TABLE_PAGE)  # fmt: skip
    return render(
        request, "round.html", rnd=rnd, rows=rows, units=q.units_in_round(store, me, rnd.name),
        published=store.published_notice(rnd.name), versions=q.versions(store, me, rnd.name),
        verdicts=[v.value for v in m.Verdict], kinds=[k.value for k in m.TargetKind],
        f={"unit": unit or "", "verdict": verdict or "", "kind": kind or ""},
        total=total, page=page, pages=max(1, -(-total // q.TABLE_PAGE)),
    )  # fmt: skip


@router.get("/rounds/{round_name}/results.csv")
def round_export(
    request: Request,
    me: Me,
    round_name: str,
    unit: str | None = None,
    verdict: str | None = None,
    kind: str | None = None,
) -> Response:
    """The filtered results table as CSV (UTF-8 with BOM, so that Excel reads the Chinese)."""
    store = request.app.state.store
    rnd = q.round_named(store, me, round_name)
    rows = q.results(store, me, rnd.name, unit=unit or None, verdict=verdict or None, kind=kind or None)
    return Response(
        results_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition(f"{rnd.name}_检查结果.csv")},
    )


# -- 目标详情 ---------------------------------------------------------------
@router.get("/targets/{result_id}", response_class=HTMLResponse)
def target_page(
    request: Request, me: Me, result_id: int, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1
) -> Response:
    """A target's score by indicator, its findings with evidence (FINDINGS_PAGE a page) and its history."""
    store = request.app.state.store
    res = q.result(store, me, result_id)
    rnd = q.round_named(store, me, res.round_name)
    total = q.count_findings(
        store, me, round_name=res.round_name, target_kind=res.target_kind, target=res.target
    )
    findings = q.findings(store, me, round_name=res.round_name, target_kind=res.target_kind, target=res.target,
                          limit=q.FINDINGS_PAGE, offset=(page - 1) * q.FINDINGS_PAGE)  # fmt: skip
    profile = round_profile(rnd.profile)
    breakdown = score_breakdown(res, findings, profile)
    archive = {f.id: archived_page_url(f.evidence) for f in findings}
    reviews = {r.finding.id: r for r in review_states(store, res.round_name, findings)}
    history = q.history(store, me, res)
    return render(
        request, "target.html", res=res, rnd=rnd, findings=findings, breakdown=breakdown,
        profile=profile, archive=archive, history=history, reviews=reviews,
        repeats=q.target_repeats(store, me, res, [r.name for r, _ in history]),
        total=total, page=page, pages=max(1, -(-total // q.FINDINGS_PAGE)),
    )  # fmt: skip


@router.get("/findings/{finding_id}/archive", response_class=HTMLResponse)
def archived_page(request: Request, me: Me, finding_id: int) -> Response:
    """The archived page behind a finding, sanitised, evidence marked; shown in a sandboxed frame."""
    store = request.app.state.store
    f = q.finding(store, me, finding_id)
    url = archived_page_url(f.evidence)
    if f.target_kind != m.TargetKind.SITE.value or url is None:
        text = "该问题没有对应的网站存档页面。"
        return HTMLResponse(_archive_note(text), headers={"Content-Security-Policy": ARCHIVE_CSP})
    snap = request.app.state.settings.round_dir(f.round_name) / "sites" / f.target
    try:
        html, captured = load_archived(snap, url)
    except ArchiveMissing as e:
        return HTMLResponse(_archive_note(str(e)), headers={"Content-Security-Policy": ARCHIVE_CSP})
    texts, links = highlight_terms(f.evidence)
    page = render_archived(html, captured_at=q.fmt_time(captured), url=url, texts=texts, links=links)
    return HTMLResponse(
        page, headers={"Content-Security-Policy": ARCHIVE_CSP, "X-Frame-Options": "SAMEORIGIN"}
    )


def _archive_note(text: str) -> str:
    from html import escape

    return (
        f'<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><body><p>{escape(text)}</p></body></html>'
    )


# -- 单位工作台 -------------------------------------------------------------
@router.get("/workbench", response_class=HTMLResponse)
def workbench(
    request: Request, me: Me, round: str | None = None, page: Annotated[int, Query(ge=1, le=1_000_000)] = 1
) -> Response:
    """The unit's targets, 整改 tasks and findings of a round (findings TABLE_PAGE a page)."""
    store = request.app.state.store
    rnd = _pick_round(request, me, round)
    rows = q.results(store, me, rnd.name) if rnd else []
    total = q.count_findings(store, me, round_name=rnd.name) if rnd else 0
    findings = (
        q.findings(store, me, round_name=rnd.name, limit=q.TABLE_PAGE, offset=(page - 1) * q.TABLE_PAGE)
        if rnd
        else []
    )
    tasks = q.tasks(store, me, rnd.name) if rnd else []
    by_target = {(r.target_kind, r.target): r for r in rows}
    return render(request, "workbench.html", rnd=rnd, rows=rows, findings=findings, tasks=tasks,
                  by_target=by_target, rounds=q.rounds(store, me),
                  total=total, page=page, pages=max(1, -(-total // q.TABLE_PAGE)))  # fmt: skip
