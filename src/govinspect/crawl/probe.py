"""Availability probes of home pages (站点无法访问): one GET within the profile's timeout, repeated
on a schedule.

Results are appended to one jsonl file per site (`<out_dir>/<site code>.jsonl`) so the checks can
compute the failure ratio for any window.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from govinspect.crawl.access import BrowserFetcher
from govinspect.crawl.fetch import Politeness
from govinspect.crawl.jsonl import JsonlWriter, read_records
from govinspect.crawl.net import HostMap, make_session
from govinspect.crawl.page import now_iso
from govinspect.crawl.passage import BROWSER_HEADERS
from govinspect.crawl.records import ProbeResult
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.urls import host_of
from govinspect.model import Site

Sink = Callable[[ProbeResult], Awaitable[None] | None]


def url_problem(url: str, host_map: dict[str, str] | None = None) -> str | None:
    """Why `url` cannot be visited because of our own data or settings (Chinese), None when it can.

    An invalid scheme, host or port is a registry error; a host missing from the host map is
    a run-settings error: neither says anything about the site itself.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return f"网址“{url}”的端口或格式无效"
    if parts.scheme not in ("http", "https"):
        return f"网址“{url}”不是 http 或 https 网址"
    host = parts.hostname
    if not host:
        return f"网址“{url}”缺少域名"
    if port == 0:
        return f"网址“{url}”的端口无效"
    if host_map is not None and not HostMap(host_map, offline=True).allowed(host):
        return f"主机映射文件中没有网站域名 {host}"
    return None


def _probe_settings(timeout_s: float) -> CrawlSettings:
    return CrawlSettings(
        total_timeout=timeout_s,
        connect_timeout=min(timeout_s, 10.0),
        read_timeout=timeout_s,
        retries=0,
        per_host_rate=None,
        external_rate=None,
        external_concurrency=4,
        per_host_concurrency=4,
    )


async def probe_once(url: str, host_map: dict[str, str] | None, timeout_s: float) -> ProbeResult:
    """GET `url` once as a browser would (redirects followed, no retry); ok when a status < 400 arrives in time.

    Broken TLS is read as a browser's "continue" would; a 403 is asked again with a browser's headers
    (a host that blocks unknown clients). A WAF challenge is neither ok nor a failure: its error is
    `challenge` (受限), counted apart by the availability check.
    """
    settings = _probe_settings(timeout_s)
    hosts = HostMap(host_map, offline=host_map is not None)
    async with make_session(hosts, settings.user_agent) as session:  # a fresh jar per visit
        fetcher = BrowserFetcher(session, settings, hosts, Politeness(settings, set()), None)
        at = now_iso()
        res = await fetcher.fetch(url, max_bytes=2 * 1024 * 1024, truncate_ok=True)
        if res.status == 403:
            fetcher.headers[host_of(res.final_url)] = BROWSER_HEADERS
            res = await fetcher.fetch(url, max_bytes=2 * 1024 * 1024, truncate_ok=True)
    ok = res.error is None and res.status is not None and res.status < 400
    return ProbeResult(url=url, at=at, ok=ok, status=res.status, elapsed_ms=res.elapsed_ms, error=res.error)


async def probe_schedule(
    urls: Iterable[str],
    interval_s: float,
    count: int,
    sink: Sink,
    host_map: dict[str, str] | None,
    timeout_s: float,
) -> int:
    """Probe every URL `count` times, a round every `interval_s` seconds; each result goes to `sink`."""
    targets = list(dict.fromkeys(urls))
    done = 0
    start = time.monotonic()
    for n in range(count):
        results = await asyncio.gather(*(probe_once(u, host_map, timeout_s) for u in targets))
        for result in results:
            out = sink(result)
            if inspect.isawaitable(out):
                await out
            done += 1
        if n < count - 1:
            next_at = start + (n + 1) * interval_s
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    return done


def probe_path(out_dir: Path, site_code: str) -> Path:
    """Where a site's probe results are appended."""
    return Path(out_dir) / f"{site_code}.jsonl"


def read_probes(path: Path) -> Iterator[ProbeResult]:
    """Stored probe results of one site (a torn last line is skipped)."""
    return read_records(path, ProbeResult)


def failure_ratio(results: Iterable[ProbeResult], start: str | None = None, end: str | None = None) -> float:
    """Share of failed probes with start <= at < end (ISO strings, same time zone); 0 when none."""
    total = failed = 0
    for r in results:
        if (start is not None and r.at < start) or (end is not None and r.at >= end):
            continue
        total += 1
        failed += not r.ok
    return failed / total if total else 0.0


async def run_probes(
    sites: Iterable[Site],
    out_dir: Path,
    timeout_s: float,
    interval_s: float = 3600.0,
    count: int = 24,
    host_map: dict[str, str] | None = None,
    on_result: Callable[[Site, ProbeResult], None] | None = None,
) -> dict[str, int]:
    """Probe each site's home page `count` times every `interval_s`; append to out_dir/<code>.jsonl.

    Returns probes written per site code. The national rule (≥ 20 a day for a week) is
    `interval_s=3600, count=24*7`; `timeout_s` is the profile's `availability.timeout_s`.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    by_url: dict[str, list[Site]] = {}
    for site in sites:
        by_url.setdefault(site.home_url, []).append(site)
    writers = {s.code: JsonlWriter(probe_path(out_dir, s.code)) for group in by_url.values() for s in group}
    written = dict.fromkeys(writers, 0)

    def sink(result: ProbeResult) -> None:
        for site in by_url.get(result.url, []):
            writers[site.code].write(result)
            writers[site.code].flush()
            written[site.code] += 1
            if on_result is not None:
                on_result(site, result)

    try:
        await probe_schedule(by_url, interval_s, count, sink, host_map, timeout_s)
    finally:
        for w in writers.values():
            w.close()
    return written
