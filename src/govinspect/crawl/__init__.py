"""govinspect.crawl: fetch a site politely into a Snapshot (pages, links, errors, WARC), probe availability."""

from __future__ import annotations

from govinspect.crawl.crawler import check_link, crawl_site
from govinspect.crawl.probe import probe_once, probe_schedule, read_probes, run_probes
from govinspect.crawl.records import ErrorClass, ErrorRecord, LinkRecord, LinkSource, PageRecord, ProbeResult
from govinspect.crawl.render import browser_available, render_html, screenshot
from govinspect.crawl.settings import CrawlSettings
from govinspect.crawl.snapshot import Snapshot, SnapshotSummary

__all__ = [
    "CrawlSettings",
    "ErrorClass",
    "ErrorRecord",
    "LinkRecord",
    "LinkSource",
    "PageRecord",
    "ProbeResult",
    "Snapshot",
    "SnapshotSummary",
    "browser_available",
    "check_link",
    "crawl_site",
    "probe_once",
    "probe_schedule",
    "read_probes",
    "render_html",
    "run_probes",
    "screenshot",
]
