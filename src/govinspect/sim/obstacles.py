"""Obstacles real government sites put before a browser: WAF challenges, header blocks, script and frame shells.

A challenge host answers every path with its challenge until the request carries the cookie the
challenge's script computes (as 瑞数 412, 加速乐 521 and 云锁 200 pages do); a header-blocking host
answers 403 to clients without a browser's User-Agent and Accept-Language; a cookie-redirect host
sends every request without its session cookie back to the same URL with the cookie set; a scheme-loop host
sends https requests without its cookie to http, which sets the cookie and sends them back; a keep-alive
dropping host closes a kept-alive connection when the next request arrives on it. Each is a site fault with
ground truth (sim/faults.py): none may become a finding, and an unpassable challenge leaves the site
待核实.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass, field
from html import escape
from typing import Any

from aiohttp import web

from govinspect.sim.types import Resp, html_resp

CHALLENGES = ("waf_412", "waf_521", "waf_200", "waf_unpassable")
HTTPS_GATES = ("scheme_loop",)  # obstacles on an https host with a sound certificate
GATES = (*CHALLENGES, *HTTPS_GATES, "ua_block", "cookie_redirect", "keepalive_drop")
SHELLS = ("meta_refresh", "frameset", "script_redirect")
REAL_HOME = "/index.html"  # where a shell home page leads

COOKIE = {
    "waf_412": "FSSBBIl1UgzbN7N80S",
    "waf_521": "__jsl_clearance",
    "waf_200": "yunsuo_session_verify",
    "waf_unpassable": "FSSBBIl1UgzbN7N80T",
}


def _token(host: str, generation: int) -> str:
    return hashlib.sha1(f"{host}#{generation}".encode()).hexdigest()[:16]


def clearance(kind: str, host: str, generation: int) -> str:
    """The cookie value the challenge's script computes (the server's side of the check)."""
    token = _token(host, generation)
    if kind == "waf_521":
        return str(sum(ord(c) for c in token) * 7)
    return token[::-1]


def _script(kind: str, host: str, generation: int) -> str:
    """The challenge's script: compute the cookie from the token, set it, reload."""
    token = _token(host, generation)
    name = COOKIE[kind]
    if kind == "waf_521":
        value = f"String('{token}'.split('').reduce(function(a,c){{return a+c.charCodeAt(0)}},0)*7)"
        return (
            f"document.cookie=('{name}=')+{value}+(';max-age=3600;path=/');"
            "location.href=location.pathname+location.search"
        )
    if kind == "waf_unpassable":  # the script needs a browser feature nobody has: the cookie is never right
        return f"if(window.__never__){{document.cookie='{name}=x;path=/';location.reload()}}"
    reverse = f"document.cookie='{name}='+'{token}'.split('').reverse().join('')+';path=/';location.reload();"
    if kind == "waf_412":  # 瑞数-style bootstrap before the cookie
        return f"var $_ts=window['$_ts'];if(!$_ts)$_ts={{}};$_ts.nsd={generation + 58123};{reverse}"
    return reverse


def challenge_page(kind: str, host: str, generation: int) -> web.Response:
    """The first answer of a challenge host: its status, cookie seed and script, no content."""
    script = _script(kind, host, generation)
    if kind == "waf_200":
        body = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title></head>'
            f"<body><script>{script}</script></body></html>"
        )
        return web.Response(status=200, text=body, content_type="text/html", charset="utf-8")
    status = 521 if kind == "waf_521" else 412
    headers = {"Set-Cookie": f"__jsluid_h={_token(host, -1)}; max-age=31536000; path=/; HttpOnly"}
    body = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><script>{script}</script></head><body></body></html>'
    return web.Response(status=status, body=body.encode(), headers=headers, content_type="text/html")


def browser_like(request: web.Request) -> bool:
    """A request a header-blocking host lets in: a browser's User-Agent and an Accept-Language."""
    ua = request.headers.get("User-Agent", "")
    return ua.startswith("Mozilla/") and bool(request.headers.get("Accept-Language"))


