"""Breadth-first crawl of one site into a snapshot directory, with link checking and resume from disk.

Pages stream to pages.jsonl and archive.warc.gz as they arrive; only URLs and small per-link results
are kept in memory. A rerun on the same directory continues an interrupted crawl. With
`crawl_processes` > 1, page workers (crawl/workers.py) fetch the pages this process hands out.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from protego import Protego

from govinspect.crawl.fetch import REDIRECT_CODES, Fetcher, FetchResult, Politeness
from govinspect.crawl.jsonl import JsonlWriter, dumps, read_lines, read_records, repair
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.page import (
    SOFT_404_DETAIL,
    LinkTuple,
    archive,
    fetch_page,
    has_links,
    is_html,
    looks_soft_404,
    now_iso,
    parse_page,
)
from govinspect.crawl.records import ErrorClass, ErrorRecord, LinkRecord, LinkSource, PageRecord
from govinspect.crawl.render import Renderer, browser_available
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.snapshot import (
    ARCHIVE,
    CHECKS,
    ERRORS,
    LINKS,
    PAGES,
    SUMMARY,
    Snapshot,
    SnapshotSummary,
    compute_summary,
)
from govinspect.crawl.urls import canonical, host_of, is_pagination, path_pattern, query_key, same_list
from govinspect.crawl.warc import WarcWriter
from govinspect.crawl.workers import PageWorkers, WorkerConfig, WorkerGone
from govinspect.extract.decode import decode_html
from govinspect.extract.links import outlinks
from govinspect.model import Site

Progress = Callable[[int, int], Any]  # (pages done, pages queued)


@dataclass(slots=True)
class _Link:
    url: str
    kind: str
    internal: bool
    sources: list[tuple[str, str]]
    count: int


# (status, final_url, error, checked_at, elapsed_ms)
_Result = tuple[int | None, str | None, str | None, str, int]


class SiteCrawler:
    """State and workers of one site crawl; use `crawl_site`."""

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
        self.s = settings.for_site(site.crawl)
        self.hosts = HostMap(host_map, offline=self.s.offline)
        self.host_map = host_map
        self.progress = progress
        self.sp = tuple(self.s.session_params)
        self.site_hosts = {host_of(site.home_url)} | {h.lower() for h in site.extra_hosts}
        self.site_hosts |= {host_of(c.url) for c in site.columns}
        self.site_hosts.discard("")
        self.column_urls = {c.name: c.url for c in site.columns}
        self.seen: set[str] = set()
        self.page_results: dict[str, _Result] = {}
        self.link_results: dict[str, _Result] = {}
        self.links: dict[str, _Link] = {}
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

    # ------------------------------------------------------------------ run
    async def run(self) -> SnapshotSummary:
        self.out.mkdir(parents=True, exist_ok=True)
        summary_path = self.out / SUMMARY
        if summary_path.exists():
            old = Snapshot(self.out).summary()
            if old.complete:
                return old
        stored = self._load_stored()
        self.pages_w = JsonlWriter(self.out / PAGES)
        self.errors_w = JsonlWriter(self.out / ERRORS)
        self.checks_w = JsonlWriter(self.out / CHECKS)
        self.warc_info = {"isPartOf": self.site.code, "description": self.site.name}
        self.warc_path = self.out / ARCHIVE if self.s.archive else None
        self.warc = WarcWriter(self.warc_path, self.warc_info) if self.warc_path is not None else None
        session = make_session(self.hosts, self.s.user_agent)
        self.politeness = Politeness(self.s, self.site_hosts)
        self.fetcher = Fetcher(session, self.s, self.hosts, self.politeness)
        self.renderer: Renderer | None = None
        if self.s.render_js and browser_available():
            self.renderer = Renderer(self.host_map)
        self.page_workers: PageWorkers | None = None
        workers: list[asyncio.Task[None]] = []
        requests = 0
        try:
            if self.s.crawl_processes > 1:
                self.page_workers = PageWorkers(
                    self.s.crawl_processes,
                    WorkerConfig(self.s, self.host_map, self.site_hosts, self.warc_path, self.warc_info),
                    self._follow,
                )
                await self.page_workers.start()
            if self.s.obey_robots:
                for host in sorted(self.site_hosts):
                    await self._load_robots(host)
            self._seed()
            self._rebuild_frontier(stored)
            n_pages = max(1, min(64, self.s.per_host_concurrency * len(self.site_hosts)))
            workers = [asyncio.create_task(self._page_worker()) for _ in range(n_pages)]
            if self.s.link_check:
                workers += [
                    asyncio.create_task(self._link_worker()) for _ in range(self.s.link_check_concurrency)
                ]
            await self.page_q.join()
            if self.s.link_check:
                for key in list(self.links):
                    self._schedule_check(key, final=True)
                await self.link_q.join()
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            if self.page_workers is not None:
                requests, held = await self.page_workers.close()
                for (url, _), n in held.items():  # sightings of busy links the workers only counted
                    entry = self.links.get(canonical(url, self.sp))
                    if entry is not None:
                        entry.count += n
            await session.close()
            if self.renderer is not None:
                await self.renderer.close()
            self._flush()
            self.pages_w.close()
            self.errors_w.close()
            self.checks_w.close()
            if self.warc is not None:
                self.warc.close()
        self._write_links()
        summary = compute_summary(Snapshot(self.out), self.site.code, self.site.home_url, self.started_at)
        summary.finished_at = now_iso()
        summary.complete = True
        summary.requests = self.fetcher.requests + requests
        summary.resumed = self.resumed
        tmp = summary_path.with_suffix(".tmp")
        tmp.write_text(summary.to_json(), "utf-8")
        tmp.replace(summary_path)
        return summary

    # ------------------------------------------------------------------ resume
    def _load_stored(self) -> int:
        """Repair files torn by a kill and load what is already stored (streamed: pages stay on disk)."""
        pages_path = self.out / PAGES
        for name in (PAGES, ERRORS, CHECKS):
            repair(self.out / name)
        archives = {f.name: f for f in self.out.glob("archive*.warc.gz")}  # archive-N: page workers' files
        sizes = {name: f.stat().st_size for name, f in archives.items()}

        def archived(p: PageRecord) -> bool:
            end = (p.warc_offset or 0) + (p.warc_length or 0)
            return p.warc_offset is None or end <= sizes.get(p.warc_file or ARCHIVE, 0)

        stored = dropped = 0
        ends: dict[str, int] = {}
        for p in read_records(pages_path, PageRecord):
            if archived(p):
                stored += 1
                if p.warc_offset is not None:
                    name = p.warc_file or ARCHIVE
                    ends[name] = max(ends.get(name, 0), p.warc_offset + (p.warc_length or 0))
            else:
                dropped += 1
        if not stored and not (self.out / CHECKS).exists():
            for f in archives.values():
                f.unlink()
            pages_path.unlink(missing_ok=True)
            return 0
        self.resumed = 1
        for name, f in archives.items():
            if name in ends:
                with f.open("rb+") as fh:
                    fh.truncate(ends[name])  # cut a torn tail and records no page line points to
            else:
                f.unlink()
        if dropped:  # page lines whose archive record was lost: fetch those pages again
            tmp = pages_path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as out:
                for p in read_records(pages_path, PageRecord):
                    if archived(p):
                        out.write(dumps(p) + "\n")
            tmp.replace(pages_path)
        for data in read_lines(self.out / ERRORS):
            self.error_keys.add((str(data.get("url")), str(data.get("error"))))
        for data in read_lines(self.out / CHECKS):
            key = data.get("key")
            if isinstance(key, str):
                self.link_results[key] = (
                    data.get("status"),
                    data.get("final_url"),
                    data.get("error"),
                    data.get("checked_at", ""),
                    int(data.get("elapsed_ms", 0)),
                )
        for p in read_records(pages_path, PageRecord):
            self._mark_stored(p)
        return stored

    def _mark_stored(self, p: PageRecord) -> None:
        key = canonical(p.url, self.sp)
        self.seen.add(key)
        result: _Result = (p.status, p.final_url, p.error, p.fetched_at, p.elapsed_ms)
        self.page_results[key] = result
        if p.final_url != p.url and (p.status is None or p.status not in REDIRECT_CODES):
            fkey = canonical(p.final_url, self.sp)
            self.seen.add(fkey)
            self.page_results.setdefault(fkey, result)
        if p.column:
            self.column_counts[p.column] += 1
        else:
            self.enqueued += 1
            self.patterns[path_pattern(p.url)] += 1
            qk, has_q = query_key(p.url)
            if has_q:
                self.query_variants[qk] += 1
        self.done += 1

    def _rebuild_frontier(self, stored: int) -> None:
        """Re-parse stored pages from the archive so their unfetched links join the frontier."""
        if not stored:
            return
        with Snapshot(self.out) as snap:
            for p in snap.pages():
                if p.error is not None or p.warc_offset is None or p.status is None or p.status >= 300:
                    continue
                if host_of(p.final_url) not in self.site_hosts:
                    continue
                try:
                    resp = snap.response(p)
                except (OSError, EOFError, ValueError):
                    continue
                if resp is None:
                    continue
                headers = {k.lower(): v for k, v in resp.headers}
                content = resp.content(self.s.max_response_bytes)
                if not has_links(headers, content):
                    continue
                _, soft, links = parse_page(p.final_url, content, headers)
                if not soft:
                    self._discover(p.final_url, links, p.depth, p.column)

    # ------------------------------------------------------------------ frontier
    def _seed(self) -> None:
        home = self.site.home_url
        self._consider(home, canonical(home, self.sp), 0, None, None)
        for col in self.site.columns:
            self._consider(col.url, canonical(col.url, self.sp), 1, home, col.name)

    def _consider(self, url: str, key: str, depth: int, referrer: str | None, column: str | None) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        s = self.s
        if column is not None:
            if self.column_counts[column] >= s.max_column_pages:
                self._skip(
                    url,
                    key,
                    ErrorClass.TRAP,
                    f"栏目「{column}」超过 {s.max_column_pages} 页",
                    depth,
                    referrer,
                )
                return
            self.column_counts[column] += 1
        else:
            if depth > s.max_depth or self.enqueued >= s.max_pages:
                return  # out of scope: link checking will still look at it
            pattern = path_pattern(url)
            if self.patterns[pattern] >= s.max_pages_per_pattern:
                self._skip(
                    url,
                    key,
                    ErrorClass.TRAP,
                    f"路径模式 {pattern} 超过 {s.max_pages_per_pattern} 页",
                    depth,
                    referrer,
                )
                return
            qk, has_q = query_key(url)
            if has_q:
                if self.query_variants[qk] >= s.max_query_variants:
                    self._skip(
                        url,
                        key,
                        ErrorClass.TRAP,
                        f"{qk} 的查询参数组合超过 {s.max_query_variants} 个",
                        depth,
                        referrer,
                    )
                    return
                self.query_variants[qk] += 1
            self.patterns[pattern] += 1
            self.enqueued += 1
        if not self._robots_ok(url):
            self._skip(url, key, ErrorClass.ROBOTS, "robots.txt 禁止抓取", depth, referrer)
            return
        self.page_q.put_nowait((url, depth, referrer, column))

    def _skip(self, url: str, key: str, error: str, detail: str, depth: int, referrer: str | None) -> None:
        at = now_iso()
        self.link_results.setdefault(key, (None, None, error, at, 0))
        if (url, error) not in self.error_keys:
            self.error_keys.add((url, error))
            self.errors_w.write(ErrorRecord(url, error, detail, at, depth, referrer))

    def _discover(self, page_url: str, links: list[LinkTuple], depth: int, column: str | None) -> None:
        check = self.s.link_check
        col_url = self.column_urls.get(column) if column else None
        for url, kind, anchor in links:
            key = canonical(url, self.sp)
            host = host_of(url)
            internal = host in self.site_hosts
            if check:
                entry = self.links.get(key)
                if entry is None:
                    entry = self.links[key] = _Link(url, kind, internal, [], 0)
                entry.count += 1
                if len(entry.sources) < self.s.max_link_sources:
                    entry.sources.append((page_url, anchor))
            if internal and kind in ("a", "iframe"):
                pag = None
                if col_url and kind == "a" and is_pagination(anchor, url) and same_list(col_url, url):
                    pag = column
                # pages of a column's list share the column's depth: its articles stay one hop away
                self._consider(url, key, depth if pag else depth + 1, page_url, pag)
            elif check:
                self._schedule_check(key)

    def _schedule_check(self, key: str, final: bool = False) -> None:
        if key in self.page_results or key in self.link_results or key in self.checking:
            return
        if not final and key in self.seen:
            return  # a page that is queued: its fetch answers the check
        entry = self.links[key]
        if not entry.internal and not self.s.link_check_external:
            return
        if self.checks_scheduled >= self.s.max_link_checks:
            return  # politeness budget spent: the link stays unchecked
        self.checks_scheduled += 1
        self.checking.add(key)
        self.link_q.put_nowait(key)

    # ------------------------------------------------------------------ robots
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
            delay = parser.crawl_delay(self.s.user_agent)
            if delay and delay > 0:
                rate = 1.0 / float(delay)
                if not self.s.per_host_rate or rate < self.s.per_host_rate:
                    self.politeness.set_rate(host, rate)

    def _robots_ok(self, url: str) -> bool:
        if not self.s.obey_robots:
            return True
        parser = self.robots.get(host_of(url))
        return parser is None or parser.can_fetch(url, self.s.user_agent)

    # ------------------------------------------------------------------ pages
    async def _page_worker(self) -> None:
        while True:
            url, depth, referrer, column = await self.page_q.get()
            try:
                await self._crawl_page(url, depth, referrer, column)
            except Exception as exc:  # a page must never kill the crawl
                self.errors_w.write(
                    ErrorRecord(
                        url,
                        ErrorClass.OTHER,
                        f"{type(exc).__name__}: {exc}"[:300],
                        now_iso(),
                        depth,
                        referrer,
                    )
                )
            finally:
                self.page_q.task_done()

    async def _crawl_page(self, url: str, depth: int, referrer: str | None, column: str | None) -> None:
        outcome = None
        if self.page_workers is not None:
            try:
                async with self.politeness.slot(host_of(url)):  # the crawl process keeps the host limits
                    outcome = await self.page_workers.fetch(url, depth, referrer, column)
            except WorkerGone:
                outcome = None
        if outcome is None:
            outcome = await fetch_page(
                self.fetcher, self.warc, self.site_hosts, url, depth, referrer, column, self._follow
            )
        rec, links = outcome.record, outcome.links
        if self.renderer is not None and (column is not None or depth == 0) and self._readable(rec):
            rendered = await self.renderer.html(rec.final_url)  # lists built by script
            if rendered:
                links += [(o.url, o.kind, o.anchor) for o in outlinks(rec.final_url, rendered)]
        self.pages_w.write(rec)
        at = rec.fetched_at
        result: _Result = (rec.status, rec.final_url, rec.error, at, rec.elapsed_ms)
        key = canonical(url, self.sp)
        self.page_results[key] = result
        if rec.final_url != url and (rec.status is None or rec.status not in REDIRECT_CODES):
            fkey = canonical(rec.final_url, self.sp)  # the redirect target was fetched through this page
            self.seen.add(fkey)
            self.page_results.setdefault(fkey, result)
        if rec.error is not None and (url, rec.error) not in self.error_keys:
            self.error_keys.add((url, rec.error))
            self.errors_w.write(ErrorRecord(url, rec.error, outcome.detail, at, depth, referrer))
        self.done += 1
        self._tick()
        if links:
            self._discover(rec.final_url, links, depth, column)
        if self.progress is not None:
            self.progress(self.done, self.done + self.page_q.qsize())

    def _readable(self, rec: PageRecord) -> bool:
        """A page of this site that was fetched and parsed (an HTML or JSON page without errors)."""
        return rec.error is None and rec.encoding is not None and host_of(rec.final_url) in self.site_hosts

    async def _follow(self, target: str) -> bool:
        """Follow a page's redirect unless the target is a page of this crawl already (fetched or queued)."""
        key = canonical(target, self.sp)
        if key in self.seen:
            return False
        if host_of(target) in self.site_hosts:
            self.seen.add(key)  # fetched through this redirect; never queued on its own
        return True

    def _tick(self) -> None:
        self._since_flush += 1
        if self._since_flush >= self.s.flush_every:
            self._flush()

    def _flush(self) -> None:
        # The archive is unbuffered, so every record a page line points to is already on disk.
        self.pages_w.flush()
        self.errors_w.flush()
        self.checks_w.flush()
        self._since_flush = 0

    # ------------------------------------------------------------------ links
    async def _link_worker(self) -> None:
        while True:
            key = await self.link_q.get()
            try:
                entry = self.links[key]
                result = await self._check(entry)
                self.link_results[key] = result
                status, final_url, error, at, elapsed = result
                self.checks_w.write_raw(
                    {
                        "key": key,
                        "status": status,
                        "final_url": final_url,
                        "error": error,
                        "checked_at": at,
                        "elapsed_ms": elapsed,
                    }
                )
                self._tick()
            except Exception as exc:
                self.link_results[key] = (None, None, ErrorClass.OTHER, now_iso(), 0)
                self.errors_w.write(
                    ErrorRecord(key, ErrorClass.OTHER, f"{type(exc).__name__}: {exc}"[:300], now_iso())
                )
            finally:
                self.checking.discard(key)
                self.link_q.task_done()

    async def _check(self, entry: _Link) -> _Result:
        if entry.internal and not self._robots_ok(entry.url):
            return (None, None, ErrorClass.ROBOTS, now_iso(), 0)
        res = await check_link(self.fetcher, entry.url, entry.kind)
        return (res.status, res.final_url, res.error, now_iso(), res.elapsed_ms)

    def _write_links(self) -> None:
        path = self.out / LINKS
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for key, e in self.links.items():
                r = self.page_results.get(key) or self.link_results.get(key)
                status, final_url, error, at, elapsed = r if r is not None else (None, None, None, "", 0)
                rec = LinkRecord(
                    url=e.url,
                    kind=e.kind,
                    internal=e.internal,
                    sources=[LinkSource(p, a) for p, a in e.sources],
                    status=status,
                    final_url=final_url,
                    error=error,
                    checked_at=at,
                    elapsed_ms=elapsed,
                    source_count=e.count,
                )
                fh.write(dumps(rec) + "\n")
        tmp.replace(path)


