"""Hostile pages for the crawler's robustness tests: loops, drips, endless calendars, bad bytes."""

from __future__ import annotations

import datetime as dt
import gzip
from html import escape
from urllib.parse import parse_qs, urlsplit

from govinspect.model import TargetKind
from govinspect.sim.faults import FAULT_CHECKS
from govinspect.sim.scenario import HostileSpec
from govinspect.sim.types import Behaviour, PlantedFault, Resp, html_resp

PAGE_404 = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404</title></head><body>404 Not Found</body></html>'


def _page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body>{body}</body></html>"
    ).encode()


def build_hostile(spec: HostileSpec) -> tuple[dict[str, Resp], list[PlantedFault]]:
    pages: dict[str, Resp] = {}
    faults: list[PlantedFault] = []
    links = []
    for b in spec.behaviours:
        base = f"/{b}/"
        links.append(f'<li><a href="{base}">{b}</a></li>')
        detail: dict[str, object] = {"url": f"http://{spec.host}{base}"}
        if b == "redirect_loop":
            pages[base] = Resp(302, (("Location", base + "a.html"),))
            pages[base + "a.html"] = Resp(302, (("Location", base + "b.html"),))
            pages[base + "b.html"] = Resp(302, (("Location", base),))
        elif b == "redirect_chain":
            for k in range(1, 6):
                src = base if k == 1 else f"{base}{k - 1}.html"
                pages[src] = Resp(302, (("Location", f"{base}{k}.html"),))
            pages[f"{base}5.html"] = html_resp(_page("终点", "<p>重定向链终点</p>"))
            detail["hops"] = 5
        elif b == "slow":
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                _page("慢", "<p>慢响应</p>"),
                Behaviour("slow", delay=spec.delay),
            )
            detail["delay"] = spec.delay
        elif b == "slow_drip":
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                _page("滴", "<p>" + "滴" * 200 + "</p>"),
                Behaviour("slow_drip", delay=spec.delay),
            )
            detail["delay"] = spec.delay
        elif b == "endless_calendar":
            pages[base] = Resp(
                200, (("Content-Type", "text/html; charset=utf-8"),), b"", Behaviour("endless_calendar")
            )
        elif b == "huge_body":
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                b"",
                Behaviour("huge_body", size=spec.huge_mb * 1024 * 1024),
            )
            detail["bytes"] = spec.huge_mb * 1024 * 1024
        elif b == "broken_gzip":
            good = gzip.compress(_page("压缩", "<p>" + "内容" * 500 + "</p>"), mtime=0)
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")),
                good[:40] + bytes(range(256)) * 4,
            )
        elif b == "undecodable":
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                _page("乱码", "<p>正常文字</p>") + b"\xff\xfe\xc3\x28\xa0\xa1\x80\x81" * 64,
            )
        elif b == "soft_404":
            pages[base] = html_resp(
                _page("页面不存在", "<h1>页面不存在</h1><p>您访问的页面不存在或已被删除。</p>")
            )
        elif b == "status_404":
            pages[base] = html_resp(PAGE_404.encode(), status=404)
        elif b == "status_500":
            pages[base] = html_resp(_page("500", "Internal Server Error"), status=500)
        elif b == "intermittent":
            pages[base] = Resp(
                200,
                (("Content-Type", "text/html; charset=utf-8"),),
                _page("时好时坏", "<p>ok</p>"),
                Behaviour("intermittent", ratio=spec.ratio),
            )
            detail["ratio"] = spec.ratio
        elif b == "gbk_header":
            pages[base] = html_resp(
                "<!DOCTYPE html><html><head><title>GBK页面</title></head><body><p>政务公开 GBK 编码</p></body></html>".encode(
                    "gbk"
                ),
                "GBK",
            )
        elif b == "gbk_meta":
            pages[base] = html_resp(
                '<!DOCTYPE html><html><head><meta charset="gb2312"><title>GB2312页面</title></head>'
                "<body><p>政务公开 仅 meta 声明编码</p></body></html>".encode("gbk"),
                None,
            )
        faults.append(PlantedFault(b, TargetKind.SITE, spec.host, spec.name, "", FAULT_CHECKS[b], detail))
    pages["/"] = html_resp(_page(spec.name, "<ul>" + "".join(links) + "</ul>"))
    pages["/robots.txt"] = Resp(200, (("Content-Type", "text/plain"),), b"User-agent: *\nAllow: /\n")
    return pages, faults


def calendar_page(base: str, query: str, origin: dt.date) -> bytes:
    """One day of an endless calendar: links to the previous and next day, forever."""
    q = parse_qs(urlsplit("?" + query).query)
    try:
        day = dt.date.fromisoformat(q.get("date", [origin.isoformat()])[0])
    except ValueError:
        day = origin
    prev, nxt = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    return _page(
        f"日历 {day.isoformat()}",
        f"<h1>{day.isoformat()} 活动安排</h1><p>暂无活动</p>"
        f'<a href="{base}?date={prev.isoformat()}">前一天</a> <a href="{base}?date={nxt.isoformat()}">后一天</a>',
    )
