"""Article pages: title, publication date as a reader sees it, 来源, body text, attachments, 解读 links.

The visible date wins (labelled 发布时间/发布日期/时间 first, then an unlabelled date right under the
title); meta PubDate is reported separately because re-published pages carry a later PubDate; the URL
pattern (/t20230620_1.html, /art/2023/6/20/) is the last resort.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.chrome import in_chrome
from govinspect.extract.dates import date_from_url, find_dates, parse_date
from govinspect.extract.facts import ArticleFacts
from govinspect.extract.links import Anchor, anchor_text, anchors_of, clean_text, is_attachment, resolve
from govinspect.extract.meta import usable

_STRONG_LABEL: Final = re.compile(
    r"(?:发布时间|发布日期|时间发布|发稿时间|发表时间|公告时间|发文日期|发文时间|上传时间|发布于|公开日期|刊发时间|信息时间|"
    r"添加时间|录入时间|更新时间|撰稿时间)\s*[：:]?\s*$"
)
_WEAK_LABEL: Final = re.compile(r"(?:^|[^\u4e00-\u9fa5])(?:日期|时间)\s*[：:]?\s*$")
_NOT_PUB: Final = re.compile(
    r"(?:生成日期|生效时间|生效日期|成文日期|成文时间|印发日期|失效时间|废止时间|废止日期|实施日期|施行日期|"
    r"招标公告日期|成交日期|截止时间|截止日期|开标时间|开始时间|结束时间|报名时间|有效期|发证日期|办结时间|签发日期)"
    r"\s*[：:]?\s*$"
)
_SOURCE: Final = re.compile(r"(?:信息来源|文章来源|稿件来源|新闻来源|来源单位|来源|稿源)\s*[：:]\s*")
_SOURCE_STOP: Final = re.compile(
    r"^(?:字号|字体|发布|日期|时间|浏览|打印|作者|点击|分享|阅读|【|\[|责任编辑|编辑|访问|次数|关闭|收藏)"
)
_DOCNO_TAIL: Final = re.compile(r"[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号")
_CJK_RUN_END: Final = re.compile(r"[\u4e00-\u9fa5]{1,12}$")
_INTERP: Final = re.compile(r"解读|图解|政策原文|原文链接|相关文件|文件原文")
_WINDOW: Final = 700


def document_number(text: str) -> str | None:
    """The first 文号 such as 沪卫基层〔2024〕5号 (issuer characters, bracketed year, number, 号)."""
    for m in _DOCNO_TAIL.finditer(text):
        head = _CJK_RUN_END.search(text, max(0, m.start() - 12), m.start())
        if head:
            return head.group(0) + m.group(0)
    return None


def _title_candidates(tree: LexborHTMLParser) -> list[str]:
    out: list[str] = []
    for node in tree.css(
        "h1, h2, ucaptitle, [class*=title], [id*=title], [class*=biaoti], [class*=tit], [class*=bt], h3"
    ):
        t = clean_text(node.text(deep=True, separator=""))
        if 5 <= len(t) <= 150 and t not in out:
            out.append(t)
        if len(out) > 40:
            break
    return out


def choose_title(
    tree: LexborHTMLParser, meta: dict[str, str], html_title: str | None, text: str
) -> str | None:
    """The article's own title: ArticleTitle meta, else a heading that the <title> or a nearby date confirms."""
    mt = usable(meta.get("ArticleTitle"))
    if mt:
        return mt
    cands = _title_candidates(tree)
    ht = html_title or ""
    for c in cands:
        if ht and c in ht:
            return c
    for c in cands:
        pos = text.find(c)
        if pos >= 0 and find_dates(text[pos + len(c) : pos + len(c) + 200]):
            return c
    if ht:
        return re.split(r"\s*[_|\-–—]\s*", ht)[0] or ht
    return cands[0] if cands else None


def _label_before(text: str, start: int) -> str:
    return text[max(0, start - 14) : start]


def visible_date(text: str, title: str | None, body_start: int = -1) -> tuple[str | None, str | None]:
    """(date, how) as a reader sees it near the title: labelled first, then the first unlabelled date
    between the title and the start of the body (a date inside the body's first sentence is not it)."""
    anchors: list[int] = []
    if title:
        key = title[:14]
        pos = text.find(key)
        while pos >= 0 and len(anchors) < 4:
            anchors.append(pos + len(key))
            pos = text.find(key, pos + 1)
    windows = [text[a : a + _WINDOW] for a in anchors] or [text[:6000]]
    for how in ("visible-label", "visible-weak", "visible"):
        for win in windows:
            for f in find_dates(win):
                before = _label_before(win, f.start)
                if _NOT_PUB.search(before):
                    continue
                if how == "visible-label" and _STRONG_LABEL.search(before):
                    return f.iso, "visible-label"
                if how == "visible-weak" and _WEAK_LABEL.search(before):
                    return f.iso, "visible-label"
                if how == "visible" and anchors:
                    return f.iso, "visible"
        if how == "visible-weak" and body_start > 0:
            windows = [
                text[a : min(a + _WINDOW, body_start)] if a < body_start else text[a : a + _WINDOW]
                for a in anchors
            ]
    if anchors:
        # The title was found but no date near it: try labelled dates anywhere.
        for f in find_dates(text[:20000]):
            before = _label_before(text, f.start)
            if _STRONG_LABEL.search(before) and not _NOT_PUB.search(before):
                return f.iso, "visible-label"
    return None, None


