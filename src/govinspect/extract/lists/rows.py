"""List rows in the page tree: repeated elements holding one title link and usually a date, with the block,
heading and page chrome each sits in (`choose.py` picks the column's list among them)."""

import re
from sys import intern
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.chrome import in_chrome
from govinspect.extract.dates import (
    FULL_DATE,
    printed_iso,
    short_date,
)
from govinspect.extract.links import (
    Anchor,
    anchors_of,
    clean_text,
    first_class,
    resolve,
)

ROW_TAGS: Final = frozenset({"li", "tr", "dd", "dt", "p", "td"})
_TRUNCATED: Final = ("...", "…", "..", "。。。")
_NAV_WORDS: Final = frozenset(
    {
        "首页",
        "上一页",
        "下一页",
        "尾页",
        "末页",
        "更多",
        "更多>>",
        "more",
        "MORE",
        "返回",
        "详细",
        "查看",
        "详情",
    }
)
_SHORT_SHOWN: Final = re.compile(r"[\[【(（]?\s*[01]?\d\s*[-/月.]\s*[0-3]?\d\s*日?\s*[\]】)）]?")
_HAS_DIGIT: Final = re.compile(r"\d").search
_OPENING: Final = ("（", "(", "【", "[")
_CLOSING: Final = ("）", ")", "】", "]")
# template text left unfilled: {{title}}, ${x} …
_PLACEHOLDER: Final = re.compile(r"\{\{|\$\{|<%|\{\$|\[\[").search
_HEADING_MAX: Final = 30
_DATEISH: Final = re.compile(r"\d\s*[-/.年月－]\s*\d").search


class Row:
    """One candidate list row: the title link and what the row says about its date.

    A plain class: compiled (ADR 0026), its __init__ is native; a dataclass's is generated Python."""

    __slots__ = ("box", "chrome", "date", "dated", "href", "node", "outer", "signature", "title", "yearless")

    def __init__(
        self,
        signature: str,
        title: str,
        href: str | None,
        date: str | None,
        dated: bool,
        node: LexborNode | None = None,
        box: int = 0,
        outer: int = 0,
        chrome: int = 0,
        yearless: bool = False,
    ) -> None:
        self.signature = signature
        self.title = title
        self.href = href
        self.date = date
        self.dated = dated
        self.node = node  # the row element, whose shape `row_shape` reads when a choice needs it
        self.box = box  # the element holding the row (ul, tbody …): rows of one list block share it
        self.outer = outer  # the box's parent
        # inside page chrome: 2 navigation, header, marquee, footer; 1 side column (or before the crumb)
        self.chrome = chrome
        self.yearless = yearless  # printed as month-day only (its year from the link or the page)


def _title_of(a_text: str, title_attr_raw: str | None, printed_date: str | None) -> str:
    text = a_text.replace(printed_date, "") if printed_date else a_text
    if _HAS_DIGIT(text) is not None and FULL_DATE.search(text):
        text = FULL_DATE.sub("", text)
    core = text.strip(" []【】()（）·-—|")
    if core:
        after = text[text.find(core) + len(core) :]
        # "会议通知（二）" keeps the closing bracket of one its title opened
        if after[:1] in _CLOSING and sum(map(core.count, _OPENING)) > sum(map(core.count, _CLOSING)):
            core += after[0]
    text = core
    title_attr = clean_text(title_attr_raw or "")
    truncated = (
        not text or text.endswith(_TRUNCATED) or (len(title_attr) > len(text) and text[:4] in title_attr)
    )
    if title_attr and title_attr not in _NAV_WORDS and truncated:
        return title_attr
    return text


def _tag_class(node: LexborNode) -> str:
    return f"{node.tag}.{first_class(node)}"


def _signature(node: LexborNode, cache: dict[int, str] | None = None) -> str:
    """Row tag and class with its parent's and grandparent's: rows of one list share it."""
    parent = node.parent
    if parent is None:
        return _tag_class(node)
    pid = parent.mem_id
    up = cache.get(pid) if cache is not None else None
    if up is None:
        grand = parent.parent
        up = _tag_class(parent) + ("/" + _tag_class(grand) if grand is not None else "")
        if cache is not None:
            cache[pid] = up
    return f"{_tag_class(node)}/{up}"


