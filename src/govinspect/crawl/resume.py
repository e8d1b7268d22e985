"""Resume from disk: repair files torn by a kill, reload what was stored, rebuild the frontier from the archive."""

from __future__ import annotations

from govinspect.crawl.crawl_state import Result
from govinspect.crawl.fetch import REDIRECT_CODES
from govinspect.crawl.frontier import FrontierMixin
from govinspect.crawl.jsonl import dumps, read_lines, read_records, repair
from govinspect.crawl.page import (
    has_links,
    parse_page,
)
from govinspect.crawl.records import PageRecord
from govinspect.crawl.snapshot import (
    ARCHIVE,
    ERRORS,
    LINK_CHECKS,
    PAGES,
    Snapshot,
)
from govinspect.crawl.urls import canonical, host_of, path_pattern, query_key


class ResumeMixin(FrontierMixin):
    """What an earlier, interrupted crawl of the same directory left."""

    def _load_stored(self) -> int:
        """Repair files torn by a kill and load what is already stored (streamed: pages stay on disk)."""
        pages_path = self.out / PAGES
        for name in (PAGES, ERRORS, LINK_CHECKS):
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
        if not stored and not (self.out / LINK_CHECKS).exists():
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
        for data in read_lines(self.out / LINK_CHECKS):
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
        key = canonical(p.url, self.session_params)
        self.seen.add(key)
        result: Result = (p.status, p.final_url, p.error, p.fetched_at, p.elapsed_ms)
        self.page_results[key] = result
        if p.final_url != p.url and (p.status is None or p.status not in REDIRECT_CODES):
            fkey = canonical(p.final_url, self.session_params)
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
                content = resp.content(self.settings.max_response_bytes)
                if not has_links(headers, content):
                    continue
                _, soft, links = parse_page(p.final_url, content, headers)
                if not soft:
                    self._discover(p.final_url, links, p.depth, p.column)
