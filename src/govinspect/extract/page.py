"""`extract_page`: one pure pass from (url, bytes, headers) to PageFacts; never raises.

Parses once with selectolax, reads meta and links, removes scripts, then reads footer, navigation, list,
article and letters and decides the page type.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.article import body_node, extract_article, visible_date
from govinspect.extract.columns import classify_column
from govinspect.extract.decode import decode_html
from govinspect.extract.facts import ColumnInfo, ListFacts, PageFacts
from govinspect.extract.footer import read_footer
from govinspect.extract.hidden import hidden_links, may_hide
from govinspect.extract.letters import letter_stats, read_mailbox
from govinspect.extract.links import (
    anchors_of,
    base_url_of,
    clean_text,
    column_url,
    defuse_nesting,
    strip_selects,
)
from govinspect.extract.lists import extract_list
from govinspect.extract.meta import read_meta, usable
from govinspect.extract.nav import crumb_node, navigation

TEMPLATE_TYPES: Final = frozenset(
    {"text/template", "text/html", "text/x-template", "text/x-handlebars-template"}
)
_SELECT_OR_RECORD: Final = re.compile(r"<(?:select\b|record)", re.I)
_TITLE_SPLIT: Final = re.compile(r"\s*[_|｜\-–—]\s*")
_ARTICLE_URL: Final = re.compile(
    r"/t\d{8}_\d+|/art_\d+_\d+|/content_\d+|/art/\d{4}/\d{1,2}/\d{1,2}/|/\d{4}-\d{2}/\d{2}/content"
)


def extract_page(
    url: str, body: bytes, headers: Mapping[str, str] | None = None, *, home: bool = False
) -> PageFacts:
    """Everything an inspector reads off one page. Pure, no I/O, never raises. `home`: the page is a
    target's home page (a section's /xzgk/ as much as a host's /), read whole rather than as one column."""
    try:
        return _extract(url, body, headers, home)
    except Exception as exc:  # pragma: no cover - last line of defence on hostile input
        facts = PageFacts(url=url)
        facts.text = f"页面解析失败：{type(exc).__name__}"
        return facts


def extract_html(url: str, html: str) -> PageFacts:
    """Same as `extract_page` for already decoded text."""
    try:
        return _extract_text(url, html, "utf-8")
    except Exception:  # pragma: no cover
        return PageFacts(url=url)


def _extract(url: str, body: bytes, headers: Mapping[str, str] | None, home: bool = False) -> PageFacts:
    html, encoding = decode_html(body, headers)
    # In these codecs only a NUL byte decodes to a NUL character; a byte search is far cheaper than a
    # search of the text.
    nul_free = encoding in ("utf-8", "gb18030") and isinstance(body, bytes) and b"\x00" not in body
    # A UTF-8 body decoded without a single replacement character is exactly the UTF-8 encoding of html
    # (but for an unfinished last character of a page cut at the size limit: the parser shows it as U+FFFD,
    # as a browser would, and the body is not copied to leave it out).
    lossless = (
        encoding == "utf-8"
        and isinstance(body, bytes)
        and not body.startswith(codecs.BOM_UTF8)
        and "\ufffd" not in html
    )
    return _extract_text(url, html, encoding, nul_free, body if lossless else None, home)


