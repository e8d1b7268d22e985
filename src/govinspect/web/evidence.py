"""A finding's evidence as people read it: labelled lines, the page it concerns, the text to highlight.

Labels and wording come from `reports.evidence`, the one table every writer of evidence uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govinspect.reports.evidence import cn_moment, evidence_basis, evidence_items

# evidence keys whose text appears on the archived page and is highlighted there
HIGHLIGHT_TEXT = ("matched", "newest_title", "anchor", "column")
HIGHLIGHT_LINK = ("link", "newest_url", "final_url")


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    label: str
    value: str
    is_url: bool = False


def evidence_lines(code: str, evidence: dict[str, Any]) -> list[EvidenceLine]:
    """Page, capture time, every shown detail field as the notice's attachments word it, and the basis."""
    out = []
    page = str(evidence.get("url") or "")
    if page:
        out.append(EvidenceLine("页面", page, True))
    if evidence.get("captured_at"):
        out.append(EvidenceLine("采集时间", cn_moment(evidence["captured_at"])))
    detail = evidence.get("detail") or {}
    for label, value in evidence_items(code, detail, page):
        out.append(EvidenceLine(label, value, value.startswith(("http://", "https://")) and " " not in value))
    basis = evidence_basis(code, detail)
    if basis:
        out.append(EvidenceLine("规则依据", basis))
    return out


def highlight_terms(evidence: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(texts, link URLs) of the evidence to mark on the archived page."""
    detail = evidence.get("detail") or {}
    texts = [
        str(detail[k]).strip() for k in HIGHLIGHT_TEXT if isinstance(detail.get(k), str) and detail[k].strip()
    ]
    links = [str(detail[k]) for k in HIGHLIGHT_LINK if isinstance(detail.get(k), str) and detail[k]]
    return texts, links


def archived_page_url(evidence: dict[str, Any]) -> str | None:
    """The captured page the evidence points at: the page itself, else the page holding the link."""
    detail = evidence.get("detail") or {}
    for value in (evidence.get("url"), detail.get("source"), detail.get("column_url")):
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    sources = detail.get("sources")
    if isinstance(sources, list) and sources:
        first = sources[0]
        page = first.get("page") if isinstance(first, dict) else first
        if isinstance(page, str):
            return page
    return None