def visible_source(text: str, title: str | None) -> str | None:
    """The 来源 value printed on the page (not the meta), or None when absent or empty."""
    start = 0
    if title:
        p = text.find(title[:14])
        if p >= 0:
            start = p
    for region in (text[start : start + 3000], text):
        for m in _SOURCE.finditer(region):
            rest = region[m.end() : m.end() + 60]
            val = re.split(r"[\s|｜]", rest, maxsplit=1)[0].strip(" ,，;；")
            if not val or _SOURCE_STOP.match(val) or find_dates(val):
                continue
            return val[:40]
    return None


def body_node(tree: LexborHTMLParser, min_chars: int = 80, outside_chrome: bool = False) -> LexborNode | None:
    """The element holding the article body: the parent with the most paragraph text, else a content div.

    outside_chrome: paragraphs in a footer, header or menu are not counted (a short list page's footer
    has more paragraph text than its list)."""
    totals: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    chrome: dict[int, int] = {}
    for p in tree.tags("p"):
        parent = p.parent
        if parent is None or (outside_chrome and in_chrome(parent, chrome) == 2):
            continue
        n = len(p.text(deep=True, separator=""))
        if n == 0:
            continue
        pid = parent.mem_id
        totals[pid] = totals.get(pid, 0) + n
        nodes[pid] = parent
    if totals:
        pid = max(totals, key=lambda k: totals[k])
        if totals[pid] >= min_chars:
            return nodes[pid]
    for node in _first_containers(tree):
        if node is not None and len(node.text(deep=True, separator="")) >= min_chars:
            if outside_chrome and in_chrome(node, chrome) == 2:
                continue
            return node
    return None


# Elements named as an article's container, most trusted first, each with the test of its selector on the
# element's class and id. Class and id names are compared without case, as the parser does in quirks mode,
# which most government pages are in.
_CONTAINERS: tuple[tuple[str, Callable[[str, str], bool]], ...] = (
    (".TRS_Editor", lambda cls, ident: "trs_editor" in cls.lower().split()),
    ("#zoom", lambda cls, ident: ident.lower() == "zoom"),
    ("[class*=content]", lambda cls, ident: "content" in cls),
    ("[id*=content]", lambda cls, ident: "content" in ident),
    ("[class*=article]", lambda cls, ident: "article" in cls),
    ("[class*=detail]", lambda cls, ident: "detail" in cls),
)
_CONTAINER_QUERY: Final = ", ".join(sel for sel, _ in _CONTAINERS)


def _first_containers(tree: LexborHTMLParser) -> list[LexborNode | None]:
    """The first element of each `_CONTAINERS` kind, in its order (None where the page has none), found in
    one walk of the page (the page is walked once per selector otherwise)."""
    first: list[LexborNode | None] = [None] * len(_CONTAINERS)
    for node in tree.css(_CONTAINER_QUERY):
        attrs = node.attributes
        cls, ident = attrs.get("class") or "", attrs.get("id") or ""
        for i, (_, test) in enumerate(_CONTAINERS):
            if first[i] is None and test(cls, ident):
                first[i] = node
        if None not in first:
            break
    return first


def extract_article(
    tree: LexborHTMLParser,
    text: str,
    meta: dict[str, str],
    html_title: str | None,
    base: str,
    page_url: str,
    anchors: list[Anchor] | None = None,
) -> ArticleFacts:
    """Read an article page (tree has scripts/styles removed)."""
    art = ArticleFacts()
    art.title = choose_title(tree, meta, html_title, text)
    art.meta_pub_date = parse_date(usable(meta.get("PubDate")))
    body = body_node(tree)
    body_text = clean_text(body.text(deep=True, separator=" ")) if body is not None else ""
    body_start = text.find(body_text[:40]) if len(body_text) >= 40 else -1
    anchor_title = art.title
    if anchor_title and text.find(anchor_title[:14]) < 0:
        # The tag's title differs from the printed one (extra spaces, quotes …): anchor on a printed heading.
        anchor_title = next((c for c in _title_candidates(tree) if text.find(c[:14]) >= 0), anchor_title)
    pub, how = visible_date(text, anchor_title, body_start)
    if pub is None and art.meta_pub_date:
        pub, how = art.meta_pub_date, "meta"
    if pub is None:
        pub = date_from_url(page_url) or date_from_url(meta.get("Url"))
        how = "url" if pub else None
    art.pub_date, art.pub_date_source = pub, how
    art.source = visible_source(text, art.title) or usable(meta.get("ContentSource"))
    if art.source is None:
        m = re.search(r"发布机构\s*[：:]?\s*([^\s|｜]{2,30})", text)
        if m and not re.match(r"(?:文件编号|备注|索取号)", m.group(1)):
            art.source = m.group(1)
    art.document_number = document_number(text[:20000])

    if body is not None:
        art.body_text = body_text
        for img in body.css("img[src]"):
            u = resolve(base, img.attributes.get("src"))
            if u and u not in art.images:
                art.images.append(u)
    for anchor in anchors if anchors is not None else anchors_of(tree):
        href = anchor.href
        if not href:
            continue
        u = resolve(base, href)
        if not u:
            continue
        if is_attachment(u):
            if u not in art.attachments:
                art.attachments.append(u)
            continue
        if len(anchor.raw_text) > 200 or (
            "解读" not in anchor.raw_text
            and "原文" not in anchor.raw_text
            and "相关文件" not in anchor.raw_text
            and "图解" not in anchor.raw_text
        ):
            continue
        label = anchor_text(anchor.node)
        if (
            len(label) >= 4
            and _INTERP.search(label)
            and label not in ("政策解读", "图解政策")
            and u not in art.interpretation_links
        ):
            art.interpretation_links.append(u)
    return art
