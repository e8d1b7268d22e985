"""通报与附件 in the browser: preview the notice, download its files, write a draft, publish it.

Files are listed and opened through `web.notices` (scope and the published version's sha256);
writing a draft needs Perm.RUN, publishing Perm.APPROVE; both are audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from govinspect.errors import UserError
from govinspect.web import notices as n
from govinspect.web import queries as q
from govinspect.web.app import client_ip, csrf_guard, error_response, principal, render
from govinspect.web.authz import Perm, Principal, authorize
from govinspect.web.round_pages import q_name

router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
Me = Annotated[Principal, Depends(principal)]
# the notice is our own escaped HTML; its frame is sandboxed without scripts but same-origin, so
# that its chart images load with the session cookie
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; font-src 'none'; "
    "form-action 'none'; frame-ancestors 'self'; base-uri 'none'"
)


def file_response(request: Request, me: Principal, round_name: str, version: str, name: str) -> Response:
    """One notice file with its MIME type and a safe name; the HTML notice and its charts open inline."""
    settings, store = request.app.state.settings, request.app.state.store
    rnd = q.round_named(store, me, round_name)
    try:
        f, path = n.open_file(settings, store, me, rnd.name, version, name)
    except n.FileChanged as e:
        return error_response(request, 409, str(e))
    suffix = Path(f.path).suffix
    inline = suffix in n.INLINE and request.query_params.get("download") is None
    headers = {
        "Content-Disposition": n.content_disposition(n.download_name(rnd.name, version, f), inline=inline)
    }
    if suffix == ".html":
        headers |= {"Content-Security-Policy": PREVIEW_CSP, "X-Frame-Options": "SAMEORIGIN"}
    return FileResponse(path, media_type=n.MIME.get(suffix, "application/octet-stream"), headers=headers)


def _page(
    request: Request, me: Principal, round_name: str, error: str | None = None, status: int = 200
) -> Response:
    settings, store = request.app.state.settings, request.app.state.store
    rnd = q.round_named(store, me, round_name)
    published = store.published_notice(rnd.name)
    versions = {v: n.visible_files(settings, store, me, rnd.name, v) for v in (n.PUBLISHED, n.DRAFT)}
    preview = next(
        (v for v in (n.PUBLISHED, n.DRAFT) if any(f.path == "notice.html" for f in versions[v])), None
    )
    return render(request, "notices.html", status=status, rnd=rnd, error=error, published=published,
                  versions=versions, names=n.VERSIONS, preview=preview, qn=q_name(rnd.name))  # fmt: skip


@router.get("/rounds/{round_name}/notice", response_class=HTMLResponse)
def notice_page(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.VIEW)
    return _page(request, me, round_name)


@router.get("/rounds/{round_name}/notice/{version}/{name:path}")
def notice_file(request: Request, me: Me, round_name: str, version: str, name: str) -> Response:
    return file_response(request, me, round_name, version, name)


@router.post("/rounds/{round_name}/notice/draft", response_class=HTMLResponse)
def write_draft(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.RUN)
    settings, store = request.app.state.settings, request.app.state.store
    rnd = q.round_named(store, me, round_name)
    try:
        files = n.write_draft(settings, store, rnd.name)
    except UserError as e:
        return _page(request, me, rnd.name, str(e), 409)
    request.app.state.users.audit(me.user.name, "生成通报草稿", f"轮次:{rnd.name}", ip=client_ip(request),
                                  detail=f"{len(files)} 个文件")  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(rnd.name)}/notice", status_code=303)


@router.post("/rounds/{round_name}/notice/publish", response_class=HTMLResponse)
def publish(request: Request, me: Me, round_name: str) -> Response:
    authorize(me, Perm.APPROVE)
    settings, store = request.app.state.settings, request.app.state.store
    rnd = q.round_named(store, me, round_name)
    try:
        done = n.publish(settings, store, rnd.name, me.user.name)
    except UserError as e:
        return _page(request, me, rnd.name, str(e), 409)
    request.app.state.users.audit(
        me.user.name, "发布通报", f"轮次:{rnd.name}", ip=client_ip(request),
        after={"files": {f["path"]: f["sha256"] for f in done.files}},
    )  # fmt: skip
    return RedirectResponse(f"/rounds/{q_name(rnd.name)}/notice", status_code=303)
