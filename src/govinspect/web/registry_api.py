"""JSON API of the 台账: units, sites and accounts in the user's scope (cursor pages), and import.

`POST /api/v1/registry/import` is a dry run unless `apply=true`; a refused file answers 400 with the
importer's Chinese problems, one per file/sheet/row/column, and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from govinspect.errors import UserError
from govinspect.jobs.registry_changes import apply_registry_import, plan_registry_import
from govinspect.registry import ImportPlan
from govinspect.store import Store
from govinspect.web import registry_queries as rq
from govinspect.web.api import Cursor, Limit, decode_cursor, page
from govinspect.web.app import client_ip, csrf_guard, principal
from govinspect.web.authz import Perm, Principal, authorize
from govinspect.web.registry_edit import Audit
from govinspect.web.registry_pages import upload_limit
from govinspect.web.uploads import MAX_BYTES, upload_file

router = APIRouter(
    prefix="/api/v1/registry", dependencies=[Depends(upload_limit), Depends(csrf_guard)], tags=["台账"]
)
Me = Annotated[Principal, Depends(principal)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.get("/units", summary="单位（含网站数、账号数）")
def units(request: Request, me: Me, cursor: Cursor = None, limit: Limit = 100) -> dict[str, Any]:
    rows = rq.units(_store(request), me, after=decode_cursor(cursor), limit=limit + 1)
    return page(rows, limit, lambda n: n.as_json())


@router.get("/sites", summary="网站底账（按单位、类型、运行状态筛选，可搜索名称、标识码、网址）")
def sites(
    request: Request,
    me: Me,
    unit: str | None = None,
    kind: str | None = None,
    status: Annotated[str | None, Query(description="运行 / 关停 / 改版报备 / 迁移")] = None,
    q: Annotated[str | None, Query(description="搜索网站名称、标识码或首页网址")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    rows = rq.sites(_store(request), me, unit=unit, kind=kind, status=status, search=q,
                    after=decode_cursor(cursor), limit=limit + 1)  # fmt: skip
    return page(rows, limit, rq.site_json)


@router.get("/accounts", summary="政务新媒体底账（按单位、平台筛选，可搜索名称、账号ID）")
def accounts(
    request: Request,
    me: Me,
    unit: str | None = None,
    platform: str | None = None,
    q: Annotated[str | None, Query(description="搜索账号名称或账号ID")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    rows = rq.accounts(_store(request), me, unit=unit, platform=platform, search=q,
                       after=decode_cursor(cursor), limit=limit + 1)  # fmt: skip
    return page(rows, limit, rq.account_json)


def _plan_json(plan: ImportPlan) -> dict[str, Any]:
    kinds = {"units": plan.units, "sites": plan.sites, "columns": plan.columns, "accounts": plan.accounts}
    return {
        "changes": {k: {"added": list(c.added), "changed": list(c.changed), "removed": list(c.removed)}
                    for k, c in kinds.items()},
        "summary": plan.summary(),
    }  # fmt: skip


@router.post(
    "/import",
    summary="导入底账（默认只试导入；apply=true 时写入）",
    responses={400: {"description": "文件有误，未写入任何数据；problems 逐条列出文件、工作表、行、列"},
               413: {"description": "文件过大"}},
)  # fmt: skip
async def import_registry(
    request: Request,
    me: Me,
    file: Annotated[UploadFile, File(description="底账文件（.xlsx / .xls / .csv）")],
    apply: Annotated[bool, Query(description="为 true 时写入；默认只返回将新增、修改、删除的内容")] = False,
    replace: Annotated[bool, Query(description="以本次文件为准，删除底账中有而文件中没有的内容")] = False,
) -> Response:
    authorize(me, Perm.REGISTRY)
    data = await file.read(MAX_BYTES + 1)
    store = _store(request)
    try:
        with upload_file(file.filename or "", data) as path:
            imp = plan_registry_import(store, [path], replace=replace)
    except UserError as e:
        problems = [str(p) for p in getattr(e, "problems", [])]
        body = {"code": "import_refused", "message": str(e).splitlines()[0], "problems": problems}
        return JSONResponse({"error": body}, status_code=400)
    if apply:
        apply_registry_import(store, imp)
        ip = client_ip(request)
        detail = f"接口导入 {path.name}" + ("（以文件为准替换）" if replace else "")
        Audit(request.app.state.users, me, ip).write_import(imp, detail)
    return JSONResponse({"applied": apply, **_plan_json(imp.plan)})
