"""The input of the website checks: one site's stored crawl and extraction at a checkpoint.

The lead builds a SiteInput from a Snapshot (pages.jsonl + links.jsonl + probes) and the
extractor's PageFacts; the checks only read it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from govinspect.crawl import LinkRecord, PageRecord, ProbeResult
from govinspect.extract import PageFacts
from govinspect.model import TZ, Site, Unit


class PageView(NamedTuple):
    """A fetched page and what the extractor read off it (None when not extracted); for a
    document attachment (.pdf, .docx …) `facts` is None and `attachment_text` holds its text."""

    record: PageRecord
    facts: PageFacts | None
    attachment_text: str | None = None


@dataclass(slots=True)
class SiteInput:
    site: Site
    unit: Unit | None
    checkpoint: dt.datetime  # 监测时间点, aware
    pages: list[PageView] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    probes: list[ProbeResult] = field(default_factory=list)
    homepage_attempts: list[ProbeResult] = field(default_factory=list)  # the round's visits of the home page
    expected_service_hosts: list[str] = field(default_factory=list)  # 政务服务平台 hosts
    group_sites: list[str] = field(default_factory=list)  # Site.code of the 站群 members (incl. this one)

    @property
    def checkpoint_date(self) -> dt.date:
        """The checkpoint's calendar day in Asia/Shanghai."""
        return self.checkpoint.astimezone(TZ).date()

    def homepage(self) -> PageView | None:
        """The page fetched for the registered home URL (by URL, else the shallowest page)."""
        home = _norm(self.site.home_url)
        for pv in self.pages:
            if _norm(pv.record.url) == home:
                return pv
        roots = sorted((pv for pv in self.pages if pv.record.depth == 0), key=lambda pv: pv.record.url)
        return roots[0] if roots else None


_INDEX = re.compile(r"/(index|default)\.(s?html?|jhtml|php|aspx?|jsp)$", re.IGNORECASE)


def _norm(url: str) -> str:
    u = _INDEX.sub("/", url.strip().split("#", 1)[0])
    if u.endswith("/"):
        u = u[:-1]
    for prefix in ("https://", "http://"):
        if u.startswith(prefix):
            return u[len(prefix) :]
    return u


def norm_url(url: str) -> str:
    """URL key for matching registry URLs with crawled ones (scheme and trailing slash ignored)."""
    return _norm(url)
