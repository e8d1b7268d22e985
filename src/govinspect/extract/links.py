"""Out-links of a page (anchors, images, frames, attachments) for the crawler's hot path.

One selectolax (lexbor) parse; URLs are made absolute against <base href> or the page URL, fragments dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final
from urllib.parse import urldefrag, urljoin, urlsplit

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
_SKIP_SCHEMES: Final = ("javascript:", "mailto:", "tel:", "data:", "vbscript:", "about:", "sms:", "file:")
_URL_JUNK: Final = re.compile(r"[\t\r\n]")
_BASE_TAG: Final = re.compile(r"<base\b", re.I).search
# hrefs the fast paths of `_join` leave to urljoin
_UNUSUAL_HREF: Final = re.compile(r"[#;\[\]\\]|\?$").search


@dataclass(slots=True)
class OutLink:
    """One link found on a page: absolute URL, what kind of element points to it, and its text."""

    url: str
    kind: str  # "a" | "img" | "iframe" | "attachment"
    anchor: str = ""


def is_attachment(url: str) -> bool:
    """True when the URL path ends with a document/archive extension (.pdf, .docx, .wps, …)."""
    if "?" in url or "#" in url:
        url = url.split("#", 1)[0].split("?", 1)[0]
    return url.lower().endswith(ATTACHMENT_EXTS)


_PAGED_FILE: Final = re.compile(r"/(index|list|default|more|column|col)_\d+(\.[A-Za-z]+)$", re.I)
_PAGE_PARAMS: Final = frozenset(
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


def search_from_first(rx: re.Pattern[str], text: str, starts: tuple[str, ...]) -> re.Match[str] | None:
    """rx.search(text) for a pattern whose every match begins with one of `starts`, begun at the first of them.

    A pattern opening with alternatives ("联系电话|电话|…") is tried at every position of the text, many
    times slower than str.find; the result is the same, since no match can start before the first literal."""
    first = min((i for i in [find_by_char(text, s) for s in starts] if i >= 0), default=-1)
    return rx.search(text, first) if first >= 0 else None


_KEY_BUDGET: Final = 200  # places of the key character checked before str.find takes over


def find_by_char(text: str, needle: str, at: int = 0, start: int = 0) -> int:
    """text.find(needle, start), found through the needle's character at index `at` (a character that stands
    few times in such text: the first of a word such as 标识码, the P of createPageHTML in scripts).

    A single-character search runs at memory speed (a page in about a microsecond), a substring search some
    forty times slower. Where the key character stands more than _KEY_BUDGET times, str.find goes on."""
    key = needle[at : at + 1]
    pos = text.find(key, start + at)
    checks = 0
    while pos >= 0 and not text.startswith(needle, pos - at):
        checks += 1
        if checks >= _KEY_BUDGET:
            return text.find(needle, pos - at)
        pos = text.find(key, pos + 1)
    return pos - at if pos >= 0 else -1


def holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of words stands in text, each looked for through its first character (`find_by_char`)."""
    return any(find_by_char(text, w) >= 0 for w in words)


def resolve(base: str, href: str | None) -> str | None:
    """Absolute, fragment-free http(s) URL for href, or None for javascript:/mailto:/'#'/empty links."""
    if href is None:
        return None
    if "\t" in href or "\n" in href or "\r" in href:
        href = _URL_JUNK.sub("", href)
    href = href.strip()
    if not href or href[0] == "#":
        return None
    if ":" in href[:12] and href[:12].lower().startswith(_SKIP_SCHEMES):
        return None
    return _join(base, href)


def join_url(base: str, href: str) -> str | None:
    """urljoin(base, href), or None where urljoin raises; by `_join` for an href as `resolve` hands it on (no
    leading space or control character, tab, newline or fragment): its result is then urljoin's whenever that
    is an http(s) URL."""
    if href and href[0] > " " and "#" not in href and _URL_JUNK.search(href) is None:
        url = _join(base, href)
        if url is not None:
            return url
    try:
        return urljoin(base, href)
    except ValueError:
        return None


