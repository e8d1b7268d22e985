"""govinspect.crawl: fetch a site politely into a Snapshot (pages, links, errors, WARC), probe availability."""

from __future__ import annotations

from govinspect.crawl.crawler import check_link, crawl_site
from govinspect.crawl.records import ErrorClass, ErrorRecord, LinkRecord, LinkSource, PageRecord, ProbeResult
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
    "check_link",
    "crawl_site",
]
