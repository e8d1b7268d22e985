"""URL canonicalisation, session-id removal, spider-trap path patterns and pagination detection."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_DIGITS = re.compile(r"\d+")
_PAGINATION_TEXT = re.compile(
    r"^(下一页|下页|尾页|末页|最后一页|上一页|上页|首页|\d{1,4}|>|>>|»|\[\d{1,4}\])$"
)
_PAGINATION_HREF = re.compile(
    r"(?:^|/)(?:index|list|default|page|more)_\d+\.s?html?$|[?&](?:page|pageindex|pageno|p|pn|cur)=\d+", re.I
)


@lru_cache(maxsize=8)
def _session_re(params: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(p) for p in params)
    return re.compile(rf"(?i);(?:{names})=[^?#/;]*")


@lru_cache(maxsize=8)
def _session_set(params: tuple[str, ...]) -> frozenset[str]:
    return frozenset(p.lower() for p in params)


def strip_session(url: str, params: tuple[str, ...]) -> str:
    """Drop ;jsessionid=… path parameters and session query parameters."""
    url = _session_re(params).sub("", url)
    parts = urlsplit(url)
    if not parts.query:
        return url
    names = _session_set(params)
    kept = [q for q in parts.query.split("&") if q and q.split("=", 1)[0].lower() not in names]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))


_PLAIN = re.compile(r"^https?://[a-z0-9.\-]+(?::\d+)?(?:/[A-Za-z0-9._~/\-]*)?$")


@lru_cache(maxsize=16384)
def canonical(url: str, session_params: tuple[str, ...] = ()) -> str:
    """The de-duplication key of a URL: session ids dropped, w3lib canonical form, no fragment."""
    if _PLAIN.match(url):
        return url if "/" in url[8:] else url + "/"  # the common case needs no w3lib work
    if session_params and (";" in url or "?" in url):
        url = strip_session(url, session_params)
    try:
        return canonicalize_url(url, keep_fragments=False)
    except Exception:
        return url.split("#", 1)[0]


@lru_cache(maxsize=16384)
def host_of(url: str) -> str:
    """Lower-case host of a URL ('' when it has none); string slicing, no urlsplit."""
    i = url.find("://")
    if i < 0:
        return ""
    rest = url[i + 3 :]
    end = len(rest)
    for ch in "/?#":
        j = rest.find(ch, 0, end)
        if j >= 0:
            end = j
    netloc = rest[:end]
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")].lower()
    return netloc.split(":", 1)[0].lower()


def path_pattern(url: str) -> str:
    """Trap key: host + path with digit runs as N + sorted query keys (/cal/2024/05?d=1 → /cal/N/N?d)."""
    parts = urlsplit(url)
    keys = sorted({q.split("=", 1)[0] for q in parts.query.split("&") if q}) if parts.query else []
    pattern = f"{parts.hostname}{_DIGITS.sub('N', parts.path)}"
    return pattern + ("?" + "&".join(keys) if keys else "")


def query_key(url: str) -> tuple[str, bool]:
    """(host + path, has a query) — query variants are counted per path."""
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}", bool(parts.query)


def is_pagination(anchor: str, url: str) -> bool:
    """A link to another page of the same list: 下一页/尾页/page numbers or index_N.html / ?page=N."""
    text = anchor.strip()
    return bool(_PAGINATION_TEXT.match(text)) or bool(_PAGINATION_HREF.search(url))


def same_list(column_url: str, url: str) -> bool:
    """True when `url` lives in the directory of the column's list page (its pagination does)."""
    col = urlsplit(column_url)
    other = urlsplit(url)
    if col.hostname != other.hostname:
        return False
    base = col.path.rsplit("/", 1)[0] + "/"
    return other.path.startswith(base) or other.path == col.path
