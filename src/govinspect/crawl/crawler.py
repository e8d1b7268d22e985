"""Breadth-first crawl of one site into a snapshot directory, with link checking and resume from disk.

Pages stream to pages.jsonl and archive.warc.gz as they arrive; only URLs and small per-link results
are kept in memory. A rerun on the same directory continues an interrupted crawl. With
`crawl_processes` > 1, page workers (crawl/workers.py) fetch the pages this process hands out. The
frontier, link checking and resume are in `frontier`, `linkcheck` and `resume`; their shared state in
`crawl_state`.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.crawl_state import Progress, Result
from govinspect.crawl.fetch import REDIRECT_CODES, Politeness
from govinspect.crawl.jsonl import JsonlWriter
from govinspect.crawl.net import make_session
from govinspect.crawl.page import (
    fetch_page,
    now_iso,
)
from govinspect.crawl.passage import ChallengePasser
from govinspect.crawl.records import ErrorClass, ErrorRecord, PageRecord
from govinspect.crawl.render import Renderer, browser_available
from govinspect.crawl.resume import ResumeMixin
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.snapshot import (
    ARCHIVE,
    ERRORS,
    LINK_CHECKS,
    PAGES,
    SUMMARY,
    Snapshot,
    SnapshotSummary,
    compute_summary,
)
from govinspect.crawl.urls import canonical, host_of
from govinspect.crawl.warc import WarcWriter, read_response
from govinspect.crawl.workers import PageWorkers, WorkerConfig, WorkerGone
from govinspect.extract import outlinks
from govinspect.model import Site


class SiteCrawler(ResumeMixin):
    """One site crawl: run the page and link workers until the frontier is empty; use `crawl_site`."""

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
        self.checks_w = JsonlWriter(self.out / LINK_CHECKS)
        self.warc_info = {"isPartOf": self.site.code, "description": self.site.name}
        self.warc_path = self.out / ARCHIVE if self.settings.archive else None
        self.warc = WarcWriter(self.warc_path, self.warc_info) if self.warc_path is not None else None
        session = make_session(self.hosts, self.settings.user_agent)
        self.politeness = Politeness(self.settings, self.site_hosts)
        self.passer: ChallengePasser | None = None  # chromium starts only when a challenge is met
        if self.settings.pass_challenges:
            s = self.settings
            self.passer = ChallengePasser(self.host_map, s.challenge_timeout, s.challenge_solves)
        self.fetcher = BrowserFetcher(session, self.settings, self.hosts, self.politeness, self.passer)
        self.renderer: Renderer | None = None
        if self.settings.render_js and browser_available():
            self.renderer = Renderer(self.host_map)
        self.page_workers: PageWorkers | None = None
        workers: list[asyncio.Task[None]] = []
        requests = 0
        try:
            if self.settings.crawl_processes > 1:
                self.page_workers = PageWorkers(
                    self.settings.crawl_processes,
                    WorkerConfig(
                        self.settings, self.host_map, self.site_hosts, self.warc_path, self.warc_info
                    ),
                    self._follow,
                )
                await self.page_workers.start()
            if self.settings.obey_robots:
                for host in sorted(self.site_hosts):
                    await self._load_robots(host)
            self._seed()
            self._rebuild_frontier(stored)
            n_pages = max(1, min(64, self.settings.per_host_concurrency * len(self.site_hosts)))
            workers = [asyncio.create_task(self._page_worker()) for _ in range(n_pages)]
            if self.settings.link_check:
                workers += [
                    asyncio.create_task(self._link_worker())
                    for _ in range(self.settings.link_check_concurrency)
                ]
            await self.page_q.join()
            if self.settings.link_check:
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
                    entry = self.links.get(canonical(url, self.session_params))
                    if entry is not None:
                        entry.count += n
            await session.close()
            if self.passer is not None:
                await self.passer.close()
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
        if self.renderer is not None and self._should_render(rec, outcome.scripted, depth, column):
            rendered = await self.renderer.html(rec.final_url)
            if rendered:
                links += [(o.url, o.kind, o.anchor) for o in outlinks(rec.final_url, rendered)]
                self._keep_rendered(rec, rendered)
        self.pages_w.write(rec)
        at = rec.fetched_at
        result: Result = (rec.status, rec.final_url, rec.error, at, rec.elapsed_ms)
        key = canonical(url, self.session_params)
        self.page_results[key] = result
        if rec.final_url != url and (rec.status is None or rec.status not in REDIRECT_CODES):
            fkey = canonical(
                rec.final_url, self.session_params
            )  # the redirect target was fetched through this page
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

    def _should_render(self, rec: PageRecord, scripted: bool, depth: int, column: str | None) -> bool:
        """Column pages and the home page are rendered (lists built by script), if they hold a script."""
        return scripted and (column is not None or depth == 0) and self._readable(rec)

    def _keep_rendered(self, rec: PageRecord, html: str) -> None:
        """Archive the rendered DOM as a conversion record of the page's response; note it on the record.

        Extraction decides whether to use it (jobs/pipeline.py: only where the static HTML held no list)."""
        if self.warc is None:
            return
        refers_to = None
        if rec.warc_offset is not None:
            with (self.out / (rec.warc_file or ARCHIVE)).open("rb") as fh:
                refers_to = read_response(fh, rec.warc_offset).record_id or None
        offset, length = self.warc.write_conversion(rec.final_url, refers_to, html)
        rec.render_offset, rec.render_length, rec.render_file = offset, length, self.warc.path.name

    def _readable(self, rec: PageRecord) -> bool:
        """A page of this site that was fetched and parsed (an HTML or JSON page without errors)."""
        return rec.error is None and rec.encoding is not None and host_of(rec.final_url) in self.site_hosts


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
