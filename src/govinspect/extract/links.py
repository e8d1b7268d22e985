"""Out-links of a page (anchors, images, frames, attachments) for the crawler's hot path.

One selectolax (lexbor) parse; URLs are made absolute against <base href> or the page URL, fragments dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

ATTACHMENT_EXTS: tuple[str, ...] = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".zip",
    ".rar",
    ".wps",
    ".et",
    ".txt",
    ".ppt",
    ".pptx",
)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "vbscript:", "about:", "sms:", "file:")
_URL_JUNK = re.compile(r"[\t\r\n]")


@dataclass(slots=True)
class OutLink:
    """One link found on a page: absolute URL, what kind of element points to it, and its text."""

    url: str
    kind: str  # "a" | "img" | "iframe" | "attachment"
    anchor: str = ""


def is_attachment(url: str) -> bool:
    """True when the URL path ends with a document/archive extension (.pdf, .docx, .wps, …)."""
    path = url.split("#", 1)[0].split("?", 1)[0].lower()
    return path.endswith(ATTACHMENT_EXTS)


def clean_text(text: str | None) -> str:
    """Collapse whitespace (incl. &nbsp; and full-width space) to single spaces and strip."""
    if not text:
        return ""
    # str.split() splits on every Unicode space, incl. &nbsp; (U+00A0) and the ideographic space (U+3000).
    return " ".join(text.split())


def resolve(base: str, href: str | None) -> str | None:
    """Absolute, fragment-free http(s) URL for href, or None for javascript:/mailto:/'#'/empty links."""
    if href is None:
        return None
    href = _URL_JUNK.sub("", href).strip()
    if not href or href.startswith("#"):
        return None
    low = href[:12].lower()
    if low.startswith(_SKIP_SCHEMES):
        return None
    return _join(base, href)


@lru_cache(maxsize=65536)
def _join(base: str, href: str) -> str | None:
    # Cached: a site's menus and footers repeat the same (base, href) pairs on every page.
    try:
        url = urljoin(base, href)
    except ValueError:
        return None
    if "#" in url:
        url = urldefrag(url)[0]
    if not url[:8].lower().startswith(("http://", "https://")):
        return None
    return url


def base_url_of(tree: LexborHTMLParser, page_url: str) -> str:
    """The URL relative links resolve against: <base href> when present, else the page URL."""
    base = tree.css_first("base[href]")
    if base is not None:
        href = base.attributes.get("href")
        if href:
            try:
                return urljoin(page_url, _URL_JUNK.sub("", href).strip())
            except ValueError:
                return page_url
    return page_url


def anchor_text(node: LexborNode) -> str:
    """Visible text of a link; falls back to its title or an inner image's alt."""
    text = clean_text(node.text(deep=True, separator=""))
    if text:
        return text
    title = node.attributes.get("title")
    if title:
        return clean_text(title)
    img = node.css_first("img")
    if img is not None:
        return clean_text(img.attributes.get("alt") or img.attributes.get("title") or "")
    return ""


@dataclass(slots=True)
class Anchor:
    """An <a> element read once (attributes and raw text) so several extractors can share one pass."""

    node: LexborNode
    attrs: dict[str, str | None]
    raw_text: str


def anchors_of(tree: LexborHTMLParser | LexborNode) -> list[Anchor]:
    """Every <a> of a tree with its attributes and raw text."""
    return [Anchor(a, a.attributes, a.text(deep=True, separator=" ")) for a in tree.css("a")]


def outlinks_from_tree(tree: LexborHTMLParser, page_url: str) -> list[OutLink]:
    """Out-links of an already parsed page (see `outlinks`)."""
    base = base_url_of(tree, page_url)
    seen: set[tuple[str, str]] = set()
    out: list[OutLink] = []
    for node in tree.css("a[href], area[href], img[src], iframe[src], frame[src]"):
        tag = node.tag
        attrs = node.attributes
        if tag in ("a", "area"):
            url = resolve(base, attrs.get("href"))
            if url is None:
                continue
            kind = "attachment" if is_attachment(url) else "a"
            anchor = anchor_text(node) if tag == "a" else clean_text(attrs.get("alt") or "")
        elif tag == "img":
            url = resolve(base, attrs.get("src"))
            if url is None:
                continue
            kind = "img"
            anchor = clean_text(attrs.get("alt") or attrs.get("title") or "")
        else:
            url = resolve(base, attrs.get("src"))
            if url is None:
                continue
            kind = "iframe"
            anchor = clean_text(attrs.get("title") or attrs.get("name") or "")
        key = (url, kind)
        if key in seen:
            continue
        seen.add(key)
        out.append(OutLink(url=url, kind=kind, anchor=anchor))
    return out


def outlinks(base_url: str, html: str) -> list[OutLink]:
    """All distinct out-links of a page: (absolute URL, kind, anchor text). Never raises."""
    try:
        tree = LexborHTMLParser(html or "")
        return outlinks_from_tree(tree, base_url)
    except Exception:  # pragma: no cover - defensive: the crawler must never die on a page
        return []