@dataclass(slots=True)
class Gate:
    """One host's challenge state: the current cookie generation and passes left on it."""

    kind: str
    uses: int = 0  # requests a clearance is good for; 0 = until the crawl ends
    generation: int = 0
    passed: int = 0
    challenged: list[str] = field(default_factory=list)  # paths answered with the challenge
    # keepalive_drop: requests seen per open connection (by the transport itself: an id() is reused once
    # a closed connection's transport is freed, and a new connection would then be dropped on its first request)
    connections: weakref.WeakKeyDictionary[Any, int] = field(default_factory=weakref.WeakKeyDictionary)
    dropped: int = 0  # keepalive_drop: connections closed on reuse

    def admit(self, host: str, request: web.Request) -> web.Response | None:
        """None to serve the page; else the challenge (or 403) the host answers instead."""
        if self.kind == "ua_block":
            if browser_like(request):
                return None
            return web.Response(status=403, text="403 Forbidden", content_type="text/html")
        if self.kind == "cookie_redirect":  # a session cookie first, then the same URL again (old Java sites)
            if request.cookies.get("JSESSIONID"):
                return None
            headers = {"Location": request.path_qs, "Set-Cookie": f"JSESSIONID={_token(host, 0)}; Path=/"}
            return web.Response(status=302, headers=headers)
        if self.kind == "scheme_loop":  # https → http sets the session cookie → back to https
            if request.secure and request.cookies.get("SESSIONID"):
                return None
            scheme = "http" if request.secure else "https"
            headers = {"Location": f"{scheme}://{host}{request.path_qs}"}
            if not request.secure:
                headers["Set-Cookie"] = f"SESSIONID={_token(host, 0)}; Path=/"
            return web.Response(status=302, headers=headers)
        if self.kind == "keepalive_drop":
            return self._drop_reused(request)
        if request.cookies.get(COOKIE[self.kind]) == clearance(self.kind, host, self.generation):
            self.passed += 1
            if (
                self.uses and self.passed >= self.uses
            ):  # the clearance expires: the next request is challenged
                self.generation += 1
                self.passed = 0
            return None
        self.challenged.append(request.path)
        return challenge_page(self.kind, host, self.generation)

    def _drop_reused(self, request: web.Request) -> web.Response | None:
        """Serve the first request of a connection (kept alive); close the connection when another arrives."""
        transport = request.transport
        if transport is None:
            return None
        seen = self.connections.get(transport, 0)
        self.connections[transport] = seen + 1
        if seen == 0:
            return None
        self.dropped += 1
        transport.close()  # like a server whose keep-alive ran out: the request gets no answer
        return web.Response(status=500)  # never reaches the client


def image_map_home(areas: list[tuple[str, str]]) -> str:
    """A home page body that is one big image whose <area> regions are the links (label, href)."""
    rows = "".join(
        f'<area shape="rect" coords="0,{40 * i},980,{40 * i + 39}" href="{escape(href)}" alt="{escape(label)}">'
        for i, (label, href) in enumerate(areas)
    )
    height = 40 * len(areas) + 40
    return (
        f'<div class="home"><img src="/images/home.png" width="980" height="{height}" usemap="#homemap" alt="首页">'
        f'<map name="homemap" id="homemap">{rows}'
        f'<area shape="rect" coords="0,{height - 40},980,{height}" nohref alt="版权信息"></map></div>'
    )


def shell_home(kind: str, title: str) -> Resp:
    """A home page a browser leaves at once for REAL_HOME: meta refresh, frameset or location script."""
    t = escape(title)
    if kind == "meta_refresh":
        head = f'<meta http-equiv="refresh" content="0; url={REAL_HOME}">'
        return html_resp(_doc(t, head, "<p>正在跳转……</p>"))
    if kind == "script_redirect":
        return html_resp(
            _doc(t, "", f'<script type="text/javascript">window.location.href="{REAL_HOME}";</script>')
        )
    frames = (
        '<frameset rows="110,*" frameborder="0"><frame name="top" src="/top.html" scrolling="no">'
        f'<frame name="main" src="{REAL_HOME}"><noframes><body>您的浏览器不支持框架。</body></noframes></frameset>'
    )
    return html_resp(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{t}</title></head>{frames}</html>'.encode()
    )


def frame_top(title: str) -> Resp:
    """The banner frame of a frameset home page."""
    return html_resp(_doc(escape(title), "", f'<div class="banner">{escape(title)}</div>'))


def _doc(title: str, head: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()