@lru_cache(maxsize=16384)
def _join(base: str, href: str) -> str | None:
    """urljoin + fragment removal + http(s) check, with exact fast paths for the common link shapes.

    Cached: a site's menus and footers repeat the same (base, href) pairs on every page. A plain href
    (ASCII, no fragment, ;params or brackets, not ending in "?") often needs no urljoin: an absolute
    http(s) URL is its own result, and "/path" without dot segments is the base's origin plus the path.
    Other relative hrefs depend only on the base's directory, so they are joined (and cached) against it,
    which hits across the pages of one directory. Results are exactly those of the plain urljoin path.
    """
    if href.isascii() and _UNUSUAL_HREF(href) is None:
        first = href[0]
        if first == "h" and href.startswith(("http://", "https://")):
            netloc_start = href.index("//") + 2
            if href[netloc_start : netloc_start + 1] not in ("", "/", "?"):
                return href
        elif first == "/":
            if href[1:2] != "/" and "/." not in href:
                origin = _origin(base)
                if origin is not None:
                    return origin + href
        elif first != "?" and ":" not in href:
            directory = _directory(base)
            if directory is not None:
                return _join_slow(directory, href)
    return _join_slow(base, href)


@lru_cache(maxsize=4096)
def _origin(base: str) -> str | None:
    """The "scheme://netloc" of an http(s) base URL as urljoin writes it (None for anything unusual)."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


@lru_cache(maxsize=4096)
def _directory(base: str) -> str | None:
    """The base URL cut after the last "/" of its path: relative paths resolve the same against it."""
    origin = _origin(base)
    if origin is None:
        return None
    path = urlsplit(base).path
    return origin + path[: path.rfind("/") + 1] if "/" in path else origin + "/"


@lru_cache(maxsize=16384)
def _join_slow(base: str, href: str) -> str | None:
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
    for base in tree.tags("base"):  # the first with an href (a lookup by tag name compiles no selector)
        attrs = base.attributes
        if "href" not in attrs:
            continue
        href = attrs["href"]
        if href:
            try:
                return urljoin(page_url, _URL_JUNK.sub("", href).strip())
            except ValueError:
                return page_url
        break
    return page_url


def class_and_id(node: LexborNode) -> str:
    """ "class id" of an element ('' for the document or text nodes, which have no attributes)."""
    if not node.is_element_node:
        return ""
    attrs = node.attributes  # one dict: cheaper than `attrs` lookups, which raise KeyError when absent
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def first_class(node: LexborNode) -> str:
    """The first class name of an element, '' when none (or not an element)."""
    if not node.is_element_node:
        return ""
    return (node.attributes.get("class") or "").split(" ", 1)[0]


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


class Anchor:
    """An <a> element read once (attributes and text) so several extractors can share one pass.

    A plain class: compiled (ADR 0026), its __init__ is native; a dataclass's is generated Python."""

    __slots__ = ("href", "node", "raw_text", "text", "title")

    def __init__(
        self, node: LexborNode, href: str | None, title: str | None, raw_text: str, text: str
    ) -> None:
        self.node = node
        self.href = href  # the href attribute as written
        self.title = title  # the title attribute
        self.raw_text = raw_text
        self.text = text  # raw_text with whitespace collapsed (clean_text)


def anchors_of(tree: LexborHTMLParser | LexborNode) -> list[Anchor]:
    """Every <a> of a tree with its href and title, raw text and clean text.

    Two attributes, not the attribute dict: a list page of 100,000 rows would hold 100,000 dicts."""
    out: list[Anchor] = []
    for a in tree.tags("a") if isinstance(tree, LexborHTMLParser) else tree.css("a"):
        raw = a.text(deep=True, separator=" ")
        attrs = a.attributes
        title = attrs.get("title")
        text = clean_text(raw)
        if title is not None and title == text:
            title = text  # list links often repeat their text as title: hold it once
        out.append(Anchor(a, attrs.get("href"), title, raw, text))
    return out


_LINK_ELEMENTS: Final = "a[href], area[href], img[src], iframe[src], frame[src]"


@lru_cache(maxsize=8192)
def _target(base: str, href: str, anchor: bool) -> tuple[str, str] | None:
    """(absolute url, kind) of an href or src; anchors to documents are "attachment". Cached: menus and
    footers repeat on every page of a site (and a page's own links are seen once: a small cache does)."""
    url = resolve(base, href)
    if url is None:
        return None
    if anchor:
        return url, "attachment" if is_attachment(url) else "a"
    return url, ""


