"""The crawl frontier: which URLs join the queue (scope, limits, traps, robots.txt) and redirects followed."""

from __future__ import annotations

from govinspect.crawl.crawl_state import Link
from govinspect.crawl.linkcheck import LinkCheckMixin
from govinspect.crawl.page import (
    LinkTuple,
    now_iso,
)
from govinspect.crawl.records import ErrorClass, ErrorRecord
from govinspect.crawl.urls import canonical, host_of, is_pagination, path_pattern, query_key, same_list


class FrontierMixin(LinkCheckMixin):
    """Seeds, scope and trap limits, robots.txt, and the links a page adds to the frontier."""

    def _seed(self) -> None:
        home = self.site.home_url
        self._consider(home, canonical(home, self.session_params), 0, None, None)
        for col in self.site.columns:
            self._consider(col.url, canonical(col.url, self.session_params), 1, home, col.name)

    def _consider(self, url: str, key: str, depth: int, referrer: str | None, column: str | None) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        s = self.settings
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
        check = self.settings.link_check
        col_url = self.column_urls.get(column) if column else None
        for url, kind, anchor in links:
            key = canonical(url, self.session_params)
            host = host_of(url)
            internal = host in self.site_hosts
            if check:
                entry = self.links.get(key)
                if entry is None:
                    entry = self.links[key] = Link(url, kind, internal, [], 0)
                entry.count += 1
                if len(entry.sources) < self.settings.max_link_sources:
                    entry.sources.append((page_url, anchor))
            crawlable = internal and self._in_scope(url, host)
            if crawlable and (kind in ("a", "iframe") or (kind == "attachment" and self._wants_text(url))):
                pag = None
                if col_url and kind == "a" and is_pagination(anchor, url) and same_list(col_url, url):
                    pag = column
                # pages of a column's list share the column's depth: its articles stay one hop away
                self._consider(url, key, depth if pag else depth + 1, page_url, pag)
            elif check:
                self._schedule_check(key)

    def _wants_text(self, url: str) -> bool:
        """An attachment whose text the content checks read: fetched and archived like a page."""
        from govinspect.content.files import has_text_suffix

        return self.settings.attachment_text and has_text_suffix(url)

    async def _follow(self, target: str) -> bool:
        """Follow a page's redirect unless the target is a page of this crawl already (fetched or queued)."""
        key = canonical(target, self.session_params)
        if key in self.seen:
            return False
        if host_of(target) in self.site_hosts:
            self.seen.add(key)  # fetched through this redirect; never queued on its own
        return True
