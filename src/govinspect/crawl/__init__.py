"""govinspect.crawl: fetch a site politely into a Snapshot (pages, links, errors, WARC), probe availability.

Other stages import from this package only; its modules are internal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govinspect.lazy import lazy_exports

if TYPE_CHECKING:
    from govinspect.crawl.crawler import crawl_site
    from govinspect.crawl.fetch import AllHosts, Fetcher, FetchResult, Politeness
    from govinspect.crawl.linkcheck import check_link
    from govinspect.crawl.net import HostMap, make_session
    from govinspect.crawl.page import is_html, is_html_type
    from govinspect.crawl.probe import probe_once, probe_schedule, read_probes, run_probes, url_problem
    from govinspect.crawl.records import (
        ErrorClass,
        ErrorRecord,
        LinkRecord,
        LinkSource,
        PageRecord,
        ProbeResult,
    )
    from govinspect.crawl.render import browser_available, render_html, screenshot
    from govinspect.crawl.settings import CrawlSettings
    from govinspect.crawl.shared_limits import RedisGate
    from govinspect.crawl.snapshot import Snapshot, SnapshotSummary

_EXPORTS = {
    "browser_available": "govinspect.crawl.render",
    "check_link": "govinspect.crawl.linkcheck",
    "crawl_site": "govinspect.crawl.crawler",
    "CrawlSettings": "govinspect.crawl.settings",
    "ErrorClass": "govinspect.crawl.records",
    "ErrorRecord": "govinspect.crawl.records",
    "Fetcher": "govinspect.crawl.fetch",
    "FetchResult": "govinspect.crawl.fetch",
    "HostMap": "govinspect.crawl.net",
    "is_html": "govinspect.crawl.page",
    "is_html_type": "govinspect.crawl.page",
    "LinkRecord": "govinspect.crawl.records",
    "LinkSource": "govinspect.crawl.records",
    "make_session": "govinspect.crawl.net",
    "PageRecord": "govinspect.crawl.records",
    "AllHosts": "govinspect.crawl.fetch",
    "Politeness": "govinspect.crawl.fetch",
    "probe_once": "govinspect.crawl.probe",
    "RedisGate": "govinspect.crawl.shared_limits",
    "probe_schedule": "govinspect.crawl.probe",
    "ProbeResult": "govinspect.crawl.records",
    "read_probes": "govinspect.crawl.probe",
    "render_html": "govinspect.crawl.render",
    "run_probes": "govinspect.crawl.probe",
    "screenshot": "govinspect.crawl.render",
    "url_problem": "govinspect.crawl.probe",
    "Snapshot": "govinspect.crawl.snapshot",
    "SnapshotSummary": "govinspect.crawl.snapshot",
}

__getattr__ = lazy_exports(
    __name__, _EXPORTS
)  # a page worker needs the fetcher, not the crawler or the probes

__all__ = [
    "AllHosts",
    "CrawlSettings",
    "ErrorClass",
    "ErrorRecord",
    "FetchResult",
    "Fetcher",
    "HostMap",
    "LinkRecord",
    "LinkSource",
    "PageRecord",
    "Politeness",
    "ProbeResult",
    "RedisGate",
    "Snapshot",
    "SnapshotSummary",
    "browser_available",
    "check_link",
    "crawl_site",
    "is_html",
    "is_html_type",
    "make_session",
    "probe_once",
    "probe_schedule",
    "read_probes",
    "render_html",
    "run_probes",
    "screenshot",
    "url_problem",
]
