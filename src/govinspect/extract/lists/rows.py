"""List rows in the page tree: repeated elements holding one title link and usually a date, and the best group of them."""

import re
from collections import Counter
from dataclasses import dataclass
from sys import intern

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.dates import (
    FULL_DATE,
    iso_of_match,
    short_date,
)
from govinspect.extract.links import (
    Anchor,
    anchors_of,
    clean_text,
    first_class,
    resolve,
)

ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p", "td"})
_TRUNCATED = ("...", "…", "..", "。。。")
_NAV_WORDS = frozenset(
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
_SHORT_SHOWN = re.compile(r"[\[【(（]?\s*[01]?\d\s*[-/月.]\s*[0-3]?\d\s*日?\s*[\]】)）]?")
_HAS_DIGIT = re.compile(r"\d").search
_DATEISH = re.compile(r"\d\s*[-/.年月－]\s*\d").search


@dataclass(slots=True)
class Row:
    """One candidate list row: the title link and what the row says about its date."""

    signature: str
    title: str
    href: str | None
    date: str | None
    dated: bool
    shape: str = ""  # the row's element children ("a|span.date"); "" when not read
    empty_slot: bool = False  # a non-link child with no text: a date field left blank


def _title_of(a_text: str, title_attr_raw: str | None, printed_date: str | None) -> str:
    text = a_text.replace(printed_date, "") if printed_date else a_text
    if _HAS_DIGIT(text) is not None and FULL_DATE.search(text):
        text = FULL_DATE.sub("", text)
    text = text.strip(" []【】()（）·-—|")
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
    return _tag_class(node) + "/" + up


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


def _row_date(text: str, href: str | None, year_hint: int | None) -> tuple[str | None, str | None]:
    """A row's date (ISO) and the text it was printed as (None when not printed, e.g. read off the URL)."""
    if _DATEISH(text) is None:  # no "digits, separator, digit" anywhere: cannot hold any date form
        return None, None
    pos = 0
    while True:
        m = FULL_DATE.search(text, pos)
        if m is None:
            break
        pos = m.start() + 1
        if m.start() and text[m.start() - 1] in "0123456789.":
            continue
        iso = iso_of_match(m, with_time=False)
        if iso is not None:
            return iso, intern(m.group(0))
    sd = short_date(text, href, year_hint)
    if sd is not None:
        shown = _SHORT_SHOWN.search(text)
        return sd, intern(shown.group(0)) if shown else None
    return None, None


def _printed_date(
    row_text: str, a_text: str, href: str | None, year_hint: int | None
) -> tuple[str | None, str | None]:
    """A row's date: the one printed beside the link wins over one inside the title ("2024年1-2月…统计表")."""
    if _HAS_DIGIT(row_text) is None:  # most rows of menus and link boxes: no digit, so no date anywhere
        return None, None
    outside = row_text.replace(a_text, " ") if a_text else row_text
    date, printed = _row_date(outside, href, year_hint)
    if date is None and outside is not row_text:
        date, printed = _row_date(a_text, href, year_hint)
    return date, printed


def _shape(row: LexborNode) -> tuple[str, bool]:
    """The row's element children as "a|span.date", and whether a non-link child is empty."""
    parts: list[str] = []
    empty = False
    for child in row.iter(include_text=False):
        tag = child.tag
        if tag in ("-comment", "script", "style"):
            continue
        parts.append(_tag_class(child))
        if tag != "a" and not (child.text(deep=True) or "").strip() and child.css_first("a, img") is None:
            empty = True
    return "|".join(parts), empty


def _next_element(node: LexborNode) -> LexborNode | None:
    nxt = node.next
    while nxt is not None and nxt.tag == "-text" and not (nxt.text_content or "").strip():
        nxt = nxt.next
    return nxt if nxt is not None and nxt.tag not in ("-text", "-comment") else None


def rows_from_tree(
    tree: LexborHTMLParser | LexborNode,
    base: str,
    year_hint: int | None,
    anchors: list[Anchor] | None = None,
    keep_undated: bool = True,
    grouped: bool = True,
) -> list[Row]:
    """Candidate list rows of a parsed tree, in document order (one per row element, its longest link).

    keep_undated=False leaves out undated rows whose signature no dated row shares (menus, link boxes):
    `best_group` ignores such groups and they date nothing, so their titles and URLs need not be read.
    grouped=False: the caller takes the rows as they are (JCMS records), so no signature is computed ("").
    """
    # row id → (its longest link, the link's size); a dict keeps document order. A page of 100,000 rows
    # holds no row node between the passes (each is found again from its link), only what each pass needs.
    longest: dict[int, tuple[Anchor, int]] = {}
    for anchor in anchors if anchors is not None else anchors_of(tree):
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
            longest[rid] = (anchor, size)
    # First the date and signature of every row, then title and URL of the rows that can matter.
    read: list[tuple[Anchor, str | None, str | None, str]] = []  # (link, date, date as printed, signature)
    sig_cache: dict[int, str] = {}
    while longest:  # taken last first, each entry freed once read: `read` ends in reverse document order
        anchor, _ = longest.popitem()[1]
        href_raw = anchor.href or ""
        row = _row_of(anchor.node)
        assert row is not None  # found the same way as above
        raw = row.text(deep=True, separator=" ")
        if len(raw) > 2000:
            continue
        row_text = clean_text(raw)
        if len(row_text) > 400:
            continue
        date, printed = _printed_date(row_text, anchor.text, href_raw, year_hint)
        if date is None and row.tag in ("dt", "dd", "p", "h3", "h4", "div"):
            # <dl><dt><a>title</a></dt><dd>2023-06-20</dd></dl>: the date is the next sibling.
            sib = _next_element(row)
            if sib is not None:
                sib_text = sib.text(deep=True, separator=" ")
                if len(sib_text) <= 40:
                    date, _ = _row_date(clean_text(sib_text), href_raw, year_hint)
        sig = intern(_signature(row, sig_cache)) if grouped else ""
        read.append((anchor, intern(date) if date else None, printed, sig))
    live = None if keep_undated else {sig for _, date, _, sig in read if date is not None}
    rows: list[Row] = []
    while read:  # popped in document order: what a row was read from is freed once its Row is made
        anchor, date, printed, sig = read.pop()
        if live is not None and date is None and sig not in live:
            continue
        href_raw = anchor.href or ""
        title = _title_of(anchor.text, anchor.title, printed)
        if len(title) < 4 or title in _NAV_WORDS:
            continue
        href = resolve(base, href_raw)
        if href is None and not href_raw.startswith("javascript"):
            continue
        row = _row_of(anchor.node)
        assert row is not None
        shape, empty = _shape(row) if grouped else ("", False)
        rows.append(Row(sig, title, href, date, date is not None, intern(shape), empty))
    return rows


def _column_dir(page_url: str | None) -> str | None:
    """The directory of a column page ('http://a.gov.cn/zwgk/tzgg/'), None for a site root."""
    if not page_url:
        return None
    head, _, _ = page_url.split("?", 1)[0].rpartition("/")
    if head.count("/") < 3:  # http://host only
        return None
    return head + "/"


def best_group(rows: list[Row], page_url: str | None = None) -> list[Row]:
    """The largest structurally uniform group of dated rows (the list proper).

    Items of a column usually live under the column's directory; a group whose links do gets a bonus,
    so a sidebar of "热点" news does not outvote a slightly shorter main list.
    """
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.signature, []).append(r)
    col_dir = _column_dir(page_url)
    best: list[Row] = []
    best_score = 0.0
    for grp in groups.values():
        dated = sum(1 for r in grp if r.dated)
        if dated == 0:
            continue
        # Mostly-dated groups win; long undated link lists (menus) do not.
        score = dated + 0.01 * len(grp) + (0.5 if dated * 2 >= len(grp) else -dated * 0.5)
        if col_dir:
            inside = sum(1 for r in grp if r.dated and r.href and r.href.startswith(col_dir))
            score += 0.6 * inside
        if score > best_score:
            best, best_score = grp, score
    if not best:
        return []
    dated_share = sum(1 for r in best if r.dated) / len(best)
    if dated_share < 0.9:
        # Undated rows sharing the list's markup are sibling-column links or spacers, not items —
        # unless they are built like the dated rows and the field that holds the date is left blank.
        shapes = Counter(r.shape for r in best if r.dated)
        shape = shapes.most_common(1)[0][0] if shapes else ""
        return [r for r in best if r.dated or (shape and r.empty_slot and r.shape == shape)]
    return best
