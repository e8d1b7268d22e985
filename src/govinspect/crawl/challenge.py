"""Recognise a WAF challenge (访问受限（防护拦截）): the status, headers and body signatures of the common families.

Every rule is here, one per family, so a response is never read as content, a dead link or an
unreachable site when a protection system answered instead of the site. A challenge is small and
names its machinery (a cookie and a reload); a normal page that merely mentions 安全验证 is not one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

MAX_CHALLENGE_BYTES = 32 * 1024  # challenge pages are small; a larger body is content
CHALLENGE_STATUSES = frozenset((202, 403, 412, 429, 503, 521))

_SETS_COOKIE = re.compile(rb"document\s*\.\s*cookie\s*=", re.I)
_RELOADS = re.compile(
    rb"location\s*\.\s*(?:reload\s*\(|replace\s*\(|href\s*=|assign\s*\()|(?:window|self|document|top)\s*\.\s*location\s*=",
    re.I,
)
_SCRIPT = re.compile(rb"<script\b[^>]*>(.*?)</script>", re.I | re.S)
_TAG = re.compile(rb"<[^>]+>")
_HAS_SCRIPT = re.compile(rb"<script", re.I)


@dataclass(frozen=True, slots=True)
class Rule:
    """One family's signature: a test over (status, lower-case headers, body)."""

    family: str
    name: str  # 中文名 for evidence
    test: Callable[[int, Mapping[str, str], bytes], bool]


def _visible_text_len(body: bytes) -> int:
    """Bytes of text a reader sees: the body without scripts and tags."""
    return len(_TAG.sub(b"", _SCRIPT.sub(b"", body)).strip())


def _cookie_and_reload(body: bytes) -> bool:
    """A page whose script sets a cookie and reloads, with next to nothing to read."""
    return bool(_SETS_COOKIE.search(body) and _RELOADS.search(body)) and _visible_text_len(body) < 200


def _ruishu(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # 瑞数 / Botgate dynamic protection: 412 (or 202/200) with the $_ts bootstrap
    return b"$_ts" in body and status in (200, 202, 412)


def _http412_script(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # 412 Precondition Failed with a script and no page to read: a dynamic-protection challenge
    return status == 412 and b"<script" in body.lower() and _visible_text_len(body) < 200


def _jiasule(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # 加速乐 / 知道创宇: 521 with a script building __jsl_clearance
    cookie = headers.get("set-cookie", "")
    return b"__jsl_clearance" in body or (status == 521 and ("__jsluid" in cookie or b"<script" in body))


def _yunsuo(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # 云锁: a 200 page that sets yunsuo_session_verify and reloads
    return b"yunsuo_session_verify" in body or "yunsuo_session_verify" in headers.get("set-cookie", "")


def _aliyun(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # 阿里云 WAF: the acw_sc__v2 cookie computed by script
    return b"acw_sc__v2" in body


def _cloudflare(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    return headers.get("cf-mitigated", "").lower() == "challenge" or (
        status in (403, 503) and b"/cdn-cgi/challenge-platform/" in body
    )


def _script_gate(status: int, headers: Mapping[str, str], body: bytes) -> bool:
    # any family: a cookie set by script followed by a reload, on a page with nothing else to read
    return _cookie_and_reload(body)


RULES: tuple[Rule, ...] = (
    Rule("ruishu", "瑞数动态防护（412）", _ruishu),
    Rule("http412", "动态防护（HTTP 412 脚本验证）", _http412_script),
    Rule("jiasule", "加速乐（521 Cookie 验证）", _jiasule),
    Rule("yunsuo", "云锁（脚本验证）", _yunsuo),
    Rule("aliyun", "阿里云 WAF（脚本验证）", _aliyun),
    Rule("cloudflare", "Cloudflare 质询", _cloudflare),
    Rule("script", "脚本验证页（设置 Cookie 后刷新）", _script_gate),
)
_BY_FAMILY = {r.family: r for r in RULES}


def challenge_family(status: int | None, headers: Mapping[str, str], body: bytes) -> str | None:
    """The WAF family whose challenge this response is (None: the site's own answer).

    Cheap for ordinary pages: only 200 and the challenge statuses are read, only bodies under
    MAX_CHALLENGE_BYTES, and a body without a script is never a challenge.
    """
    if status is None or len(body) > MAX_CHALLENGE_BYTES:
        return None
    if status not in CHALLENGE_STATUSES and status != 200:
        return None
    if headers.get("cf-mitigated"):
        return "cloudflare" if _cloudflare(status, headers, body) else None
    if not _HAS_SCRIPT.search(body):
        return None
    for rule in RULES:
        if rule.test(status, headers, body):
            return rule.family
    return None


def family_name(family: str) -> str:
    """The Chinese name of a family (the code itself when unknown)."""
    rule = _BY_FAMILY.get(family)
    return rule.name if rule else family