def _row_of(a: LexborNode) -> LexborNode | None:
    cur = a.parent
    depth = 0
    while cur is not None and depth < 5:
        tag = cur.tag
        if tag in ROW_TAGS:
            if tag == "td":
                # A title cell: the row is the enclosing <tr> (date lives in a sibling cell).
                parent = cur.parent
                if parent is not None and parent.tag == "tr":
                    return parent
                return cur
            return cur
        if tag in ("body", "html", "ul", "ol", "table", "tbody"):
            break
        cur = cur.parent
        depth += 1
    parent = a.parent
    if parent is not None and parent.tag not in ("body", "html"):
        return parent
    return None


# A row's date (ISO), the text it was printed as (None when not printed) and whether it was printed
# without its year (month-day only: its year is read off the link or the page).
_RowDate = tuple[str | None, str | None, bool]
_NO_DATE: _RowDate = (None, None, False)


def _row_date(text: str, href: str | None, year_hint: int | None) -> _RowDate:
    """A row's date as `_RowDate`: a full date printed in text, else a month-day one."""
    pos = 0
    while True:
        m = FULL_DATE.search(text, pos)
        if m is None:
            break
        start = m.start()
        pos = start + 1
        if start and text[start - 1] in "0123456789.":
            continue
        iso, shown = printed_iso(m, with_time=False)
        if iso is not None:
            return iso, shown, False
    if _DATEISH(text) is None:  # no "digits, separator, digit" anywhere: no month-day date either
        return _NO_DATE
    sd = short_date(text, href, year_hint)
    if sd is not None:
        shown_short = _SHORT_SHOWN.search(text)  # a month and a day: too few digits to hold a full date
        return sd, intern(shown_short.group(0)) if shown_short else None, True
    return _NO_DATE


def _printed_date(row_text: str, a_text: str, href: str | None, year_hint: int | None) -> _RowDate:
    """A row's date: the one printed beside the link wins over one inside the title ("2024年1-2月…统计表")."""
    if _HAS_DIGIT(row_text) is None:  # most rows of menus and link boxes: no digit, so no date anywhere
        return _NO_DATE
    outside = row_text.replace(a_text, " ") if a_text else row_text
    found = _row_date(outside, href, year_hint)
    if found[0] is None and outside is not row_text:
        found = _row_date(a_text, href, year_hint)
    return found


def _shape(row: LexborNode) -> tuple[str, bool]:
    """The row's element children as "a|span.date", and whether a non-link child is empty."""
    parts: list[str] = []
    empty = False
    for child in row.iter(include_text=False):
        tag = child.tag
        if tag in ("-comment", "script", "style"):
            continue
        parts.append(_tag_class(child))
        if tag != "a" and not empty and not (child.text(deep=True) or "").strip() and not _holds_link(child):
            empty = True
    return "|".join(parts), empty


def _holds_link(node: LexborNode) -> bool:
    """Whether node is or holds an <a> or <img> (a leaf is told by its tag, with no selector to compile)."""
    if node.child is None:
        return node.tag in ("a", "img")
    return node.css_first("a, img") is not None


def row_shape(row: Row) -> tuple[str, bool]:
    """The row's element children as "a|span.date", and whether a non-link child is empty (a date field
    left blank); ("", False) for a row read without its element (JCMS records)."""
    return _shape(row.node) if row.node is not None else ("", False)


def _next_element(node: LexborNode) -> LexborNode | None:
    nxt = node.next
    while nxt is not None and nxt.tag == "-text" and not (nxt.text_content or "").strip():
        nxt = nxt.next
    return nxt if nxt is not None and nxt.tag not in ("-text", "-comment") else None


def row_heading(row: Row) -> str:
    """The short text heading the row's block ("通知公告 更多"), "" when none: read only for the blocks a
    choice weighs (most rows sit in blocks that hold no date)."""
    box = row.node.parent if row.node is not None else None
    return _heading_of(box) if box is not None else ""


def _heading_of(box: LexborNode) -> str:
    """The short text heading a list block: the nearest preceding element of the block or its parents."""
    cur: LexborNode | None = box
    for _ in range(3):
        if cur is None or cur.tag in ("body", "html"):
            return ""
        sib = cur.prev
        seen = 0
        while sib is not None and seen < 2:
            if sib.tag not in ("-text", "-comment", "script", "style"):
                seen += 1
                text = clean_text(sib.text(deep=True, separator=" "))
                if 2 <= len(text) <= _HEADING_MAX and _DATEISH(text) is None:
                    return text
            sib = sib.prev
        cur = cur.parent
    return ""


