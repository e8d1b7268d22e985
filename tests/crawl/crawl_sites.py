"""Small loopback aiohttp sites for crawler tests, each reproducing a hostile behaviour, with an access log."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

from govinspect.crawl.settings import CrawlSettings

HOST = "www.test.gov.cn"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def page(title: str, links: list[tuple[str, str]] = (), body: str = "", charset: str = "utf-8") -> str:  # type: ignore[assignment]
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><ul>{items}</ul><div>{body}</div></body></html>"
    )


def html(text: str, status: int = 200, charset: str = "utf-8") -> web.Response:
    return web.Response(body=text.encode(charset), status=status, content_type="text/html", charset=charset)


@dataclass
class SiteServer:
    """A loopback site; `routes` maps path (with query) → handler; everything is logged."""

    routes: dict[str, Handler] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    log: list[tuple[str, str, float, float]] = field(default_factory=list)  # method, path_qs, start, end
    in_flight: int = 0
    max_in_flight: int = 0
    port: int = 0
    state: dict[str, int] = field(default_factory=dict)

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        key = request.path_qs
        self.hits[f"{request.method} {key}"] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        start = time.monotonic()
        try:
            handler = self.routes.get(key) or self.routes.get(request.path)
            if handler is None:
                return html(page("页面不存在"), status=404)
            return await handler(request)
        finally:
            self.in_flight -= 1
            self.log.append((request.method, key, start, time.monotonic()))

    def get_hits(self, path: str) -> int:
        return self.hits[f"GET {path}"]

    @property
    def host_map(self) -> dict[str, str]:
        return {HOST: f"127.0.0.1:{self.port}"}

    @property
    def home(self) -> str:
        return f"http://{HOST}/"


async def start(server: SiteServer) -> web.AppRunner:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.dispatch)
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner


def fast_settings(**over: object) -> CrawlSettings:
    """Loopback-friendly settings: no rate limit, short timeouts, quick retries."""
    base: dict[str, object] = dict(
        per_host_concurrency=4,
        per_host_rate=None,
        external_rate=None,
        connect_timeout=2,
        read_timeout=2,
        total_timeout=3,
        retries=1,
        backoff_base=0.05,
        backoff_max=0.2,
        max_retry_after=3,
        max_response_bytes=256 * 1024,
    )
    base.update(over)
    return CrawlSettings(**base)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- hostile handlers


def const(text: str, status: int = 200, charset: str = "utf-8") -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        return html(text, status, charset)

    return h


def raw(body: bytes, headers: dict[str, str], status: int = 200) -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers=headers, status=status)

    return h


def redirect(to: str, status: int = 302) -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": to})

    return h


def slow_drip(delay: float = 0.3, total: int = 200) -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        for _ in range(total):
            await resp.write(b"<")
            await asyncio.sleep(delay)
        return resp

    return h


def huge(size: int, declare: bool = False) -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": "text/html"}
        if declare:
            headers["Content-Length"] = str(size)
        resp = web.StreamResponse(headers=headers)
        await resp.prepare(request)
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < size:
                await resp.write(chunk)
                sent += len(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return resp

    return h


def broken_gzip() -> Handler:
    good = gzip.compress(page("正常页面", body="内容" * 500).encode())
    bad = good[: len(good) // 2] + b"\x00garbage" * 10
    return raw(bad, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})


def fail_then_ok(server: SiteServer, key: str, status: int, times: int, headers: dict[str, str]) -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        n = server.state.get(key, 0)
        server.state[key] = n + 1
        if n < times:
            return web.Response(status=status, headers=headers, text="busy")
        return html(page(f"{key} 恢复正常"))

    return h


def calendar() -> Handler:
    async def h(request: web.Request) -> web.StreamResponse:
        y, m = (int(x) for x in request.query.get("month", "2024-01").split("-"))
        nxt = f"{y + (m == 12)}-{m % 12 + 1:02d}"
        prv = f"{y - (m == 1)}-{(m - 2) % 12 + 1:02d}"
        return html(
            page(f"日历 {y}-{m}", [(f"/calendar?month={nxt}", "下月"), (f"/calendar?month={prv}", "上月")])
        )

    return h
