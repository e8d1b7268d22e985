"""availability.page_truncated: a page cut at the crawl's size limit, and the fail-closed rule that goes with it.

A cut page was read only up to the limit: what lies past the cut (the footer, the rest of a list) was not
seen. A finding that concludes from something *not* found (catalogue `absence`) is therefore not made on a
cut page — nor, for a site-wide absence, on a site with any cut page — and the cut page's finding names
each item left unjudged, so an inspector can verify it by hand. The site itself is still judged.
"""

from __future__ import annotations

from govinspect.checks.catalog import check_catalog
from govinspect.checks.common import site_finding
from govinspect.checks.inputs import PageView, SiteInput, norm_url
from govinspect.model import Finding, cn_size
from govinspect.rules import Profile

CODE = "availability.page_truncated"


def cut_pages(inp: SiteInput) -> list[PageView]:
    """The web pages (read by the extractor) cut at the size limit; a cut attachment is not a page."""
    return [pv for pv in inp.pages if pv.record.truncated and pv.facts is not None]


def check_truncated(inp: SiteInput, profile: Profile) -> list[Finding]:
    """One finding per page cut at the size limit, with how much was read and how much was declared."""
    out: list[Finding] = []
    for pv in cut_pages(inp):
        rec = pv.record
        declared = rec.declared_size
        said = f"（服务器声明 {cn_size(declared)}）" if declared else ""
        out.append(
            site_finding(
                inp,
                CODE,
                f"页面超过抓取大小上限{said}，只读取了前 {cn_size(rec.size)}，其后内容未检查",
                url=rec.final_url or rec.url,
                captured_at=rec.fetched_at,
                detail={"size_read": rec.size, "declared_size": declared, "unjudged": []},
            )
        )
    return out


def withhold_on_cut_pages(inp: SiteInput, findings: list[Finding]) -> list[Finding]:
    """Drop absence findings that rest on a cut page; name them on the cut page's availability.page_truncated finding."""
    cut = {norm_url(u) for pv in cut_pages(inp) for u in (pv.record.url, pv.record.final_url)}
    if not cut:
        return findings
    catalog = check_catalog()
    kept: list[Finding] = []
    unjudged: dict[str, list[str]] = {}  # cut page → names of the items not judged there
    for f in findings:
        meta = catalog.get(f.code)
        scope = meta.absence if meta is not None else None
        here = norm_url(f.evidence.url)
        if scope == "page" and here in cut:
            unjudged.setdefault(here, []).append(meta.name if meta else f.code)
        elif scope == "site":
            for page in cut:
                unjudged.setdefault(page, []).append(meta.name if meta else f.code)
        else:
            kept.append(f)
    return [_naming(f, unjudged) if f.code == CODE else f for f in kept]


def _naming(f: Finding, unjudged: dict[str, list[str]]) -> Finding:
    names = sorted(set(unjudged.get(norm_url(f.evidence.url), [])))
    if not names:
        return f
    detail = {**f.evidence.detail, "unjudged": names}
    return f.model_copy(update={"evidence": f.evidence.model_copy(update={"detail": detail})})
