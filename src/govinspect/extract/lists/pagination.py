"""Pagination links, stated totals (共N条) and page counts of a list page."""

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.links import (
    Anchor,
    anchors_of,
    find_by_char,
    resolve,
    search_from_first,
)

# Each pattern starts with one of the literals beside it, where `search_from_first` begins its scan (an
# alternation, even one of literals, is otherwise tried at every position of the page text).
_TOTALS: Final = (
    (
        re.compile(r"(?:共\s*有?|总共|合计|总计)\s*[:：]?\s*(\d{1,7})\s*(?:条|篇|个|项)"),
        ("共", "总共", "合计", "总计"),
    ),
    (
        re.compile(r"(?:记录数|总记录|总条数|信息总数)\s*[:：]?\s*(\d{1,7})"),
        ("记录数", "总记录", "总条数", "信息总数"),
    ),
)
_TOTAL_RECORDS: Final = re.compile(r"(\d{1,7})\s*条记录")
_PAGES: Final = re.compile(
    r"共\s*计?\s*[:：]?\s*(\d{1,5})\s*页|页次\s*[:：]?\s*\d+\s*/\s*(\d{1,5})|第\s*\d+\s*/\s*(\d{1,5})\s*页"
)
_PAGES_STARTS: Final = ("共", "页次", "第")
_JS_TOTAL: Final = re.compile(
    r"(?:recordCount|totalRecord|totalCount|totalrecord|total_count)\s*[\"']?\s*[:=]\s*[\"']?(\d{1,7})"
)
_TRS_CREATEPAGE: Final = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d{1,5})\s*,\s*(\d{1,5})\s*,\s*['\"]([\w\-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT_PAGE: Final = re.compile(r"countPage\s*=\s*(\d{1,5})")
_PAGER_TEXT: Final = frozenset(
    {"下一页", "下页", "尾页", "末页", "后一页", ">", ">>", "»", "next", "Next", "下一頁"}
)
_PAGER_CLASS: Final = re.compile(r"page|fenye|pager|pagination|pg", re.I)
MAX_PAGINATION: Final = 50


def _in_pager(a: LexborNode) -> bool:
    """A link whose parent or one of the two elements above is a pager (class or id page, fenye, pager …)."""
    cur = a.parent
    for _ in range(3):
        if cur is None:
            return False
        if _PAGER_CLASS.search((cur.attributes.get("class") or "") + " " + (cur.attributes.get("id") or "")):
            return True
        cur = cur.parent
    return False


def pagination(
    tree: LexborHTMLParser, base: str, code: str, page_url: str, anchors: list[Anchor] | None = None
) -> tuple[list[str], int | None]:
    """URLs of further pages of this list and the page count when stated (code: the page's inline scripts,
    where TRS createPageHTML and countPage are written)."""
    urls: list[str] = []
    seen = {page_url.split("#")[0]}
    page_count: int | None = None
    for anchor in anchors if anchors is not None else anchors_of(tree):
        text = anchor.text  # "下一页", "尾页" … anywhere; a page number only inside a pager
        if not (text in _PAGER_TEXT or text.isdigit()) or len(anchor.raw_text) > 40:
            continue
        if text not in _PAGER_TEXT and not _in_pager(anchor.node):
            continue
        u = resolve(base, anchor.href)
        if u and u not in seen:
            seen.add(u)
            urls.append(u)
    m = _TRS_CREATEPAGE.search(code) if find_by_char(code, "createPageHTML", 6) >= 0 else None
    if m:
        total, current, prefix, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        page_count = total
        # TRS: page 1 is prefix.ext, page n+1 is prefix_n.ext; some sites count current from 1.
        for n in range(1, min(total, MAX_PAGINATION + 1)):
            u = resolve(base, f"{prefix}_{n}.{ext}")
            if u and u not in seen and n != current:
                seen.add(u)
                urls.append(u)
    elif find_by_char(code, "countPage", 5) >= 0:
        m2 = _COUNT_PAGE.search(code)
        if m2:
            page_count = int(m2.group(1))
    return urls[:MAX_PAGINATION], page_count


# Script variables holding the record count, in order of preference.
_JS_TOTAL_KEYS: Final = ("recordCount", "totalRecord", "totalCount", "totalrecord", "total_count")


def _script_total(code: str) -> int | None:
    """The record count a script states (recordCount = 123): the first key, in order of preference, whose
    first occurrence is followed by a number.

    The "total…" keys are searched from where "total" first occurs, and not at all when it does not;
    "recordCount" through its C, rare in scripts (`find_by_char`)."""
    first_total = code.find("total")
    for key in _JS_TOTAL_KEYS:
        if key == "recordCount":
            pos = find_by_char(code, key, 6)
        elif first_total >= 0:
            pos = code.find(key, first_total)
        else:
            continue
        if pos >= 0:
            m = _JS_TOTAL.match(code, pos)
            if m:
                return int(m.group(1))
    return None


def stated_total(text: str, code: str) -> tuple[int | None, int | None]:
    """("共 N 条" total, "共 N 页" page count) as the page's text states them, the total else as its inline
    scripts (code) do."""
    total: int | None = None
    pages: int | None = None
    for rx, starts in _TOTALS:
        m = search_from_first(rx, text, starts)
        if m:
            total = int(m.group(1))
            break
    if total is None:
        i = find_by_char(text, "条记录")
        if i >= 0:
            m = _TOTAL_RECORDS.search(text, max(0, i - 12), i + 3)
            if m:
                total = int(m.group(1))
    if total is None:
        total = _script_total(code)
    mp = search_from_first(_PAGES, text, _PAGES_STARTS) if "页" in text else None
    if mp:
        pages = int(next(g for g in mp.groups() if g))
    return total, pages
