"""JSON API under /api/v1: rounds, results, targets, findings, dashboard figures.

Same users and scope as the pages (a bearer token acts as its user); lists use cursor pagination
(`cursor` from the previous page's `next_cursor`); errors are `{"error": {"code", "message"}}` in
Chinese. OpenAPI at /api/openapi.json, Swagger UI at /api/docs.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from govinspect.scoring import ReviewState
from govinspect.store.tables import AccountRow, SiteRow
from govinspect.web import queries as q
from govinspect.web.app import csrf_guard, principal
from govinspect.web.authz import NotFound, Perm, Principal, authorize, scope_clause
from govinspect.web.review import findings_page

router = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["v1"])
Me = Annotated[Principal, Depends(principal)]
Limit = Annotated[int, Query(ge=1, le=q.PAGE_MAX, description="每页条数")]
Cursor = Annotated[str | None, Query(description="上一页返回的 next_cursor")]


def decode_cursor(cursor: str | None) -> int:
    """The last id of the previous page (0 for the first page); a malformed cursor is a 422."""
    if not cursor:
        return 0
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if value < 0:
        raise _bad_cursor()
    return value


def _bad_cursor() -> Exception:
    from fastapi.exceptions import RequestValidationError

    return RequestValidationError([{"loc": ("query", "cursor"), "msg": "游标无效", "type": "value_error"}])


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def page(
    items: list[Any], limit: int, as_json: Callable[[Any], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One page of `limit + 1` fetched items: `limit` of them as JSON and the next page's cursor (None at the end)."""
    more = len(items) > limit
    items = items[:limit]
    return {
        "items": [as_json(i) if as_json else i.as_json() for i in items],
        "next_cursor": encode_cursor(items[-1].id) if more and items else None,
    }


@router.get("/rounds", summary="检查轮次列表")
def rounds(request: Request, me: Me) -> dict[str, Any]:
    return {
        "items": [
            {
                "name": r.name,
                "checkpoint": r.checkpoint.isoformat(),
                "profile": r.profile,
                "status": r.status.value,
            }
            for r in q.rounds(request.app.state.store, me)
        ]
    }


@router.get("/rounds/{round_name}/results", summary="某轮次各检查对象的结果")
def round_results(
    request: Request,
    me: Me,
    round_name: str,
    unit: str | None = None,
    verdict: str | None = None,
    kind: str | None = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    store = request.app.state.store
    q.round_named(store, me, round_name)
    rows = q.results(store, me, round_name, unit=unit, verdict=verdict, kind=kind,
                     after=decode_cursor(cursor), limit=limit + 1)  # fmt: skip
    return page(rows, limit)


@router.get("/results/{result_id}", summary="一个检查对象在一个轮次的结果")
def result(request: Request, me: Me, result_id: int) -> dict[str, Any]:
    return q.result(request.app.state.store, me, result_id).as_json()


@router.get("/findings", summary="问题列表（按轮次、单位、指标、审核状态筛选），每条带审核状态")
def findings(
    request: Request,
    me: Me,
    round: str | None = None,
    unit: str | None = None,
    indicator: Annotated[str | None, Query(description="检查项代码，如 column.stale，或类别如 link")] = None,
    target: str | None = None,
    state: Annotated[ReviewState | None, Query(description="审核状态：待审核 / 已确认 / 误报 / 存疑")] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    rows, more = findings_page(request.app.state.store, me, state=state.value if state else None,
                               after=decode_cursor(cursor), limit=limit, round_name=round, unit=unit,
                               code=indicator, target=target)  # fmt: skip
    return {
        "items": [r.as_json() for r in rows],
        "next_cursor": encode_cursor(rows[-1].finding.id) if more and rows else None,
    }


@router.get("/findings/{finding_id}", summary="一条问题及其证据")
def finding(request: Request, me: Me, finding_id: int) -> dict[str, Any]:
    return q.finding(request.app.state.store, me, finding_id).as_json()


@router.get("/targets", summary="底账中的检查对象（网站与政务新媒体）")
def targets(request: Request, me: Me, unit: str | None = None) -> dict[str, Any]:
    authorize(me, Perm.VIEW)
    store = request.app.state.store
    with store.session() as s:
        sq = select(SiteRow).where(scope_clause(me, SiteRow.unit)).order_by(SiteRow.id)
        aq = select(AccountRow).where(scope_clause(me, AccountRow.unit)).order_by(AccountRow.id)
        if unit:
            sq, aq = sq.where(SiteRow.unit == unit), aq.where(AccountRow.unit == unit)
        sites = [{"kind": "网站", "key": r.code, "name": r.name, "unit": r.unit, "url": r.home_url,
                  "site_kind": r.kind, "status": r.status} for r in s.scalars(sq)]  # fmt: skip
        accounts = [{"kind": "政务新媒体", "key": f"{r.platform}:{r.account_id}", "name": r.name, "unit": r.unit,
                     "platform": r.platform} for r in s.scalars(aq)]  # fmt: skip
    return {"items": sites + accounts}


@router.get("/dashboard", summary="总览图表数据")
def dashboard(request: Request, me: Me, round: str | None = None) -> dict[str, Any]:
    store = request.app.state.store
    if round is None:
        rounds = q.rounds(store, me)
        if not rounds:
            raise NotFound
        round = rounds[0].name
    q.round_named(store, me, round)
    return q.dashboard(store, me, round)


docs = APIRouter(include_in_schema=False)


@docs.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> Response:
    """Swagger UI from the vendored package; its start-up script is a static file (no inline script)."""
    html = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>govinspect API 文档</title>'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">'
        "</head><body>"
        '<div id="swagger-ui"></div><script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>'
        '<script src="/static/docs.js"></script></body></html>'
    )
    return HTMLResponse(html)
