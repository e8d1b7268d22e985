"""One page of a crawl: fetch it, archive every exchange, decode it and read its out-links.

Shared by the crawl process and the page-worker processes of a multi-process crawl (crawl/workers.py),
so a page yields the same record whichever process fetched it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.fetch import Fetcher, FetchResult
from govinspect.crawl.records import ErrorClass, PageRecord
from govinspect.crawl.shells import MAX_SHELL_BYTES, browser_redirect
from govinspect.crawl.urls import host_of
from govinspect.crawl.warc import WarcWriter
from govinspect.extract import decode_html, json_links, outlinks
from govinspect.model import TZ

KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "last-modified",
    "etag",
    "date",
    "server",
    "location",
    "retry-after",
    "content-disposition",
)
SOFT_404_DETAIL = "页面返回 200 但内容为“页面不存在”"
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_SOFT404_TITLE = re.compile(r"404|页面不存在|页面未找到|找不到|not\s*found|页面已删除|无法找到", re.I)
_SOFT404_BODY = re.compile(
    r"页面不存在|页面未找到|找不到(?:该|您要的|您所)?页面|404\s*not\s*found|您访问的页面", re.I
)
_TAGS = re.compile(r"<[^>]+>")
_SCRIPT_TAG = re.compile(rb"<script", re.I)

LinkTuple = tuple[str, str, str]  # (absolute url, kind, anchor text)
MAX_SHELL_HOPS = 3  # meta refresh / location script / frameset hops followed before a page is read

_now_cache: tuple[int, str] = (-1, "")


def now_iso() -> str:
    """Current time in Asia/Shanghai, ISO 8601 to the second (formatted once per second)."""
    global _now_cache
    sec = int(time.time())
    if _now_cache[0] != sec:
        _now_cache = (sec, dt.datetime.fromtimestamp(sec, TZ).isoformat(timespec="seconds"))
    return _now_cache[1]


# Content-Types read as an HTML page: government servers label pages as XML or plain text too.
HTML_TYPES = ("text/html", "application/xhtml", "text/xml", "application/xml", "text/plain")


def is_html_type(content_type: str) -> bool:
    """A Content-Type whose body is read as an HTML page (the one "is HTML" rule of crawl and extract)."""
    return content_type.strip().lower().startswith(HTML_TYPES)


def is_html(headers: dict[str, str], content: bytes) -> bool:
    """An HTML page by its Content-Type, else (no type) by a body starting with "<"."""
    ctype = headers.get("content-type", "")
    if ctype:
        return is_html_type(ctype)
    return content[:512].lstrip()[:1] == b"<"


def is_json(headers: dict[str, str], content: bytes) -> bool:
    """A JSON response (a script-loaded list's data endpoint)."""
    ctype = headers.get("content-type", "").lower()
    if ctype:
        return "json" in ctype
    return content[:512].lstrip()[:1] in (b"{", b"[")


def has_links(headers: dict[str, str], content: bytes) -> bool:
    """Responses whose links the crawler follows: HTML pages and JSON list endpoints."""
    return is_html(headers, content) or is_json(headers, content)


def looks_soft_404(html: str) -> bool:
    """A 200 page whose title (or short body) says 页面不存在 / 404 / 找不到."""
    m = _TITLE.search(html, 0, 20000)
    if m and _SOFT404_TITLE.search(m.group(1)):
        return True
    # Every body phrase holds "页面" or "404", and removing tags cannot create either: skip most pages.
    if len(html) < 8000 and ("页面" in html or "404" in html):
        text = _TAGS.sub(" ", html)
        return bool(_SOFT404_BODY.search(text))
    return False


def parse_page(url: str, content: bytes, headers: dict[str, str]) -> tuple[str, bool, list[LinkTuple]]:
    """Decode a page; return (encoding, soft 404?, out-links). A JSON list endpoint yields its items' links."""
    text, encoding = decode_html(content, headers)
    if is_json(headers, content):
        return encoding, False, [(o.url, o.kind, o.anchor) for o in json_links(url, text)]
    if looks_soft_404(text):
        return encoding, True, []
    return encoding, False, [(o.url, o.kind, o.anchor) for o in outlinks(url, text)]


def declared_length(headers: dict[str, str]) -> int | None:
    """The Content-Length a response declared (bytes on the wire), None when absent or unreadable."""
    value = headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


def archive(warc: WarcWriter | None, res: FetchResult) -> tuple[int | None, int | None]:
    """Write every exchange of a fetch; return the last response record's (offset, length)."""
    if warc is None or not res.exchanges:
        return None, None
    offset = length = None
    for ex in res.exchanges:
        offset, length = warc.write(ex)
    return offset, length


async def follow_shells(
    fetcher: Fetcher, res: FetchResult, follow: Callable[[str], Awaitable[bool]] | None
) -> tuple[FetchResult, list[LinkTuple]]:
    """Leave meta-refresh, location-script and frameset shells as a browser does; hops join the redirects.

    Returns the page a person lands on and the shells' own out-links (a frameset's other frames).
    """
    links: list[LinkTuple] = []
    for _ in range(MAX_SHELL_HOPS):
        if res.error is not None or res.status != 200 or len(res.content) > MAX_SHELL_BYTES:
            break
        if not is_html(res.headers, res.content):
            break
        text, _ = decode_html(res.content, res.headers)
        nxt = browser_redirect(res.final_url, text)
        if nxt is None or nxt in res.redirects or nxt == res.url:
            break
        links += [(o.url, o.kind, o.anchor) for o in outlinks(res.final_url, text) if o.url != nxt]
        if follow is not None:
            await follow(nxt)  # marks the target fetched; a shell is left even for a page queued already
        landed = await fetcher.fetch(nxt, follow=follow, truncate_ok=True)
        landed.url = res.url
        landed.redirects = [*res.redirects, nxt, *landed.redirects]
        landed.exchanges = [*res.exchanges, *landed.exchanges]
        landed.elapsed_ms += res.elapsed_ms
        res = landed
    return res, links


@dataclass(slots=True)
class PageOutcome:
    """A fetched page: its record (archive offsets set), the error detail, and its out-links."""

    record: PageRecord
    detail: str
    links: list[LinkTuple]
    scripted: bool = False  # an HTML page with a <script>: only such a page may draw its list by script


async def fetch_page(
    fetcher: Fetcher,
    warc: WarcWriter | None,
    site_hosts: set[str],
    url: str,
    depth: int,
    referrer: str | None,
    column: str | None,
    follow: Callable[[str], Awaitable[bool]] | None = None,
) -> PageOutcome:
    """Fetch, archive and parse one page; links are dropped when a redirect led off the site.

    A body over the size limit is cut there, archived as cut, and read like any page (the record says so)."""
    first = await fetcher.fetch(url, follow=follow, truncate_ok=True)
    res, shell_links = await follow_shells(fetcher, first, follow)
    at = now_iso()
    offset, length = archive(warc, res)
    content = res.content
    headers = res.headers
    rec = PageRecord(
        url=url,
        final_url=res.final_url,
        status=res.status,
        fetched_at=at,
        elapsed_ms=res.elapsed_ms,
        size=len(content),
        sha1=hashlib.sha1(content).hexdigest() if content else None,
        depth=depth,
        referrer=referrer,
        content_type=headers.get("content-type"),
        headers={k: headers[k] for k in KEPT_HEADERS if k in headers},
        redirects=res.redirects,
        error=res.error,
        warc_offset=offset,
        warc_file=warc.path.name if warc is not None and offset is not None else None,
        warc_length=length,
        column=column,
        truncated=res.truncated,
        declared_size=declared_length(headers) if res.truncated else None,
    )
    if isinstance(fetcher, BrowserFetcher):  # what was wrong with the host's TLS, for the tls.* checks
        rec.certificate = fetcher.tls.report(host_of(res.final_url))
    links: list[LinkTuple] = shell_links
    detail = res.detail
    scripted = False
    if res.error is None and res.status is not None and res.status < 300 and has_links(headers, content):
        rec.encoding, soft, page_links = parse_page(res.final_url, content, headers)
        links += page_links
        scripted = is_html(headers, content) and _SCRIPT_TAG.search(content) is not None
        if soft:
            rec.error = ErrorClass.SOFT_404
            detail = SOFT_404_DETAIL
        elif host_of(res.final_url) not in site_hosts:
            links = []  # redirected off site: not ours to crawl
    return PageOutcome(rec, detail, links, scripted)
