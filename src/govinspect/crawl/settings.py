"""Every crawl default in one place (like Scrapy's settings module), overridable per site.

A site's `crawl:` mapping in the registry (model.Site.crawl) is merged with `CrawlSettings.for_site`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_USER_AGENT = "govinspect/0.1 (+政府网站检查; 政务公开办)"


class CrawlSettings(BaseModel):
    """Limits, politeness, timeouts and switches of one site crawl."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # --- scope -------------------------------------------------------------------------------
    max_pages: int = Field(
        20_000, ge=1, description="Most pages fetched per site (registered columns excepted)."
    )
    max_depth: int = Field(
        10, ge=0, description="Most link hops from the home page (column pagination excepted)."
    )
    max_column_pages: int = Field(
        200, ge=1, description="Most pages fetched per registered column, its pagination included."
    )
    exclude_prefixes: list[str] = Field(
        default_factory=list,
        description="Paths on the home host that are registered sites of their own (信息公开平台 sections):"
        " not crawled, still link-checked. Set by the round from the registry.",
    )

    # --- politeness --------------------------------------------------------------------------
    per_host_concurrency: int = Field(2, ge=1, description="Requests in flight at once to one site host.")
    per_host_rate: float | None = Field(
        4.0, description="Requests per second to one site host; None or 0 = unlimited (loopback benches)."
    )
    feed_concurrency: int = Field(
        4,
        ge=1,
        description="Requests in flight at once to one feed service (the hosts of accounts' feed URLs).",
    )
    feed_rate: float | None = Field(
        8.0,
        description="Requests per second to one feed service (the office's RSSHub or bridge), all accounts of"
        " the round together; lower it for a public instance.",
    )
    external_concurrency: int = Field(1, ge=1, description="Requests in flight at once to one external host.")
    external_rate: float | None = Field(1.0, description="Requests per second to one external host.")
    link_check_concurrency: int = Field(
        8, ge=1, description="Link checks in flight at once, all hosts together."
    )
    obey_robots: bool = Field(
        True, description="Obey robots.txt; an official inspection may switch this off per site."
    )
    user_agent: str = Field(DEFAULT_USER_AGENT, description="User-Agent header sent with every request.")

    # --- timeouts and retries ----------------------------------------------------------------
    connect_timeout: float = Field(10.0, gt=0, description="Seconds to open a connection.")
    read_timeout: float = Field(
        35.0,
        gt=0,
        description="Seconds of silence tolerated while reading (a peak-hour 30 s answer is read).",
    )
    total_timeout: float = Field(60.0, gt=0, description="Seconds for one whole request (slow-drip defence).")
    retries: int = Field(2, ge=0, description="Retries after a timeout, a connection error, 429 or 5xx.")
    backoff_base: float = Field(1.0, ge=0, description="First retry waits this many seconds, doubling after.")
    backoff_max: float = Field(30.0, ge=0, description="Longest wait between retries.")
    max_retry_after: float = Field(
        60.0, ge=0, description="Retry-After longer than this is not waited for: the fetch fails."
    )

    # --- responses ---------------------------------------------------------------------------
    max_response_bytes: int = Field(
        10 * 1024 * 1024,
        ge=1024,
        description="Largest body read (on the wire and once decompressed); a page past it is cut here and kept.",
    )
    max_redirects: int = Field(
        10, ge=0, description="Longest redirect chain followed; longer → redirect_loop."
    )

    # --- spider traps ------------------------------------------------------------------------
    max_pages_per_pattern: int = Field(
        5_000,
        ge=1,
        description="Most pages per path pattern (digits → N, query keys only); stops endless calendars.",
    )
    max_query_variants: int = Field(
        100, ge=1, description="Most distinct query strings fetched for one path (query explosions)."
    )
    session_params: tuple[str, ...] = Field(
        ("jsessionid", "phpsessid", "sid", "sessionid", "aspsessionid", "cfid", "cftoken"),
        description="Query/path parameters dropped from URLs before de-duplication.",
    )

    attachment_text: bool = Field(
        True,
        description="Fetch and archive the site's own document attachments (.pdf, .docx, .xlsx, .doc, .wps, .txt) "
        "like pages, so the content checks read their text.",
    )

    # --- link checking -----------------------------------------------------------------------
    link_check: bool = Field(True, description="Check every link, image, frame and attachment once.")
    link_check_external: bool = Field(True, description="Also check links to hosts outside the site.")
    link_max_bytes: int = Field(
        256 * 1024, ge=1024, description="Bytes of a linked page read to spot a soft 404."
    )
    link_soft404_get: bool = Field(
        True, description="Read page links (a, iframe) with a GET, to look for soft-404 text."
    )
    max_link_checks: int = Field(
        50_000,
        ge=0,
        description="Most link checks (HEAD/GET) per site round; links beyond stay unchecked (status and error None).",
    )
    max_link_sources: int = Field(
        10, ge=1, description="Source pages kept per link (the total is counted in source_count)."
    )

    # --- obstacles a browser passes ----------------------------------------------------------
    pass_challenges: bool = Field(
        True, description="Pass WAF challenges and header blocks in chromium, once per host (when installed)."
    )
    challenge_timeout: float = Field(20.0, gt=0, description="Seconds chromium gets to pass one challenge.")
    challenge_solves: int = Field(
        10,
        ge=1,
        description="Most challenge solves per host in one crawl (an expired cookie is solved again).",
    )
    ca_file: str | None = Field(
        None,
        description="Extra trusted root certificates (PEM file) besides the system's (tests, private CAs).",
    )

    # --- storage and rendering ---------------------------------------------------------------
    archive: bool = Field(True, description="Keep raw requests and responses in archive.warc.gz.")
    render_js: bool = Field(False, description="Render pages with chromium (lists built by script).")
    offline: bool = Field(
        False,
        description="Never resolve names: hosts not in the host map and not loopback fail as dns errors.",
    )
    crawl_processes: int = Field(
        1,
        ge=1,
        description=(
            "Processes fetching, archiving and parsing pages: 1 = the crawl process alone; N > 1 starts N "
            "page workers beside it (for a server that allows a fast crawl; each writes archive-N.warc.gz)."
        ),
    )
    flush_every: int = Field(
        64, ge=1, description="Records buffered before the archive and jsonl are flushed."
    )

    def for_site(self, site_overrides: dict[str, Any] | None) -> CrawlSettings:
        """These settings with a site's registry `crawl:` overrides applied (unknown keys are errors)."""
        if not site_overrides:
            return self
        data = self.model_dump()
        data.update(site_overrides)
        return CrawlSettings.model_validate(data)

    @property
    def page_workers(self) -> int:
        """Page-fetching tasks per site host."""
        return self.per_host_concurrency
