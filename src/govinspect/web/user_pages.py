"""Pages of accounts: 我的账号 (password, API tokens) and 用户与审计 (users, roles, the audit log).

Every change is audited with before → after; passwords and tokens are shown once and stored hashed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from govinspect.store import ROLES, StoreError, UserStore, generate_password
from govinspect.web.app import client_ip, csrf_guard, principal, render
from govinspect.web.auth import SESSION_COOKIE
from govinspect.web.authz import NotFound, Perm, Principal, authorize
from govinspect.web.export import audit_csv
from govinspect.web.notices import content_disposition

router = APIRouter(dependencies=[Depends(csrf_guard)], include_in_schema=False)
Me = Annotated[Principal, Depends(principal)]


# -- 我的账号 ---------------------------------------------------------------
def _account(request: Request, me: Principal, status: int = 200, **ctx: object) -> Response:
    users: UserStore = request.app.state.users
    ctx.setdefault("new_token", None)
    ctx.setdefault("message", None)
    ctx.setdefault("error", None)
    return render(request, "account.html", status=status, tokens=users.tokens(me.user.id), **ctx)


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, me: Me) -> Response:
    authorize(me, Perm.VIEW)
    return _account(request, me)


@router.post("/account/tokens", response_class=HTMLResponse)
def account_new_token(request: Request, me: Me, label: Annotated[str, Form(max_length=100)] = "") -> Response:
    """A new API token for the signed-in user, shown once on the returned page."""
    authorize(me, Perm.VIEW)
    users: UserStore = request.app.state.users
    token = users.create_token(me.user.id, label.strip())
    users.audit(
        me.user.name, "生成接口令牌", f"用户:{me.user.name}", ip=client_ip(request), detail=label.strip()
    )
    return _account(request, me, new_token=token)


@router.post("/account/tokens/{token_id}/revoke", response_class=HTMLResponse)
def account_revoke_token(request: Request, me: Me, token_id: int) -> Response:
    """Stop one of the user's own API tokens; another user's token id answers 404."""
    authorize(me, Perm.VIEW)
    users: UserStore = request.app.state.users
    row = users.revoke_token(me.user.id, token_id)
    if row is None:
        raise NotFound
    users.audit(me.user.name, "停用接口令牌", f"用户:{me.user.name}", ip=client_ip(request), detail=row.label,
                before={"revoked": False}, after={"revoked": True})  # fmt: skip
    return _account(request, me, message=f"已停用令牌“{row.label or '未说明用途'}”。")


@router.post("/account/password", response_class=HTMLResponse)
def account_password(
    request: Request,
    me: Me,
    current: Annotated[str, Form(max_length=200)] = "",
    new: Annotated[str, Form(max_length=200)] = "",
    confirm: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Change one's own password: the current one is required; every other session of the user ends."""
    authorize(me, Perm.VIEW)
    users: UserStore = request.app.state.users
    error = None
    if users.check_password(me.user.name, current) is None:
        error = "当前密码不正确。"
    elif new != confirm:
        error = "两次输入的新密码不一致。"
    elif new == current:
        error = "新密码不能与当前密码相同。"
    if error is None:
        try:
            users.set_password(me.user.id, new)
        except StoreError as e:
            error = str(e)
    if error is not None:
        return _account(request, me, status=400, error=error)
    users.audit(me.user.name, "修改密码", f"用户:{me.user.name}", ip=client_ip(request))
    token, csrf = users.create_session(me.user.id)  # the old sessions ended with the old password
    request.state.principal = Principal(me.user, me.units, csrf)
    resp = _account(request, me, message="密码已修改，其他设备上的登录已退出。")
    resp.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                    secure=request.url.scheme == "https", path="/")  # fmt: skip
    return resp


# -- 用户与审计 -------------------------------------------------------------
def _admin(
    request: Request, actor: str | None = None, action: str | None = None, status: int = 200, **ctx: object
) -> Response:
    users: UserStore = request.app.state.users
    audit = users.audit_entries(actor=actor or None, action=action or None)
    ctx.setdefault("message", None)
    ctx.setdefault("error", None)
    ctx.setdefault("shown_password", None)
    return render(request, "admin.html", status=status, users=users.list_users(), audit=audit, roles=ROLES,
                  units=sorted(request.app.state.store.unit_names()),
                  f={"actor": actor or "", "action": action or ""}, **ctx)  # fmt: skip


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, me: Me, actor: str | None = None, action: str | None = None) -> Response:
    authorize(me, Perm.ADMIN)
    return _admin(request, actor, action)


@router.get("/admin/audit.csv")
def audit_export(request: Request, me: Me, actor: str | None = None, action: str | None = None) -> Response:
    """The whole (filtered) audit log as CSV."""
    authorize(me, Perm.ADMIN)
    rows = request.app.state.users.audit_entries(actor=actor or None, action=action or None, limit=None)
    return Response(
        audit_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition("审计日志.csv")},
    )


@router.post("/admin/users", response_class=HTMLResponse)
def admin_add_user(
    request: Request,
    me: Me,
    name: Annotated[str, Form(max_length=100)] = "",
    role: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Create an account with a generated password, shown once to the administrator."""
    authorize(me, Perm.ADMIN)
    users: UserStore = request.app.state.users
    password = generate_password()
    try:
        user = users.add_user(name, role, password, unit or None)
    except StoreError as e:
        return _admin(request, status=400, error=str(e))
    users.audit(me.user.name, "创建用户", f"用户:{user.name}", ip=client_ip(request),
                after={"role": user.role, "unit": user.unit})  # fmt: skip
    done = f"已创建账号 {user.name}（{user.role_name}）。"
    return _admin(request, message=done, shown_password=(user.name, password))


def _user_or_404(request: Request, user_id: int) -> tuple[UserStore, str]:
    users: UserStore = request.app.state.users
    user = users.user_by_id(user_id)
    if user is None:
        raise NotFound
    return users, user.name


@router.post("/admin/users/{user_id}", response_class=HTMLResponse)
def admin_update_user(
    request: Request,
    me: Me,
    user_id: int,
    role: Annotated[str, Form(max_length=20)] = "",
    unit: Annotated[str, Form(max_length=200)] = "",
    active: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Change an account's role, unit, or whether it may sign in (停用 ends its sessions)."""
    authorize(me, Perm.ADMIN)
    users, name = _user_or_404(request, user_id)
    try:
        before, after = users.update_user(user_id, role=role, unit=unit or None, active=active == "1")
    except StoreError as e:
        return _admin(request, status=400, error=f"{name}：{e}")
    if before != after:
        users.audit(
            me.user.name, "修改用户", f"用户:{name}", ip=client_ip(request), before=before, after=after
        )
    return _admin(request, message=f"已保存账号 {name}。")


@router.post("/admin/users/{user_id}/password", response_class=HTMLResponse)
def admin_reset_password(request: Request, me: Me, user_id: int) -> Response:
    """Give an account a new generated password (shown once); its sessions end and its lock is lifted."""
    authorize(me, Perm.ADMIN)
    users, name = _user_or_404(request, user_id)
    password = generate_password()
    users.set_password(user_id, password)
    users.audit(me.user.name, "重置密码", f"用户:{name}", ip=client_ip(request))
    return _admin(request, message=f"已重置 {name} 的密码，并解除锁定。", shown_password=(name, password))
