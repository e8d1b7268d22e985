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


_PAGED_FILE = re.compile(r"/(index|list|default|more|column|col)_\d+(\.[A-Za-z]+)$", re.I)
_PAGE_PARAMS = frozenset(
    {
        "page",
        "pageno",
        "pagenum",
        "pageindex",
        "pagesize",
        "p",
        "pn",
        "cur",
        "curpage",
        "currentpage",
        "start",
        "pg",
    }
)


def column_url(url: str) -> str:
    """The first-page URL of a paginated column: index_3.html → index.html, ?page=3 dropped.

    Every page of one column's pagination maps to the same value (a column's identity).
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = _PAGED_FILE.sub(lambda m: f"/{m.group(1)}{m.group(2)}", parts.path)
    query = parts.query
    if query:
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in _PAGE_PARAMS]
        query = urlencode(kept)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


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


def strip_selects(html: str) -> str:
    """Drop <select> drop-downs (site-group jump menus with thousands of <option>s): never page content,
    and lexbor parses long option lists slowly (realpages p24: 13 ms → 1.6 ms)."""
    if "<select" not in html and "<SELECT" not in html and "<Select" not in html:
        return html
    lower = html.lower()
    start = lower.find("<select")
    if start < 0:
        return html
    parts: list[str] = []
    pos = 0
    while start >= 0:
        end = lower.find("</select", start)
        if end < 0:
            break
        close = lower.find(">", end)
        if close < 0:
            break
        parts.append(html[pos:start])
        pos = close + 1
        start = lower.find("<select", pos)
    parts.append(html[pos:])
    return "".join(parts)


_RAW_TAGS = ("script", "style", "noscript", "template")
# Block elements whose start tag makes the HTML parser scan the open-element stack ("close a p element"):
# thousands of unclosed ones make parsing quadratic (10 s for 1 MB of <div>), so nesting is capped.
_BLOCK_TAG = re.compile(
    r"<(/?)(div|section|ul|ol|dl|blockquote|center|fieldset|nav|article|address|details|main|header|footer|"
    r"aside|pre|figure|figcaption|hgroup|menu|dir|summary|p|h[1-6]|table|form|li|dd|dt)\b[^>]*>",
    re.I,
)
MAX_NESTING = 300
_UNCLOSED_ALARM = 1500


def defuse_nesting(html: str) -> str:
    """Drop block start tags nested deeper than MAX_NESTING (and their end tags). Linear; a no-op on
    ordinary pages, which are recognised by a cheap count of start versus end tags."""
    if html.count("<") - 2 * html.count("</") < _UNCLOSED_ALARM:
        return html
    parts: list[str] = []
    pos = 0
    depth = 0
    dropped: dict[str, int] = {}
    for m in _BLOCK_TAG.finditer(html):
        closing, tag = m.group(1), m.group(2).lower()
        if not closing:
            if m.group(0).endswith("/>"):
                continue
            if depth >= MAX_NESTING:
                parts.append(html[pos : m.start()])
                pos = m.end()
                dropped[tag] = dropped.get(tag, 0) + 1
            else:
                depth += 1
        elif dropped.get(tag):
            parts.append(html[pos : m.start()])
            pos = m.end()
            dropped[tag] -= 1
        elif depth > 0:
            depth -= 1
    parts.append(html[pos:])
    return "".join(parts)


def _next_open(lower: str, tag: str, pos: int) -> int:
    """Index of the next "<tag" that really opens that element (not "<scriptx"), or -1."""
    i = lower.find("<" + tag, pos)
    while i >= 0:
        after = lower[i + 1 + len(tag) : i + 2 + len(tag)]
        if after in (">", " ", "\t", "\n", "\r", "/", "\f", ""):
            return i
        i = lower.find("<" + tag, i + 1)
    return -1


def split_scripts(html: str) -> tuple[str, list[str]]:
    """(markup without <script>/<style>/<noscript>/<template> elements, inline script texts).

    Cutting them out of the string before parsing is several times cheaper than removing the nodes
    afterwards; an element ends at its first closing tag, as in the HTML parser. Linear in the size.
    """
    lower = html.lower()
    nexts = {t: _next_open(lower, t, 0) for t in _RAW_TAGS}
    if all(i < 0 for i in nexts.values()):
        return html, []
    parts: list[str] = []
    scripts: list[str] = []
    pos = 0
    while True:
        live = [(i, t) for t, i in nexts.items() if i >= 0]
        if not live:
            break
        start, tag = min(live)
        open_end = lower.find(">", start)
        close = lower.find("</" + tag, open_end) if open_end >= 0 else -1
        close_end = lower.find(">", close) if close >= 0 else -1
        parts.append(html[pos:start])
        if open_end < 0 or close < 0 or close_end < 0:
            if tag == "script" and open_end >= 0:
                scripts.append(html[open_end + 1 :])
            pos = len(html)
            break
        if tag == "script" and "src=" not in lower[start:open_end]:
            scripts.append(html[open_end + 1 : close])
        pos = close_end + 1
        for t, i in nexts.items():
            if 0 <= i < pos:
                nexts[t] = _next_open(lower, t, pos)
    parts.append(html[pos:])
    return "".join(parts), scripts


def outlinks(base_url: str, html: str) -> list[OutLink]:
    """All distinct out-links of a page: (absolute URL, kind, anchor text). Never raises."""
    try:
        tree = LexborHTMLParser(defuse_nesting(strip_selects(html or "")))
        return outlinks_from_tree(tree, base_url)
    except Exception:  # pragma: no cover - defensive: the crawler must never die on a page
        return []
