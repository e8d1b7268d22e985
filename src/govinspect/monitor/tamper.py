"""Tampering watch: the home page's text and links compared with its last confirmed baseline.

A fingerprint keeps the page's text segments as short hashes and its links in full, so that a daily
snapshot stays small; the comparison keeps the new text itself, as evidence. A large unexplained change
(most of the baseline's text gone and most links new) or new text or links in the security lexicon
(`lexicon/security_links.yaml`) opens an urgent `tamper` condition until the page is restored or an
inspector confirms the new page as the baseline (`govinspect baseline confirm`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from govinspect.checks import lexicon_match

MIN_SEGMENT = 4  # shorter runs of text (dates, "更多") say nothing about tampering
LARGE_CHANGE = 0.5  # share of baseline text gone and share of links new that make a large change
SHOWN = 5  # new text segments kept as evidence


def _segments(text: str) -> list[str]:
    return list(dict.fromkeys(s for s in text.split() if len(s) >= MIN_SEGMENT))


def _h(segment: str) -> str:
    return hashlib.sha1(segment.encode()).hexdigest()[:10]


def fingerprint(text: str, links: Iterable[str]) -> dict[str, Any]:
    """The home page as a baseline: hashed text segments and the set of links."""
    return {"text": sorted({_h(s) for s in _segments(text)}), "links": sorted(set(links))}


def compare(baseline: dict[str, Any], text: str, links: Iterable[str]) -> dict[str, Any]:
    """What changed since the baseline: share of its text gone, share of links new, new text (evidence)
    and the lexicon words found in new text or links."""
    old_text, old_links = set(baseline.get("text", [])), set(baseline.get("links", []))
    segments = _segments(text)
    now_hashes = {_h(s) for s in segments}
    new_text = [s for s in segments if _h(s) not in old_text]
    links = sorted(set(links))
    new_links = [u for u in links if u not in old_links]
    gone = len(old_text - now_hashes) / len(old_text) if old_text else 0.0
    fresh = len(new_links) / len(links) if links else 0.0
    words = [w for w in (lexicon_match(s, "") for s in new_text) if w]
    words += [w for w in (lexicon_match("", (urlsplit(u).hostname or "").lower()) for u in new_links) if w]
    return {
        "text_gone": round(gone, 3),
        "links_new": round(fresh, 3),
        "new_text": new_text[:SHOWN],
        "new_links": new_links[:SHOWN],
        "lexicon": list(dict.fromkeys(words)),
    }


def is_tampered(change: dict[str, Any]) -> bool:
    """Lexicon words in what is new, or most of the page replaced."""
    large = change.get("text_gone", 0) >= LARGE_CHANGE and change.get("links_new", 0) >= LARGE_CHANGE
    return bool(change.get("lexicon")) or large
