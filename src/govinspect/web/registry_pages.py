"""台账 pages: units as a tree, sites with their columns, accounts; edit, 运行状态, import, history.

Everyone with VIEW reads the 台账 of their own scope; editing and importing need `Perm.REGISTRY`.
An import is read and checked by the CLI's own code (`jobs.registry_changes`), shown as a dry run,
and written only when the user confirms; every change is in the audit log and on the object's page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.jobs.registry_changes import (
    account_object,
    apply_registry_import,
    plan_registry_import,
    site_object,
    unit_object,
)
from govinspect.store import Store, UserStore
from govinspect.web import registry_queries as rq
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.authz import ROLE_PERMS, Perm, Principal, authorize
from govinspect.web.registry_edit import (
    Audit,
    EditRefused,
    columns_text,
    edit_account,
    edit_site,
    edit_unit,
    set_site_status,
)
from govinspect.web.uploads import MAX_BYTES, drop_upload, keep_upload, kept_upload, limit_text

UPLOAD_OVERHEAD = 64 * 1024  # multipart headers and the form's other fields
FIELD_LABELS = {
    "name": "名称", "code": "网站标识码", "home_url": "首页网址", "unit": "主办单位", "kind": "类型",
    "status": "运行状态", "status_since": "生效日期", "moved_to": "迁移后网址", "columns": "栏目",
    "extra_hosts": "其他域名", "path_prefix": "路径前缀", "group": "站群", "has_services": "办事服务", "parent": "上级单位",
    "former_names": "曾用名", "platform": "平台", "account_id": "账号ID", "certified_entity": "认证主体",
    "feed_url": "订阅地址", "profile_url": "主页地址", "menu_links": "菜单链接",
}  # fmt: skip


async def upload_limit(request: Request) -> None:
    """Refuse an oversized upload from its Content-Length (413), before the body is read."""
    size = request.headers.get("content-length", "")
    if request.method == "POST" and size.isdigit() and int(size) > MAX_BYTES + UPLOAD_OVERHEAD:
        raise StarletteHTTPException(413)


router = APIRouter(
    prefix="/registry", dependencies=[Depends(upload_limit), Depends(csrf_guard)], include_in_schema=False
)
Me = Annotated[Principal, Depends(principal)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _users(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


def _can_edit(me: Principal) -> bool:
    return Perm.REGISTRY in ROLE_PERMS.get(me.user.role, frozenset())


def _history(request: Request, obj: str) -> list[Any]:
    return _users(request).audit_entries(obj=obj, limit=100)


def _page(request: Request, me: Principal, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return render(request, name, status=status, can_edit=_can_edit(me), labels=FIELD_LABELS, **ctx)


# -- 单位 --------------------------------------------------------------------
@router.get("", response_class=HTMLResponse)
def units_page(request: Request, me: Me) -> Response:
    return _page(request, me, "registry_units.html", tree=rq.unit_tree(_store(request), me))


def _unit_page(
    request: Request, me: Principal, unit_id: int, status: int = 200, error: str | None = None
) -> Response:
    store = _store(request)
    row = rq.unit(store, me, unit_id)
    return _page(
        request, me, "registry_unit.html", status=status, unit=row, error=error,
        saved=request.query_params.get("saved"), units=rq.unit_names(store, me),
        kinds=[k.value for k in m.UnitKind], sites=rq.sites(store, me, unit=row.name),
        accounts=rq.accounts(store, me, unit=row.name), history=_history(request, unit_object(row.name)),
    )  # fmt: skip


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit_page(request: Request, me: Me, unit_id: int) -> Response:
    return _unit_page(request, me, unit_id)


@router.post("/units/{unit_id}", response_class=HTMLResponse)
def unit_save(
    request: Request,
    me: Me,
    unit_id: int,
    kind: Annotated[str, Form(max_length=20)] = "",
    parent: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    row = rq.unit(_store(request), me, unit_id, Perm.REGISTRY)
    try:
        changed = edit_unit(
            _store(request),
            Audit(_users(request), me, client_ip(request)),
            row.name,
            kind=kind,
            parent=parent,
        )
    except EditRefused as e:
        return _unit_page(request, me, unit_id, 400, str(e))
    return RedirectResponse(f"/registry/units/{unit_id}?saved={int(changed)}", status_code=303)


# -- 网站 --------------------------------------------------------------------
@router.get("/sites", response_class=HTMLResponse)
def sites_page(
    request: Request,
    me: Me,
    unit: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> Response:
    store = _store(request)
    rows = rq.sites(store, me, unit=unit or None, kind=kind or None, status=status or None, search=q or None)
    return _page(
        request, me, "registry_sites.html", rows=rows, units=rq.unit_names(store, me),
        kinds=[k.value for k in m.SiteKind], statuses=[s.value for s in m.SiteStatus],
        f={"unit": unit or "", "kind": kind or "", "status": status or "", "q": q or ""},
    )  # fmt: skip


def _site_page(
    request: Request, me: Principal, site_id: int, status: int = 200, error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    store = _store(request)
    row = rq.site(store, me, site_id)
    columns = rq.columns(store, row.code)
    text = columns_text(tuple(m.Column(name=c.name, url=c.url, category=m.ColumnCategory(c.category),
                                       level=c.level) for c in columns))  # fmt: skip
    return _page(
        request, me, "registry_site.html", status=status, site=row, columns=columns, error=error,
        saved=request.query_params.get("saved"), units=rq.unit_names(store, me), columns_text=text,
        kinds=[k.value for k in m.SiteKind], statuses=[s.value for s in m.SiteStatus],
        form=form or {}, history=_history(request, site_object(row.code)),
    )  # fmt: skip


@router.get("/sites/{site_id}", response_class=HTMLResponse)
def site_page(request: Request, me: Me, site_id: int) -> Response:
    return _site_page(request, me, site_id)


@router.post("/sites/{site_id}", response_class=HTMLResponse)
def site_save(
    request: Request,
    me: Me,
    site_id: int,
    name: Annotated[str, Form(max_length=300)] = "",
    home_url: Annotated[str, Form(max_length=1000)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=200)] = "",
    columns: Annotated[str, Form(max_length=200_000)] = "",
    path_prefix: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    row = rq.site(_store(request), me, site_id, Perm.REGISTRY)
    audit = Audit(_users(request), me, client_ip(request))
    try:
        changed = edit_site(_store(request), audit, row.code, name=name, home_url=home_url, kind=kind, unit=unit,
                            columns=columns, path_prefix=path_prefix)  # fmt: skip
    except EditRefused as e:
        form = {"name": name, "home_url": home_url, "path_prefix": path_prefix, "kind": kind, "unit": unit,
                "columns": columns}  # fmt: skip
        return _site_page(request, me, site_id, 400, str(e), form)
    return RedirectResponse(f"/registry/sites/{site_id}?saved={int(changed)}", status_code=303)


@router.post("/sites/{site_id}/status", response_class=HTMLResponse)
def site_status(
    request: Request,
    me: Me,
    site_id: int,
    status: Annotated[str, Form(max_length=20)] = "",
    since: Annotated[str, Form(max_length=20)] = "",
    moved_to: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    row = rq.site(_store(request), me, site_id, Perm.REGISTRY)
    audit = Audit(_users(request), me, client_ip(request))
    try:
        changed = set_site_status(
            _store(request), audit, row.code, status=status, since=since, moved_to=moved_to
        )
    except EditRefused as e:
        form = {"status": status, "since": since, "moved_to": moved_to}
        return _site_page(request, me, site_id, 400, str(e), form)
    return RedirectResponse(f"/registry/sites/{site_id}?saved={int(changed)}", status_code=303)


# -- 政务新媒体 --------------------------------------------------------------
@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, me: Me, unit: str | None = None, platform: str | None = None, q: str | None = None
) -> Response:
    store = _store(request)
    rows = rq.accounts(store, me, unit=unit or None, platform=platform or None, search=q or None)
    return _page(
        request, me, "registry_accounts.html", rows=rows, units=rq.unit_names(store, me),
        platforms=[p.value for p in m.Platform], f={"unit": unit or "", "platform": platform or "", "q": q or ""},
    )  # fmt: skip


def _account_page(
    request: Request, me: Principal, account_id: int, status: int = 200, error: str | None = None
) -> Response:
    store = _store(request)
    row = rq.account(store, me, account_id)
    key = f"{row.platform}:{row.account_id}"
    return _page(
        request, me, "registry_account.html", status=status, account=row, error=error,
        saved=request.query_params.get("saved"), units=rq.unit_names(store, me),
        history=_history(request, account_object(key)),
    )  # fmt: skip


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, me: Me, account_id: int) -> Response:
    return _account_page(request, me, account_id)


@router.post("/accounts/{account_id}", response_class=HTMLResponse)
def account_save(
    request: Request,
    me: Me,
    account_id: int,
    name: Annotated[str, Form(max_length=200)] = "",
    unit: Annotated[str, Form(max_length=200)] = "",
    certified_entity: Annotated[str, Form(max_length=200)] = "",
    feed_url: Annotated[str, Form(max_length=1000)] = "",
    profile_url: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    row = rq.account(_store(request), me, account_id, Perm.REGISTRY)
    audit = Audit(_users(request), me, client_ip(request))
    try:
        changed = edit_account(
            _store(request), audit, f"{row.platform}:{row.account_id}", name=name, unit=unit,
            certified_entity=certified_entity, feed_url=feed_url, profile_url=profile_url,
        )  # fmt: skip
    except EditRefused as e:
        return _account_page(request, me, account_id, 400, str(e))
    return RedirectResponse(f"/registry/accounts/{account_id}?saved={int(changed)}", status_code=303)


# -- 导入 --------------------------------------------------------------------
def _import_page(request: Request, me: Principal, status: int = 200, **ctx: Any) -> HTMLResponse:
    ctx.setdefault("problems", None)
    ctx.setdefault("error", None)
    ctx.setdefault("plan", None)
    ctx.setdefault("done", None)
    return _page(request, me, "registry_import.html", status=status, limit=limit_text(), **ctx)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, me: Me) -> Response:
    authorize(me, Perm.REGISTRY)
    return _import_page(request, me)


@router.post("/import", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    me: Me,
    file: Annotated[UploadFile, File(description="底账文件")],
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Check the upload and show the dry run: what the import would add, change and remove."""
    authorize(me, Perm.REGISTRY)
    data = await file.read(MAX_BYTES + 1)
    try:
        token, path = keep_upload(file.filename or "", data, me.user.id)
    except UserError as e:
        return _import_page(request, me, 400, error=str(e))
    try:
        imp = plan_registry_import(_store(request), [path], replace=replace)
    except UserError as e:
        drop_upload(token)
        problems = [str(p) for p in getattr(e, "problems", [])]
        return _import_page(request, me, 400, error=str(e).splitlines()[0], problems=problems)
    return _import_page(request, me, plan=imp.plan, token=token, replace=replace, filename=path.name)


@router.post("/import/apply", response_class=HTMLResponse)
def import_apply(
    request: Request,
    me: Me,
    token: Annotated[str, Form(max_length=100)] = "",
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Import the confirmed upload (read and checked again against the 台账 as it is now)."""
    authorize(me, Perm.REGISTRY)
    store, users = _store(request), _users(request)
    try:
        path = kept_upload(token, me.user.id)
        imp = plan_registry_import(store, [path], replace=replace)
    except UserError as e:
        return _import_page(request, me, 400, error=str(e).splitlines()[0],
                            problems=[str(p) for p in getattr(e, "problems", [])])  # fmt: skip
    apply_registry_import(store, imp)
    drop_upload(token)
    detail = f"文件 {path.name}" + ("（以文件为准替换）" if replace else "")
    Audit(users, me, client_ip(request)).write_import(imp, detail)
    return _import_page(request, me, done=imp.plan)
