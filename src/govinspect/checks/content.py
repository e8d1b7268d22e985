"""Content checks: lexicon hits (serious errors, outdated names, sensitive words) and privacy leaks.

Every page's visible text is scanned; an article is judged at its publication date, other pages
as current content (the checkpoint). One finding per distinct (code, matched text) per site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from govinspect.checks.common import parse_date, site_finding
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.lexicon import ID_NUMBER, MOBILE, Hit, scan_text
from govinspect.model import Finding
from govinspect.scoring.profile import Profile


def page_text(pv: PageView) -> tuple[str, dt.date | None]:
    """The text to scan and the date it is judged at (None = not an article)."""
    f = pv.facts
    if f is None:
        return "", None
    published = None
    parts: list[str] = []
    if f.article is not None:
        published = parse_date(f.article.pub_date) or parse_date(f.article.meta_pub_date)
        if f.article.title and f.article.title not in f.text:
            parts.append(f.article.title)
        if f.article.body_text and f.article.body_text not in f.text:
            parts.append(f.article.body_text)
    parts.insert(0, f.text)
    return "\n".join(p for p in parts if p), published


def mask(value: str) -> str:
    """A masked copy of an ID or mobile number for messages (the evidence keeps the full text)."""
    if len(value) == 18:
        return value[:6] + "********" + value[14:]
    if len(value) == 11:
        return value[:3] + "****" + value[7:]
    return value


@dataclass(slots=True)
class _Agg:
    first: Hit
    first_page: PageView
    first_date: dt.date | None
    pages: list[str] = field(default_factory=list)
    occurrences: int = 0


def check_content(inp: SiteInput, profile: Profile) -> list[Finding]:
    """content.* and privacy.*: one finding per distinct hit, with every page it was seen on."""
    day = inp.checkpoint_date
    found: dict[tuple[str, str], _Agg] = {}
    for pv in sorted(inp.pages, key=lambda p: p.record.url):
        text, published = page_text(pv)
        if not text:
            continue
        for hit in scan_text(text, published or day):
            key = (hit.code, hit.matched)
            agg = found.get(key)
            if agg is None:
                agg = found[key] = _Agg(hit, pv, published)
            if pv.record.url not in agg.pages:
                agg.pages.append(pv.record.url)
            agg.occurrences += 1
    out: list[Finding] = []
    limit = profile.content.max_hits_per_entry
    for (code, matched), agg in sorted(found.items()):
        hit = agg.first
        shown = mask(matched) if code in (ID_NUMBER, MOBILE) else matched
        if code in (ID_NUMBER, MOBILE):
            msg = f"{hit.label}：{shown}未脱敏"
        elif hit.correction:
            msg = f"{hit.label}：“{shown}”应为“{hit.correction}”"
        else:
            msg = f"{hit.label}：“{shown}”"
        article = agg.first_page.facts.article if agg.first_page.facts else None
        out.append(
            site_finding(
                inp,
                code,
                msg,
                url=agg.first_page.record.url,
                captured_at=agg.first_page.record.fetched_at,
                detail={
                    "matched": matched,
                    "context": hit.context,
                    "correction": hit.correction,
                    "source": hit.source,
                    "page_title": (article.title if article else None) or agg.first_page.facts.title
                    if agg.first_page.facts
                    else None,
                    "published": agg.first_date.isoformat() if agg.first_date else None,
                    "pages": agg.pages[:limit],
                    "page_count": len(agg.pages),
                    "occurrences": agg.occurrences,
                },
            )
        )
    return out


CHECKS = {"content.*": check_content}