def outlinks_from_tree(tree: LexborHTMLParser, page_url: str, base: str | None = None) -> list[OutLink]:
    """Out-links of an already parsed page (see `outlinks`); `base` when the caller already knows it."""
    if base is None:
        base = base_url_of(tree, page_url)
    seen: set[tuple[str, str]] = set()
    out: list[OutLink] = []
    for node in tree.css(_LINK_ELEMENTS):
        tag = node.tag
        attrs = node.attributes
        anchor = tag == "a" or tag == "area"
        href = attrs.get("href" if anchor else "src")
        if href is None:
            continue
        target = _target(base, href, anchor)
        if target is None:
            continue
        url, kind = target
        if not anchor:
            kind = "img" if tag == "img" else "iframe"
        key = (url, kind)
        if key in seen:  # a repeated link: its first anchor text is the one kept
            continue
        seen.add(key)
        if tag == "a":
            text = anchor_text(node)
        elif tag == "area":
            text = clean_text(attrs.get("alt") or "")
        elif tag == "img":
            text = clean_text(attrs.get("alt") or attrs.get("title") or "")
        else:
            text = clean_text(attrs.get("title") or attrs.get("name") or "")
        out.append(OutLink(url=url, kind=kind, anchor=text))
    return out


def comment_spans(html: str) -> list[tuple[int, int]]:
    """(start, close) of each <!-- … --> in order: where "<!--" and its "-->" begin (close is -1 for a last
    comment never closed, which runs to the end of the page)."""
    spans: list[tuple[int, int]] = []
    start = _comment_start(html, 0)
    while start >= 0:
        close = html.find("-->", start + 4)
        spans.append((start, close))
        if close < 0:
            break
        start = _comment_start(html, close + 3)
    return spans


def _comment_start(html: str, pos: int) -> int:
    """html.find("<!--", pos), looked for through its "!": rare in markup, it is found by the one-character
    search, many times faster than a search for the four characters."""
    bang = html.find("!", pos + 1)
    while bang >= 0:
        if html.startswith("<!--", bang - 1):
            return bang - 1
        bang = html.find("!", bang + 1)
    return -1


_SELECT_RX: Final = re.compile(r"<select\b", re.I)
_SELECT_END_RX: Final = re.compile(r"</select\s*>", re.I)
_SELECT_SPELLINGS: Final = ("<select", "<SELECT", "<Select")  # a page must use one of these to be stripped


def strip_selects(html: str, start: int = 0) -> str:
    """Drop <select> drop-downs (site-group jump menus with thousands of <option>s): never page content,
    and lexbor parses long option lists slowly (realpages p24: 13 ms → 1.6 ms). start: where the first
    one may be (the caller has read the page before it)."""
    m = _SELECT_RX.search(html, start)  # one case-insensitive scan: most pages have no <select> at all
    if m is None:
        return html
    if m.group(0) not in _SELECT_SPELLINGS and not any(s in html for s in _SELECT_SPELLINGS):
        return html
    parts: list[str] = []
    pos = 0
    while m is not None:
        end = _SELECT_END_RX.search(html, m.end())
        if end is None:
            break
        parts.append(html[pos : m.start()])
        pos = end.end()
        m = _SELECT_RX.search(html, pos)
    parts.append(html[pos:])
    return "".join(parts)


# Block elements whose start tag makes the HTML parser scan the open-element stack ("close a p element"):
# thousands of unclosed ones make parsing quadratic (10 s for 1 MB of <div>), so nesting is capped.
_BLOCK_TAG: Final = re.compile(
    r"<(/?)(div|section|ul|ol|dl|blockquote|center|fieldset|nav|article|address|details|main|header|footer|"
    r"aside|pre|figure|figcaption|hgroup|menu|dir|summary|p|h[1-6]|table|form|li|dd|dt)\b[^>]*>",
    re.I,
)
MAX_NESTING: Final = 300
_UNCLOSED_ALARM: Final = 1500


_COUNT_WINDOW = 8192


def count_exceeds(text: str, sub: str, limit: int) -> bool:
    """text.count(sub) > limit for a sub that cannot overlap itself (such as "</"), counted window by
    window: the count stops as soon as it passes limit (a substring count costs ~1 ns a character)."""
    count = 0
    start = 0
    while start < len(text):
        stop = start + _COUNT_WINDOW
        count += text.count(sub, start, stop + len(sub) - 1)  # occurrences starting in [start, stop)
        if count > limit:
            return True
        start = stop
    return count > limit


