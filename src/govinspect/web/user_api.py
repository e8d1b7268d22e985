"""JSON API of accounts, for the 系统管理员: list, create (password shown once), change; the audit log.

The same rules and audit entries as the 用户与审计 page (`web.user_pages`); a user's own password and
tokens stay on the 我的账号 page, where the current password is asked for.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from govinspect.store import StoreError, User, UserStore, generate_password
from govinspect.web.api import Cursor, Limit, decode_cursor, page
from govinspect.web.app import client_ip, csrf_guard, error_response, principal
from govinspect.web.authz import NotFound, Perm, Principal, authorize
from govinspect.web.export import change_text
from govinspect.web.queries import fmt_time

router = APIRouter(prefix="/api/v1", dependencies=[Depends(csrf_guard)], tags=["用户与审计"])
Me = Annotated[Principal, Depends(principal)]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="用户名")
    role: str = Field(description="admin / supervisor / reviewer / unit / viewer")
    unit: str | None = Field(None, max_length=200, description="所属单位（填报单位必填）")


class UserChange(BaseModel):
    role: str | None = Field(None, description="admin / supervisor / reviewer / unit / viewer")
    unit: str | None = Field(None, max_length=200, description="所属单位；空字符串为全辖区")
    active: bool | None = Field(None, description="是否允许登录（false 即停用，其登录随即退出）")


def _user_json(u: User) -> dict[str, Any]:
    return {
        "id": u.id, "name": u.name, "role": u.role, "role_name": u.role_name, "unit": u.unit,
        "active": u.active, "locked_until": u.locked_until.isoformat() if u.locked_until else None,
    }  # fmt: skip


@router.get("/users", summary="账号列表（系统管理员）")
def users(request: Request, me: Me, cursor: Cursor = None, limit: Limit = 100) -> dict[str, Any]:
    authorize(me, Perm.ADMIN)
    after = decode_cursor(cursor)
    rows = [u for u in request.app.state.users.list_users() if u.id > after][: limit + 1]
    return page(rows, limit, _user_json)


@router.post("/users", status_code=201, summary="新建账号（初始密码只在本次返回）")
def add_user(request: Request, me: Me, body: NewUser) -> Response:
    authorize(me, Perm.ADMIN)
    store: UserStore = request.app.state.users
    password = generate_password()
    try:
        user = store.add_user(body.name, body.role, password, body.unit or None)
    except StoreError as e:
        return error_response(request, 400, str(e))
    store.audit(me.user.name, "创建用户", f"用户:{user.name}", ip=client_ip(request),
                after={"role": user.role, "unit": user.unit})  # fmt: skip
    return JSONResponse({**_user_json(user), "password": password}, status_code=201)


@router.patch("/users/{user_id}", summary="修改账号的角色、所属单位或是否允许登录")
def change_user(request: Request, me: Me, user_id: int, body: UserChange) -> Response:
    authorize(me, Perm.ADMIN)
    store: UserStore = request.app.state.users
    user = store.user_by_id(user_id)
    if user is None:
        raise NotFound
    unit = user.unit if body.unit is None else (body.unit or None)
    try:
        before, after = store.update_user(
            user_id,
            role=body.role if body.role is not None else user.role,
            unit=unit,
            active=user.active if body.active is None else body.active,
        )
    except StoreError as e:
        return error_response(request, 400, str(e))
    if before != after:
        store.audit(
            me.user.name, "修改用户", f"用户:{user.name}", ip=client_ip(request), before=before, after=after
        )
    changed = store.user_by_id(user_id)
    assert changed is not None
    return JSONResponse(_user_json(changed))


@router.get("/audit", summary="审计日志（系统管理员；最新的在前）")
def audit(
    request: Request,
    me: Me,
    actor: str | None = None,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="条数")] = 200,
) -> dict[str, Any]:
    authorize(me, Perm.ADMIN)
    rows = request.app.state.users.audit_entries(actor=actor or None, action=action or None, limit=limit)
    return {
        "items": [
            {
                "id": a.id,
                "at": fmt_time(a.at),
                "actor": a.actor,
                "action": a.action,
                "object": a.object,
                "change": change_text(a.before, a.after),
                "before": a.before,
                "after": a.after,
                "ip": a.ip,
                "detail": a.detail,
            }
            for a in rows
        ]
    }
