"""The platform's FastAPI application: store, templates, security headers, who-is-asking, error pages.

`create_app(settings)` opens the same store and data directory as the CLI. Pages live in
`web.pages`, the JSON API in `web.api`; both get the user from `principal` and check it with
`web.authz`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from govinspect.config import Settings
from govinspect.store import Store, UserStore
from govinspect.web.auth import SESSION_COOKIE, LoginPolicy, csrf_ok
from govinspect.web.authz import Forbidden, NotFound, Perm, Principal, Unauthenticated, may, principal_for

WEB_DIR = Path(__file__).parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
MESSAGES = {
    400: "请求有误。",
    401: "请先登录。",
    403: "无权执行此操作。",
    404: "没有找到该页面或对象，或您无权查看。",
    405: "不支持该请求方法。",
    413: "上传的文件过大，请压缩或拆分后重试。",
    422: "请求参数有误。",
    429: "请求过于频繁，请稍后再试。",
    500: "服务器内部错误，请联系系统管理员。",
}


def templates() -> Environment:
    """Jinja2 with autoescape always on: every crawled string reaches the page as text."""
    from govinspect.web.evidence import evidence_lines
    from govinspect.web.export import change_text
    from govinspect.web.monitor_pages import unread_count
    from govinspect.web.queries import fmt_time

    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=True)
    env.filters["time"] = fmt_time
    env.filters["points"] = lambda v: "" if v is None else f"{float(v):g}"
    env.globals["evidence_lines"] = evidence_lines
    env.globals["change_text"] = change_text
    env.globals["may"] = lambda p, perm: p is not None and may(p, Perm(perm))
    env.globals["unread_count"] = unread_count
    return env


def client_ip(request: Request) -> str:
    """The requesting address, for the audit log ("" when the server cannot tell)."""
    return request.client.host if request.client else ""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def principal(request: Request) -> Principal:
    """The signed-in user: an API bearer token, else the session cookie. Raises Unauthenticated."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    users: UserStore = request.app.state.users
    store: Store = request.app.state.store
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        user = users.token_user(auth[7:].strip())
        if user is None:
            raise Unauthenticated
        p = principal_for(store, user)
    else:
        token = request.cookies.get(SESSION_COOKIE)
        found = users.session_user(token) if token else None
        if found is None:
            raise Unauthenticated
        p = principal_for(store, found[0], found[1])
    request.state.principal = p
    return p


async def csrf_guard(request: Request) -> None:
    """Refuse a state-changing request that carries a session cookie but not its CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return  # token clients send no cookies: nothing a third-party page could forge
    p = principal(request)
    given = request.headers.get("x-csrf-token")
    if not given and "form" in request.headers.get("content-type", ""):
        given = str((await request.form()).get("csrf_token") or "")
    if not csrf_ok(p.csrf, given):
        raise Forbidden


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    env: Environment = request.app.state.templates
    p = getattr(request.state, "principal", None)
    html = env.get_template(name).render(request=request, me=p, csrf=p.csrf if p else "", **ctx)
    return HTMLResponse(html, status_code=status)


def error_response(request: Request, status: int, message: str | None = None) -> Response:
    message = message or MESSAGES.get(status, "请求失败。")
    if is_api(request):
        code = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "too_many_requests"}
        return JSONResponse(
            {"error": {"code": code.get(status, str(status)), "message": message}}, status_code=status
        )
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    return render(request, "error.html", status=status, status_code=status, message=message)


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    login_policy: LoginPolicy | None = None,
    host_map: Path | None = None,
) -> FastAPI:
    """The platform on the CLI's store (migrated at start) and data directory; `host_map` goes to `round run`."""
    from govinspect.web import (
        api,
        appeal_pages,
        monitor_pages,
        notice_pages,
        pages,
        registry_api,
        registry_pages,
        review,
        round_api,
        round_pages,
        selfcheck_pages,
        task_api,
        task_pages,
        user_api,
        user_pages,
    )
    from govinspect.web.round_jobs import Jobs

    app = FastAPI(
        title="govinspect 检查平台 API",
        description="政府网站与政务新媒体检查平台的 JSON 接口。用 `govinspect user token 用户名` 取得令牌，"
        "以 `Authorization: Bearer 令牌` 调用；数据范围与该用户相同。",
        docs_url=None,  # `api.docs` serves Swagger UI from the package (no CDN, no inline script)
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    if store is None:
        store = Store(settings.db_url())
    store.migrate()
    app.state.settings = settings
    app.state.store = store
    app.state.users = UserStore(store)
    app.state.templates = templates()
    app.state.login_policy = login_policy or LoginPolicy()
    app.state.jobs = Jobs(settings, store, host_map)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        response.headers.setdefault("Content-Security-Policy", CSP)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403)

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> Response:
        return error_response(request, 401)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code)

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = "、".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors())
        return error_response(request, 422, f"请求参数有误：{fields}")

    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.include_router(pages.public)
    app.include_router(round_pages.router)  # before pages: /rounds/new is not a round's name
    app.include_router(notice_pages.router)
    app.include_router(task_pages.router)
    app.include_router(appeal_pages.pages)
    app.include_router(appeal_pages.api)
    app.include_router(selfcheck_pages.router)
    app.include_router(pages.router)
    app.include_router(user_pages.router)
    app.include_router(registry_pages.router)
    app.include_router(review.pages)
    app.include_router(review.api)
    app.include_router(api.router)
    app.include_router(round_api.router)
    app.include_router(task_api.router)
    app.include_router(registry_api.router)
    app.include_router(user_api.router)
    app.include_router(monitor_pages.router)
    app.include_router(monitor_pages.api)
    app.include_router(api.docs)
    return app


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path) the app serves, routers flattened (for docs and the IDOR tests)."""
    out: list[tuple[str, str]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for r in routes:
            original = getattr(r, "original_router", None)
            if original is not None:  # FastAPI ≥ 0.140 keeps included routers whole
                walk(list(original.routes), prefix + r.include_context.prefix)
            elif hasattr(r, "methods") and r.methods:
                out.extend((m, prefix + r.path) for m in sorted(r.methods) if m != "HEAD")

    walk(list(app.routes), "")
    return out