def _extract_text(
    url: str, html: str, encoding: str, nul_free: bool = False, utf8: bytes | None = None, home: bool = False
) -> PageFacts:
    """The extraction proper; nul_free: the caller knows html holds no NUL character; utf8: html encoded
    as UTF-8, when the caller has it (the parser reads UTF-8: an unchanged page need not be encoded again)."""
    facts = PageFacts(url=url, encoding=encoding)
    decoded = html
    if not nul_free:
        html = html.replace("\x00", "")
    html, records = _without_selects(html)
    markup = defuse_nesting(html)
    tree = LexborHTMLParser(utf8 if utf8 is not None and markup is decoded else markup)
    hiding = may_hide(html)
    scripts, templates, css = _drop_scripts(tree, hiding)
    title_node = tree.css_first("title")
    facts.title = clean_text(title_node.text()) if title_node is not None else None
    facts.meta = read_meta(tree)
    base = base_url_of(tree, url)
    root = tree.body or tree.root
    text = clean_text(root.text(deep=True, separator=" ")) if root is not None else ""
    facts.text = text

    anchors = anchors_of(tree)
    if hiding:
        facts.hidden_links = hidden_links(tree, anchors, css, base)
    facts.footer = read_footer(text, html, scripts)
    crumb = crumb_node(tree, anchors, text)
    facts.nav = navigation(tree, base, anchors, crumb)
    crumbs = [n.name for n in facts.nav if n.kind == "breadcrumb"]
    facts.breadcrumb = crumbs

    meta = facts.meta
    column_name = usable(meta.get("ColumnName"))
    if not column_name and crumbs and crumbs[-1] not in ("首页", "网站首页"):
        column_name = crumbs[-1]
    facts.column = ColumnInfo(
        name=column_name, category=classify_column(column_name, usable(meta.get("ColumnType")))
    )

    article_title = usable(meta.get("ArticleTitle"))
    if article_title and article_title != column_name:
        # The government tag says this is one article: no list or letters to read.
        facts.page_type = "article"
        facts.article = extract_article(tree, text, meta, facts.title, base, url, anchors)
        return facts

    heading = " ".join(
        [facts.title or "", *crumbs, *[clean_text(h.text()) for h in tree.css("h1, h2, h3")[:4]]]
    )
    lst, dated = extract_list(
        tree,
        html,
        text,
        base,
        url,
        scripts,
        heading,
        anchors,
        column_name or _title_head(facts.title),
        crumb,
        templates,
        home=home,
        records=records,
    )
    # A mailbox needs letters*5 >= dated*4: fewer letters than that need not be read.
    letters, is_mailbox = read_mailbox(tree, text, base, at_least=(dated * 4 + 4) // 5)
    page_type = "other"
    if is_mailbox and len(letters) * 5 >= dated * 4:
        page_type = "mailbox"
    else:
        list_text = sum(len(i.title) for i in lst.items)
        looks_article = _looks_like_article(tree, text, url, 2 * list_text if dated >= 3 else 0)
        if dated >= 3 and not (looks_article and looks_article > 2 * list_text):
            page_type = "list"
        elif looks_article:
            page_type = "article"
        elif lst.items or _column_page_without_items(lst):
            page_type = "list"
    facts.page_type = page_type

    if page_type == "article":
        facts.article = extract_article(tree, text, meta, facts.title, base, url, anchors)
    elif page_type == "list":
        facts.list = lst
        facts.column.url = column_url(url)
    elif page_type == "mailbox":
        facts.letters = letters
        facts.letter_stats = letter_stats(text)
        facts.list = lst
    return facts


def _without_selects(html: str) -> tuple[str, bool]:
    """The page with its drop-downs stripped (`strip_selects`), and whether it may hold a JCMS <record>: one
    case-insensitive scan answers both, and most pages have neither."""
    first = _SELECT_OR_RECORD.search(html)
    if first is None:
        return html, False
    return strip_selects(html, first.start()), True


def _drop_scripts(tree: LexborHTMLParser, styles: bool) -> tuple[list[str], list[str], str]:
    """Remove script, style, noscript and template elements; returns the inline scripts' text, the script
    templates' text and (when styles) the style sheets' text.

    Parsing scripts and removing the nodes is cheaper than cutting them out of the string first; one walk
    finds what is read before it is dropped and what is dropped unread."""
    dropped = tree.css("script, style, noscript, template")
    inline = [s for s in dropped if s.tag == "script" and not s.attributes.get("src")]
    scripts = [s.text() for s in inline]
    templates = [
        t for s, t in zip(inline, scripts, strict=True) if (s.attributes.get("type") or "") in TEMPLATE_TYPES
    ]
    css = " ".join(s.text() for s in dropped if s.tag == "style") if styles else ""
    for node in dropped:
        node.decompose(recursive=False)  # as strip_tags does: the element leaves with its content
    return scripts, templates, css


def _title_head(title: str | None) -> str | None:
    """The first part of a <title> such as "通知公告_某县人民政府" (usually the column's name), or None."""
    head = _TITLE_SPLIT.split(title or "", maxsplit=1)[0].strip()
    return head if 2 <= len(head) <= 20 else None


def _column_page_without_items(lst: ListFacts) -> bool:
    """A column page whose list is empty ("暂无信息", an empty list box) or drawn by a script we cannot run."""
    return lst.blank or lst.unreadable


def _in_link_rows(body: LexborNode) -> int:
    """How much of body's text lies in list rows (li, tr, dd, dt) holding a link: a box of list blocks, their
    rows dated ("日期：2025-02-11"), is no article body however short its titles."""
    inside = 0
    counted: set[int] = set()
    body_id = body.mem_id
    for row in body.css("li, tr, dd, dt"):
        up = row.parent
        while up is not None and up.mem_id not in counted and up.mem_id != body_id:
            up = up.parent
        if up is not None and up.mem_id in counted:
            continue  # a row inside a row already counted
        if row.css_first("a") is not None:
            counted.add(row.mem_id)
            inside += len(row.text(deep=True, separator=""))
    return inside


def _looks_like_article(tree: LexborHTMLParser, text: str, url: str, must_exceed: int = 0) -> int:
    """Body length when the page reads as one article (a heading with a date under it, and a body), else 0.

    must_exceed: a body no longer than this cannot outweigh the list already found, so stop early."""
    body = body_node(tree, min_chars=20, outside_chrome=True)  # a footer's paragraphs are no article body
    if body is None:
        return 0
    n = len(body.text(deep=True, separator=""))
    if n <= must_exceed:
        return 0
    links = sum(len(a.text(deep=True, separator="")) for a in body.css("a"))
    if links * 2 > n or _in_link_rows(body) * 2 > n:
        return 0
    tried = 0
    for h in tree.css("h1, h2, h3, ucaptitle, [class*=title]")[:30]:
        if h.tag == "a":  # a list row's title link (<a class="title">) heads no article
            continue
        t = clean_text(h.text(deep=True, separator=""))
        if len(t) < 6 or len(t) > 150:
            continue
        tried += 1
        if tried > 8:
            break
        when, how = visible_date(text, t)
        if when and (n >= 150 or how == "visible-label"):
            return n
    if n >= 150 and _ARTICLE_URL.search(url):
        return n
    return 0
