"""The state one site crawl shares between its frontier, page workers, link checker and resume."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from protego import Protego

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.fetch import Politeness
from govinspect.crawl.jsonl import JsonlWriter
from govinspect.crawl.net import HostMap
from govinspect.crawl.page import archive, now_iso
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.urls import host_of
from govinspect.crawl.warc import WarcWriter
from govinspect.model import Site, in_path_scope

Progress = Callable[[int, int], Any]  # (pages done, pages queued)


@dataclass(slots=True)
class Link:
    url: str
    kind: str
    internal: bool
    sources: list[tuple[str, str]]
    count: int


# (status, final_url, error, checked_at, elapsed_ms)
Result = tuple[int | None, str | None, str | None, str, int]


class CrawlState:
    """Settings, frontier bookkeeping, results and queues of one site crawl; robots.txt and flushing."""

    # opened by `SiteCrawler.run`
    pages_w: JsonlWriter
    errors_w: JsonlWriter
    checks_w: JsonlWriter
    warc: WarcWriter | None
    fetcher: BrowserFetcher
    politeness: Politeness

    def __init__(
        self,
        site: Site,
        out_dir: Path,
        settings: CrawlSettings,
        host_map: dict[str, str] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.site = site
        self.out = Path(out_dir)
        self.settings = settings.for_site(site.crawl)
        self.hosts = HostMap(host_map, offline=self.settings.offline)
        self.host_map = host_map
        self.progress = progress
        self.session_params = tuple(self.settings.session_params)
        self.site_hosts = {host_of(site.home_url)} | {h.lower() for h in site.extra_hosts}
        self.site_hosts |= {host_of(c.url) for c in site.columns}
        self.site_hosts.discard("")
        self.home_host = host_of(site.home_url)
        self.path_prefix = site.path_prefix
        self.excluded = tuple(self.settings.exclude_prefixes)
        self.column_urls = {c.name: c.url for c in site.columns}
        self.seen: set[str] = set()
        self.page_results: dict[str, Result] = {}
        self.link_results: dict[str, Result] = {}
        self.links: dict[str, Link] = {}
        self.checking: set[str] = set()
        self.error_keys: set[tuple[str, str]] = set()
        self.patterns: Counter[str] = Counter()
        self.query_variants: Counter[str] = Counter()
        self.column_counts: Counter[str] = Counter()
        self.robots: dict[str, Protego | None] = {}
        self.enqueued = 0
        self.checks_scheduled = 0
        self.done = 0
        self.started_at = now_iso()
        self.resumed = 0
        self.page_q: asyncio.Queue[tuple[str, int, str | None, str | None]] = asyncio.Queue()
        self.link_q: asyncio.Queue[str] = asyncio.Queue()
        self._since_flush = 0

    async def _load_robots(self, host: str) -> None:
        scheme = "https" if self.site.home_url.startswith("https") else "http"
        res = await self.fetcher.fetch(f"{scheme}://{host}/robots.txt", retries=1)
        archive(self.warc, res)
        parser = None
        if res.status == 200 and res.error is None:
            try:
                parser = Protego.parse(res.content.decode("utf-8", "replace"))
            except Exception:
                parser = None
        self.robots[host] = parser
        if parser is not None:
            delay = parser.crawl_delay(self.settings.user_agent)
            if delay and delay > 0:
                rate = 1.0 / float(delay)
                if not self.settings.per_host_rate or rate < self.settings.per_host_rate:
                    self.politeness.set_rate(host, rate)

    def _in_scope(self, url: str, host: str) -> bool:
        """Is an internal URL part of this site: under its path prefix, outside other registered sections?"""
        if host != self.home_host or (self.path_prefix == "/" and not self.excluded):
            return True
        path = urlsplit(url).path or "/"
        return in_path_scope(path, self.path_prefix) and not any(path.startswith(x) for x in self.excluded)

    def _robots_ok(self, url: str) -> bool:
        if not self.settings.obey_robots:
            return True
        parser = self.robots.get(host_of(url))
        return parser is None or parser.can_fetch(url, self.settings.user_agent)

    def _tick(self) -> None:
        self._since_flush += 1
        if self._since_flush >= self.settings.flush_every:
            self._flush()

    def _flush(self) -> None:
        # The archive is unbuffered, so every record a page line points to is already on disk.
        self.pages_w.flush()
        self.errors_w.flush()
        self.checks_w.flush()
        self._since_flush = 0