async def check_link(fetcher: Fetcher, url: str, kind: str = "a") -> FetchResult:
    """Check one link: HEAD, then GET when HEAD fails or an HTML page may be a soft 404. Never raises.

    The result's `error` is None when the link works, else an ErrorClass value (soft_404 included).
    """
    s = fetcher.settings
    res = await fetcher.fetch(url, "HEAD")
    if res.error in _HARD:
        return res
    html = "html" in res.headers.get("content-type", "").lower()
    if res.error is not None or (s.link_soft404_get and html and kind in ("a", "iframe")):
        res = await fetcher.fetch(url, "GET", max_bytes=s.link_max_bytes, truncate_ok=True)
        if res.error is None and kind in ("a", "iframe") and is_html(res.headers, res.content):
            text, _ = decode_html(res.content, res.headers)
            if looks_soft_404(text):
                res.error = ErrorClass.SOFT_404
                res.detail = SOFT_404_DETAIL
    return res


_HARD = frozenset(
    (ErrorClass.DNS, ErrorClass.REFUSED, ErrorClass.TLS, ErrorClass.REDIRECT_LOOP, ErrorClass.TIMEOUT)
)


async def crawl_site(
    site: Site,
    out_dir: Path,
    settings: CrawlSettings,
    host_map: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> SnapshotSummary:
    """Crawl `site` into `out_dir` (resuming what is there) and return the snapshot's summary."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 100_000), old[1], max(old[2], 100))  # fewer GC passes: ~7% faster
    try:
        return await SiteCrawler(site, out_dir, settings, host_map, progress).run()
    finally:
        gc.set_threshold(*old)