def defuse_nesting(html: str) -> str:
    """Drop block start tags nested deeper than MAX_NESTING (and their end tags). Linear; a no-op on
    ordinary pages, which are recognised by a cheap count of start versus end tags."""
    opens = html.count("<")
    # opens - 2 * html.count("</") < _UNCLOSED_ALARM, as a count of end tags that may stop early
    if opens < _UNCLOSED_ALARM or count_exceeds(html, "</", (opens - _UNCLOSED_ALARM) // 2):
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


_DATA_URL: Final = re.compile(
    r"""(?:fetch|\$\.getJSON|\$\.get|\$\.post|url\s*:)\s*\(?\s*["']([^"']+\.(?:json|jsp|do|action|php|aspx)[^"']*)["']""",
    re.I,
)


def data_url_of(tree: LexborHTMLParser, scripts: list[str], base: str) -> str | None:
    """The JSON endpoint a script-loaded list declares (data-src / data-url, or a fetch('…') in a script)."""
    for node in tree.css("[data-src], [data-url], [data-api]"):
        attrs = node.attributes
        if node.tag in ("img", "iframe", "script"):
            continue
        u = resolve(base, attrs.get("data-src") or attrs.get("data-url") or attrs.get("data-api"))
        if u:
            return u
    for s in scripts:
        m = _DATA_URL.search(s)
        if m:
            return resolve(base, m.group(1))
    return None


_CDATA: Final = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_SCRIPT: Final = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.S | re.I)
DATA_ANCHOR: Final = "（列表数据接口）"


def scripted_links(
    tree: LexborHTMLParser, html: str, page_url: str, base: str | None = None
) -> list[OutLink]:
    """Links a browser would see only after scripts run: JCMS <datastore> CDATA records and the JSON
    endpoint a script-loaded list declares (kind "a", so a crawler fetches it like a page)."""
    if base is None:
        base = base_url_of(tree, page_url)
    out: list[OutLink] = []
    for chunk in _CDATA.findall(html):
        if "<a" in chunk or "<A" in chunk:
            out += outlinks_from_tree(LexborHTMLParser(chunk), base)
    if "data-" in html or "fetch" in html or "$.get" in html or "url" in html:
        url = data_url_of(tree, _SCRIPT.findall(html), base)
        if url:
            out.append(OutLink(url=url, kind="a", anchor=DATA_ANCHOR))
    return out


_URL_KEYS: Final = ("url", "href", "link", "linkurl", "docpuburl", "path")


def json_links(base_url: str, text: str) -> list[OutLink]:
    """Item links of a JSON list endpoint (values of url/href/link keys at any depth). Never raises."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    out: list[OutLink] = []
    seen: set[str] = set()

    def walk(obj: Any, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(obj, dict):
            title = next(
                (str(obj[k]) for k in ("title", "name", "doctitle") if isinstance(obj.get(k), str)), ""
            )
            for k, v in obj.items():
                if isinstance(v, str) and k.lower() in _URL_KEYS:
                    url = resolve(base_url, v)
                    if url and url not in seen:
                        seen.add(url)
                        out.append(
                            OutLink(
                                url=url,
                                kind="attachment" if is_attachment(url) else "a",
                                anchor=clean_text(title),
                            )
                        )
                else:
                    walk(v, depth + 1)
        elif isinstance(obj, list):
            for v in obj:
                walk(v, depth + 1)

    walk(data, 0)
    return out


def outlinks(base_url: str, html: str) -> list[OutLink]:
    """All distinct out-links of a page: (absolute URL, kind, anchor text), script-loaded ones included.
    Never raises."""
    try:
        html = defuse_nesting(strip_selects(html or ""))
        tree = LexborHTMLParser(html)
        base = base_url_of(tree, base_url) if _BASE_TAG(html) else base_url  # a regex beats a tree search
        links = outlinks_from_tree(tree, base_url, base)
        extra = scripted_links(tree, html, base_url, base)
    except Exception:  # pragma: no cover - defensive: the crawler must never die on a page
        return []
    seen = {(o.url, o.kind) for o in links}
    for o in extra:
        if (o.url, o.kind) not in seen:
            seen.add((o.url, o.kind))
            links.append(o)
    return links
