"""The archived response of a page, from the round's WARC, made safe to show and with the evidence marked.

Scripts, frames, forms' actions, event handlers, `javascript:` URLs and meta refreshes are removed;
the result is served from its own route inside a `sandbox` iframe under a CSP that allows no script
and no network access, so even a page that slipped through could neither run nor phone home.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from govinspect.crawl.snapshot import Snapshot
from govinspect.extract.decode import decode_html

ARCHIVE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
    "form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox"
)
MEDIA_TAGS = (
    "img",
    "source",
    "video",
    "audio",
    "track",
    "input",
)  # their files are not served from the archive
DROP_TAGS = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link")
URL_ATTRS = ("href", "src", "action", "formaction", "background", "poster", "srcset", "data")
MARK_STYLE = (
    "mark.gi-evidence{background:#ffe14d;color:#000;outline:3px solid #d0021b;}"
    "a.gi-evidence{outline:3px solid #d0021b;background:#ffe14d;}"
    ".gi-banner{font:14px sans-serif;background:#fff3cd;border-bottom:1px solid #c9a400;padding:6px 10px;}"
)
MARK_ID = "gi-evidence-1"


class ArchiveMissing(Exception):
    """The page was not captured in this round's archive (message in Chinese)."""


def load_archived(snapshot_dir: Path, url: str) -> tuple[str, str]:
    """(decoded HTML, capture time) of a URL in a site's snapshot."""
    if not snapshot_dir.is_dir():
        raise ArchiveMissing("本轮没有该网站的抓取存档")
    with Snapshot.open(snapshot_dir) as snap:
        rec = snap.page(url)
        if rec is None:
            raise ArchiveMissing("存档中没有该页面")
        body = snap.body(rec)
    if not body:
        raise ArchiveMissing("该页面抓取失败或未存档正文")
    text, _codec = decode_html(body, rec.headers)
    return text, rec.fetched_at


def _safe_url(value: str) -> bool:
    v = "".join(value.split()).lower()
    return not v.startswith(("javascript:", "vbscript:", "data:text/html"))


def sanitize(html: str) -> lxml.html.HtmlElement:
    """The page's tree without anything that could run, load a frame, navigate or submit."""
    root = lxml.html.document_fromstring(html or "<html><body></body></html>")
    for el in list(root.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter("meta")):
        if (el.get("http-equiv") or "").lower() in ("refresh", "set-cookie", "content-security-policy"):
            el.drop_tree()
    for el in root.iter(etree.Element):
        for name in list(el.attrib):
            low = name.lower()
            handler = low.startswith("on") or low in ("srcdoc", "ping", "formaction", "action")
            if handler or (low in URL_ATTRS and not _safe_url(el.attrib[name])):
                del el.attrib[name]
    for el in root.iter(*MEDIA_TAGS):
        for name in ("src", "srcset", "poster"):
            el.attrib.pop(name, None)
    return root


def _inert_links(root: lxml.html.HtmlElement) -> None:
    """Links show where they pointed (tooltip) but no longer navigate the frame to the live site."""
    for a in root.iter("a"):
        href = a.attrib.pop("href", None)
        if href:
            a.set("title", href)


def _marks(term: str, parts: list[str], counter: list[int]) -> list[lxml.html.HtmlElement]:
    """One <mark class="gi-evidence"> per occurrence, each carrying the text that follows it."""
    out = []
    for tail in parts[1:]:
        mark = lxml.html.Element("mark")
        mark.set("class", "gi-evidence")
        counter[0] += 1
        if counter[0] == 1:
            mark.set("id", MARK_ID)
        mark.text, mark.tail = term, tail
        out.append(mark)
    return out


def _mark_text(root: lxml.html.HtmlElement, term: str, counter: list[int]) -> None:
    """Wrap every occurrence of `term` in the body's text with <mark class="gi-evidence">."""
    body = root.find("body")
    if body is None:
        return
    for el in list(body.iter(etree.Element)):
        if el.tag in ("mark", "style", "title", "textarea"):
            continue
        if el.text and term in el.text:
            parts = el.text.split(term)
            el.text = parts[0]
            for i, mark in enumerate(_marks(term, parts, counter)):
                el.insert(i, mark)
        parent = el.getparent()
        if el.tail and term in el.tail and parent is not None and parent.tag not in ("style", "textarea"):
            parts = el.tail.split(term)
            el.tail = parts[0]
            anchor = el
            for mark in _marks(term, parts, counter):
                anchor.addnext(mark)
                anchor = mark


def render_archived(html: str, *, captured_at: str, url: str, texts: list[str], links: list[str]) -> str:
    """Safe HTML of the archived page with the evidence marked and a banner naming the capture."""
    root = sanitize(html)
    counter = [0]
    for a in root.iter("a"):
        if a.get("href") in links:
            a.set("class", ((a.get("class") or "") + " gi-evidence").strip())
            counter[0] += 1
            if counter[0] == 1:
                a.set("id", MARK_ID)
    for term in sorted(set(texts), key=len, reverse=True):
        _mark_text(root, term, counter)
    _inert_links(root)
    head = root.find("head")
    if head is None:
        head = lxml.html.Element("head")
        root.insert(0, head)
    style = lxml.html.Element("style")
    style.text = MARK_STYLE
    head.append(style)
    body = root.find("body")
    if body is not None:
        banner = lxml.html.Element("div")
        banner.set("class", "gi-banner")
        banner.text = (
            f"存档页面（脚本已移除）　采集时间：{captured_at}　原地址：{url}　证据标记：{counter[0]} 处"
        )
        body.insert(0, banner)
    return "<!DOCTYPE html>\n" + str(lxml.html.tostring(root, encoding="unicode"))
