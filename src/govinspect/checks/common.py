"""Helpers shared by the website check families: dates, finding construction, error wording."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from govinspect.checks.inputs import SiteInput
from govinspect.model import TZ, Evidence, Finding, TargetKind

_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")

ERROR_TEXT = {
    "dns": "域名无法解析",
    "connect_refused": "连接被拒绝",
    "timeout": "访问超时",
    "tls": "安全连接（证书）错误",
    "http_4xx": "页面不存在或禁止访问",
    "http_5xx": "服务器错误",
    "soft_404": "页面不存在（软404）",
    "redirect_loop": "重定向循环",
    "too_large": "内容过大",
    "decode": "内容无法解码",
    "broken_content_encoding": "内容编码损坏",
    "robots_disallowed": "robots 禁止抓取",
    "trap_limited": "抓取受限",
    "challenge": "访问受限（防护拦截）",
    "other": "其他错误",
}


def error_text(error: str | None, status: int | None = None) -> str:
    """Chinese wording of an ErrorClass value (with the HTTP status when known)."""
    base = ERROR_TEXT.get(error or "", error or "未知错误")
    return f"{base}（HTTP {status}）" if status else base


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date of an ISO date/datetime string (or 2023年6月1日 / 2023/6/1 forms)."""
    if not value:
        return None
    m = _DATE_RE.search(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_time(value: str | None) -> dt.datetime | None:
    """An aware datetime from an ISO string; naive values are read as Asia/Shanghai."""
    if not value:
        return None
    try:
        t = dt.datetime.fromisoformat(value)
    except ValueError:
        d = parse_date(value)
        return dt.datetime.combine(d, dt.time(), tzinfo=TZ) if d else None
    return t if t.tzinfo else t.replace(tzinfo=TZ)


def site_finding(
    inp: SiteInput,
    code: str,
    message: str,
    *,
    url: str = "",
    captured_at: str | dt.datetime | None = None,
    detail: dict[str, Any] | None = None,
    count: int = 1,
) -> Finding:
    """A Finding on the input's site with its evidence."""
    when = (
        captured_at
        if isinstance(captured_at, dt.datetime) or captured_at is None
        else parse_time(captured_at)
    )
    return Finding(
        code=code,
        target_kind=TargetKind.SITE,
        target=inp.site.code,
        message=message,
        evidence=Evidence(url=url or inp.site.home_url, captured_at=when, detail=detail or {}),
        count=count,
    )


def matches_any(text: str | None, keywords: list[str]) -> str | None:
    """The first keyword contained in `text`; a Latin or digit keyword ("12345") only as a whole token,
    not inside a longer number or word (an ICP number 豫ICP备20123456号 holds no 12345 hotline)."""
    if not text:
        return None
    for k in keywords:
        if k in text and (not (k.isascii() and k.isalnum()) or _token(k).search(text)):
            return k
    return None


@functools.lru_cache(maxsize=256)
def _token(keyword: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9A-Za-z]){re.escape(keyword)}(?![0-9A-Za-z])")