def rows_from_tree(
    tree: LexborHTMLParser | LexborNode,
    base: str,
    year_hint: int | None,
    anchors: list[Anchor] | None = None,
    keep_undated: bool = True,
    grouped: bool = True,
    after: LexborNode | None = None,
    scrolled: frozenset[str] = frozenset(),
) -> list[Row]:
    """Candidate list rows of a parsed tree, in document order (one per row element, its longest link).

    keep_undated=False leaves out undated rows whose signature no dated row shares (menus, link boxes):
    `best_group` ignores such groups and they date nothing, so their titles and URLs need not be read.
    grouped=False: the caller takes the rows as they are (JCMS records), so no signature is computed ("").
    after: the breadcrumb of a column page: rows before it are taken as a side column or header (chrome 1).
    scrolled: ids and classes of the boxes scrolling scripts move (`scrolled_boxes`): chrome 2.
    """
    # row id → (its longest link, the link's size, the row); a dict keeps document order. Each row is found
    # once from its links (an ancestor walk) and held for the later passes: one node per row beside the
    # anchors' own.
    longest: dict[int, tuple[Anchor, int, LexborNode]] = {}
    mark = after.css_first("a") if after is not None else None
    mark_id = mark.mem_id if mark is not None else None
    before: set[int] = set()  # rows met before the breadcrumb
    for anchor in anchors if anchors is not None else anchors_of(tree):
        if mark_id is not None and anchor.node.mem_id == mark_id:
            mark_id = None
            before = set(longest)
        href_raw = anchor.href
        if not href_raw:
            continue
        size = len(anchor.raw_text.strip())
        if size < 4 and not anchor.title:
            continue
        row = _row_of(anchor.node)
        if row is None:
            continue
        rid = row.mem_id
        known = longest.get(rid)
        if known is None or size > known[1]:
            # Category link + title link in one row: the title is the longer one.
            longest[rid] = (anchor, size, row)
    # First the date and signature of every row, then title and URL of the rows that can matter.
    # (link, row, date, date as printed, signature, printed without a year)
    read: list[tuple[Anchor, LexborNode, str | None, str | None, str, bool]] = []
    sig_cache: dict[int, str] = {}
    while longest:  # taken last first, each entry freed once read: `read` ends in reverse document order
        anchor, _, row = longest.popitem()[1]
        href_raw = anchor.href or ""
        raw = row.text(deep=True, separator=" ")
        if len(raw) > 2000:
            continue
        row_text = clean_text(raw)
        if len(row_text) > 400:
            continue
        date, printed, yearless = _printed_date(row_text, anchor.text, href_raw, year_hint)
        if date is None and row.tag in ("dt", "dd", "p", "h3", "h4", "div"):
            # <dl><dt><a>title</a></dt><dd>2023-06-20</dd></dl>: the date is the next sibling.
            sib = _next_element(row)
            if sib is not None:
                sib_text = sib.text(deep=True, separator=" ")
                if len(sib_text) <= 40:
                    date, _, yearless = _row_date(clean_text(sib_text), href_raw, year_hint)
        sig = intern(_signature(row, sig_cache)) if grouped else ""
        read.append((anchor, row, intern(date) if date else None, printed, sig, yearless))
    live = None if keep_undated else {sig for _, _, date, _, sig, _ in read if date is not None}
    rows: list[Row] = []
    chrome_cache: dict[int, int] = {}
    while read:  # popped in document order: what a row was read from is freed once its Row is made
        anchor, row, date, printed, sig, yearless = read.pop()
        if live is not None and date is None and sig not in live:
            continue
        href_raw = anchor.href or ""
        title = _title_of(anchor.text, anchor.title, printed)
        if len(title) < 4 or title in _NAV_WORDS or _PLACEHOLDER(title) is not None:
            continue
        href = resolve(base, href_raw)
        if href is None and not href_raw.startswith("javascript"):
            continue
        if not grouped:
            rows.append(Row(sig, title, href, date, date is not None))
            continue
        box = row.parent
        box_id = box.mem_id if box is not None else 0
        outer = box.parent if box is not None else None
        rows.append(
            Row(
                sig,
                title,
                href,
                date,
                date is not None,
                row,
                box_id,
                outer.mem_id if outer is not None else 0,
                max(
                    chrome_cache.get(box_id) or in_chrome(box, chrome_cache, scrolled),
                    1 if before and row.mem_id in before else 0,
                ),
                yearless,
            )
        )
    return rows
