"""Records of a crawl as written to disk: pages, checked links, probes.

A Snapshot directory holds `pages.jsonl`, `links.jsonl`, `errors.jsonl` and a WARC
archive; each line is one of these records as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ErrorClass:
    """Stable error classes of a fetch or link check (stored as strings)."""

    DNS = "dns"
    REFUSED = "connect_refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    HTTP_4XX = "http_4xx"
    HTTP_5XX = "http_5xx"
    SOFT_404 = "soft_404"
    REDIRECT_LOOP = "redirect_loop"
    TOO_LARGE = "too_large"
    DECODE = "decode"
    BROKEN_ENCODING = "broken_content_encoding"  # e.g. a broken gzip stream
    ROBOTS = "robots_disallowed"
    TRAP = "trap_limited"
    CHALLENGE = "challenge"  # a WAF challenge we could not pass: 访问受限（防护拦截）, never a dead page
    OTHER = "other"


@dataclass(slots=True)
class PageRecord:
    url: str
    final_url: str
    status: int | None
    fetched_at: str  # ISO datetime, Asia/Shanghai
    elapsed_ms: int
    size: int
    sha1: str | None
    depth: int
    referrer: str | None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # chosen headers
    redirects: list[str] = field(default_factory=list)
    error: str | None = None  # an ErrorClass value
    warc_offset: int | None = None  # of the response record in the archive
    warc_file: str | None = None
    warc_length: int | None = None  # bytes of the (gzip member of the) response record
    column: str | None = None  # registered column this page belongs to (column page or its pagination)
    encoding: str | None = None  # codec the body was decoded with
    truncated: bool = False  # the body was cut at the crawl's size limit (`size` bytes were kept and read)
    declared_size: int | None = None  # the Content-Length of a cut response, when the server sent one
    certificate: dict[str, str] | None = None  # what was wrong with the host's TLS when read (crawl/tls.py)
    # The page as chromium rendered it (render_js): a WARC conversion record; None when not rendered.
    render_offset: int | None = None
    render_length: int | None = None
    render_file: str | None = None


@dataclass(slots=True)
class LinkSource:
    page: str
    anchor: str  # anchor text, alt text or tag name


@dataclass(slots=True)
class LinkRecord:
    url: str
    kind: str  # a / img / iframe / attachment
    internal: bool
    sources: list[LinkSource]
    status: int | None
    final_url: str | None
    error: str | None  # None when the link works; else an ErrorClass value
    checked_at: str
    elapsed_ms: int = 0
    source_count: int = 0  # pages linking here; `sources` keeps only the first few


@dataclass(slots=True)
class ErrorRecord:
    """A problem met while crawling: a failed fetch, a robots or trap skip, a broken encoding."""

    url: str
    error: str  # an ErrorClass value
    detail: str
    at: str  # ISO datetime
    depth: int | None = None
    referrer: str | None = None


@dataclass(slots=True)
class ProbeResult:
    url: str
    at: str  # ISO datetime
    ok: bool
    status: int | None
    elapsed_ms: int
    error: str | None = None
