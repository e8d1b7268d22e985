"""Content checks: lexicon hits (serious errors, typos, outdated names, sensitive words), privacy leaks.

Every page's visible text, and the text of the site's document attachments, is scanned; an article
is judged at its publication date, a list item title at the item's date, an attachment at its
article's date, the rest as current content (the checkpoint). One finding per distinct (code, matched text) per site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from govinspect.checks.common import parse_date, site_finding
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.lexicon import ID_NUMBER, MOBILE, OUTDATED_NAME, Hit, scan_text
from govinspect.model import Finding
from govinspect.privacy import mask_personal_data
from govinspect.rules.profile import Profile


def page_segments(
    pv: PageView, linked_from: Mapping[str, dt.date | None] | None = None
) -> list[tuple[str, dt.date | None]]:
    """The texts of a page to scan, each with the date it is judged at (None = current content).

    An article is judged at its publication date. On a list page each item title is judged at
    the item's own date and the rest of the page as current content, so an archive list of old
    headlines is not reported for names that were right when they were published. An attachment
    is judged at the date of the article that links to it (`linked_from`: page URL → date).
    """
    if pv.attachment_text is not None:
        referrer = pv.record.referrer or ""
        return [(pv.attachment_text, (linked_from or {}).get(referrer))]
    f = pv.facts
    if f is None:
        return []
    if f.article is not None:
        published = parse_date(f.article.pub_date) or parse_date(f.article.meta_pub_date)
        parts = [f.text]
        if f.article.title and f.article.title not in f.text:
            parts.append(f.article.title)
        if f.article.body_text and f.article.body_text not in f.text:
            parts.append(f.article.body_text)
        return [("\n".join(p for p in parts if p), published)]
    rest = f.text
    out: list[tuple[str, dt.date | None]] = []
    if f.list is not None:
        for item in f.list.items:
            d = parse_date(item.date)
            if d is None or not item.title:
                continue
            out.append((item.title, d))
            rest = rest.replace(item.title, " ")
    return [(rest, None), *out]


def _article_dates(inp: SiteInput) -> dict[str, dt.date | None]:
    """Page URL → its article's publication date, for judging the attachments it links to."""
    out: dict[str, dt.date | None] = {}
    for pv in inp.pages:
        art = pv.facts.article if pv.facts is not None else None
        if art is not None:
            day = parse_date(art.pub_date) or parse_date(art.meta_pub_date)
            out[pv.record.url] = out[pv.record.final_url or pv.record.url] = day
    return out


def _title(pv: PageView) -> str | None:
    if pv.attachment_text is not None:
        return pv.record.url.rsplit("/", 1)[-1]
    if pv.facts is None:
        return None
    if pv.facts.article is not None and pv.facts.article.title:
        return pv.facts.article.title
    return pv.facts.title


@dataclass(slots=True)
class _Agg:
    first: Hit
    first_page: PageView
    first_date: dt.date | None
    pages: list[str] = field(default_factory=list)
    occurrences: int = 0


def check_content(inp: SiteInput, profile: Profile) -> list[Finding]:
    """content.* and privacy.*: one finding per distinct hit, with every page it was seen on.

    Hits are told apart by their full text here, in memory; the finding's message and evidence
    carry personal numbers only masked (the full page stays in the archive).
    """
    day = inp.checkpoint_date
    own_names = [n for n in (inp.site.unit, inp.site.name, inp.unit.name if inp.unit else "") if n]
    found: dict[tuple[str, str], _Agg] = {}
    dates = _article_dates(inp)
    for pv in sorted(inp.pages, key=lambda p: p.record.url):
        for text, published in page_segments(pv, dates):
            if not text.strip():
                continue
            for hit in scan_text(text, published or day):
                if hit.code == OUTDATED_NAME and any(hit.matched in n for n in own_names):
                    continue  # the registry's own name of the unit: a registry matter, not a page error
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
        shown = mask_personal_data(matched)
        if code in (ID_NUMBER, MOBILE):
            msg = f"{hit.label}：{shown}未脱敏"
        elif hit.rule == "title":
            msg = f"{hit.label}：“{shown}”职务与姓名不符（{hit.correction}）"
        elif hit.correction:
            msg = f"{hit.label}：“{shown}”应为“{hit.correction}”"
        else:
            msg = f"{hit.label}：“{shown}”"
        out.append(
            site_finding(
                inp,
                code,
                msg,
                url=agg.first_page.record.url,
                captured_at=agg.first_page.record.fetched_at,
                detail={
                    "matched": shown,
                    "context": mask_personal_data(hit.context),
                    "correction": hit.correction,
                    "rule": hit.rule_label,
                    "category": hit.category_label,
                    "source": hit.source,
                    "page_title": _title(agg.first_page),
                    "attachment_of": agg.first_page.record.referrer
                    if agg.first_page.attachment_text is not None
                    else None,
                    "published": agg.first_date.isoformat() if agg.first_date else None,
                    "pages": agg.pages[:limit],
                    "page_count": len(agg.pages),
                    "occurrences": agg.occurrences,
                },
            )
        )
    return out
