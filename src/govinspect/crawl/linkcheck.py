"""Link checking: every link seen on the site's pages is checked once (a GET for page links, HEAD for the rest) and written out."""

from __future__ import annotations

from govinspect.crawl.crawl_state import CrawlState, Link, Result
from govinspect.crawl.fetch import Fetcher, FetchResult
from govinspect.crawl.jsonl import dumps
from govinspect.crawl.page import (
    SOFT_404_DETAIL,
    is_html,
    looks_soft_404,
    now_iso,
)
from govinspect.crawl.records import ErrorClass, ErrorRecord, LinkRecord, LinkSource
from govinspect.crawl.snapshot import (
    LINKS,
)
from govinspect.extract import decode_html


class LinkCheckMixin(CrawlState):
    """The link queue, its workers and links.jsonl."""

    def _schedule_check(self, key: str, final: bool = False) -> None:
        if key in self.page_results or key in self.link_results or key in self.checking:
            return
        if not final and key in self.seen:
            return  # a page that is queued: its fetch answers the check
        entry = self.links[key]
        if not entry.internal and not self.settings.link_check_external:
            return
        if self.checks_scheduled >= self.settings.max_link_checks:
            return  # politeness budget spent: the link stays unchecked
        self.checks_scheduled += 1
        self.checking.add(key)
        self.link_q.put_nowait(key)

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

    async def _check(self, entry: Link) -> Result:
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
    """Check one link with as few requests as its kind allows. Never raises.

    A page link (a, iframe) is read with one capped GET, since a soft 404 shows only in its text; an
    image or attachment gets a HEAD, and a GET only when the server will not answer HEAD. The result's
    `error` is None when the link works, else an ErrorClass value (soft_404 included).
    """
    s = fetcher.settings
    page = s.link_soft404_get and kind in ("a", "iframe")
    if not page:
        res = await fetcher.fetch(url, "HEAD")
        if res.error is None or res.error in _HARD:
            return res
    res = await fetcher.fetch(url, "GET", max_bytes=s.link_max_bytes, truncate_ok=True)
    if page and res.error is None and is_html(res.headers, res.content):
        text, _ = decode_html(res.content, res.headers)
        if looks_soft_404(text):
            res.error = ErrorClass.SOFT_404
            res.detail = SOFT_404_DETAIL
    return res


_HARD = frozenset(
    (ErrorClass.DNS, ErrorClass.REFUSED, ErrorClass.TLS, ErrorClass.REDIRECT_LOOP, ErrorClass.TIMEOUT)
)
