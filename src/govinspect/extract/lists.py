"""List (column) pages: items with dates, newest date, pagination, total count, blank vs unreadable.

Items are found as repeated "rows" (li/tr/dd/p/div) holding one title link and usually a date; the
structurally largest group of dated rows is the list. JCMS <datastore> CDATA records, lists hidden in HTML
comments and JSON inside scripts are read too. `parse_json_list` reads a list served by a JSON endpoint.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.dates import (
    FULL_DATE,
    day_of,
    iso_of_match,
    parse_date,
    short_date,
    year_from_url,
    year_in_heading,
)
from govinspect.extract.facts import ListFacts, ListItem
from govinspect.extract.links import (
    Anchor,
    anchors_of,
    clean_text,
    comment_spans,
    data_url_of,
    first_class,
    resolve,
    search_from_first,
)

ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p", "td"})
BLANK_MARKERS: tuple[str, ...] = (
    "暂无信息",
    "暂无内容",
    "暂无数据",
    "暂无记录",
    "暂无相关信息",
    "暂无相关内容",
    "没有找到相关信息",
    "没有相关信息",
    "没有找到相关内容",
    "没有符合条件",
    "无相关信息",
    "暂无文章",
    "暂无新闻",
    "暂无公告",
    "信息正在更新",
    "栏目建设中",
    "正在建设中",
)
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
_SCRIPT_LIST_SIGNS: tuple[str, ...] = (
    "dataproxy.jsp",
    "$.ajax",
    "$.get(",
    "$.getjson",
    "$.post(",
    "axios",
    "fetch(",
    "xmlhttprequest",
    "ms-repeat",
    "v-for=",
    "template(",
    "laypage",
    "layui.",
    "pagechnlinfo",
    "getlist",
    "loadlist",
    "querylist",
    "trsapi",
)
_RECORD_TAG = re.compile(r"<record", re.I)
_RECORD_OPEN = re.compile(r"<record[^>]*>\s*", re.I)
_CDATA_OPEN = re.compile(r"<!\[CDATA\[", re.I)
_RECORD_CLOSE = re.compile(r"\s*</record>", re.I)
_RECORD_END = re.compile(r"</record>", re.I)
# Each pattern starts with one of the literals beside it, where `search_from_first` begins its scan (an
# alternation, even one of literals, is otherwise tried at every position of the page text).
_TOTALS = (
    (
        re.compile(r"(?:共\s*有?|总共|合计|总计)\s*[:：]?\s*(\d{1,7})\s*(?:条|篇|个|项)"),
        ("共", "总共", "合计", "总计"),
    ),
    (
        re.compile(r"(?:记录数|总记录|总条数|信息总数)\s*[:：]?\s*(\d{1,7})"),
        ("记录数", "总记录", "总条数", "信息总数"),
    ),
)
_TOTAL_RECORDS = re.compile(r"(\d{1,7})\s*条记录")
_PAGES = re.compile(
    r"共\s*计?\s*[:：]?\s*(\d{1,5})\s*页|页次\s*[:：]?\s*\d+\s*/\s*(\d{1,5})|第\s*\d+\s*/\s*(\d{1,5})\s*页"
)
_PAGES_STARTS = ("共", "页次", "第")
_JS_TOTAL = re.compile(
    r"(?:recordCount|totalRecord|totalCount|totalrecord|total_count)\s*[\"']?\s*[:=]\s*[\"']?(\d{1,7})"
)
_TRS_CREATEPAGE = re.compile(
    r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\d{1,5})\s*,\s*(\d{1,5})\s*,\s*['\"]([\w\-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT_PAGE = re.compile(r"countPage\s*=\s*(\d{1,5})")
_PAGER_TEXT = frozenset(
    {"下一页", "下页", "尾页", "末页", "后一页", ">", ">>", "»", "next", "Next", "下一頁"}
)
_PAGER_CLASS = re.compile(r"page|fenye|pager|pagination|pg", re.I)
MAX_PAGINATION = 50
_SHORT_SHOWN = re.compile(r"[\[【(（]?\s*[01]?\d\s*[-/月.]\s*[0-3]?\d\s*日?\s*[\]】)）]?")
_HAS_DIGIT = re.compile(r"\d").search
_DATEISH = re.compile(r"\d\s*[-/.年月－]\s*\d").search


@dataclass(slots=True)
class Row:
    """One candidate list row: the title link and what the row says about its date."""

    node_id: int
    signature: str
    title: str
    href: str | None
    date: str | None
    dated: bool


def _title_of(a_text: str, title_attr_raw: str | None, row_text_dates: Iterable[str]) -> str:
    text = a_text
    for d in row_text_dates:
        text = text.replace(d, "")
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


def _row_date(text: str, href: str | None, year_hint: int | None) -> tuple[str | None, list[str]]:
    if _DATEISH(text) is None:  # no "digits, separator, digit" anywhere: cannot hold any date form
        return None, []
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
            return iso, [m.group(0)]
    sd = short_date(text, href, year_hint)
    if sd is not None:
        shown = _SHORT_SHOWN.search(text)
        return sd, [shown.group(0)] if shown else []
    return None, []


def _printed_date(
    row_text: str, a_text: str, href: str | None, year_hint: int | None
) -> tuple[str | None, list[str]]:
    """A row's date: the one printed beside the link wins over one inside the title ("2024年1-2月…统计表")."""
    if _HAS_DIGIT(row_text) is None:  # most rows of menus and link boxes: no digit, so no date anywhere
        return None, []
    outside = row_text.replace(a_text, " ") if a_text else row_text
    date, raw_dates = _row_date(outside, href, year_hint)
    if date is None and outside is not row_text:
        date, raw_dates = _row_date(a_text, href, year_hint)
    return date, raw_dates


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
    # row id → (row, its longest link, the link's size and href); a dict keeps document order.
    longest: dict[int, tuple[LexborNode, Anchor, int, str]] = {}
    for anchor in anchors if anchors is not None else anchors_of(tree):
        attrs = anchor.attrs
        href_raw = attrs.get("href")
        if not href_raw:
            continue
        size = len(anchor.raw_text.strip())
        if size < 4 and not attrs.get("title"):
            continue
        row = _row_of(anchor.node)
        if row is None:
            continue
        rid = row.mem_id
        known = longest.get(rid)
        if known is None or size > known[2]:
            # Category link + title link in one row: the title is the longer one.
            longest[rid] = (row, anchor, size, href_raw)
    # First the date and signature of every row, then title and URL of the rows that can matter.
    read: list[tuple[int, Anchor, str, str | None, list[str], str]] = []
    sig_cache: dict[int, str] = {}
    for rid, (row, anchor, _, href_raw) in longest.items():
        raw = row.text(deep=True, separator=" ")
        if len(raw) > 2000:
            continue
        row_text = clean_text(raw)
        if len(row_text) > 400:
            continue
        date, raw_dates = _printed_date(row_text, anchor.text, href_raw, year_hint)
        if date is None and row.tag in ("dt", "dd", "p", "h3", "h4", "div"):
            # <dl><dt><a>title</a></dt><dd>2023-06-20</dd></dl>: the date is the next sibling.
            sib = _next_element(row)
            if sib is not None:
                sib_text = sib.text(deep=True, separator=" ")
                if len(sib_text) <= 40:
                    date, _ = _row_date(clean_text(sib_text), href_raw, year_hint)
        sig = _signature(row, sig_cache) if grouped else ""
        read.append((rid, anchor, href_raw, date, raw_dates, sig))
    live = None if keep_undated else {sig for _, _, _, date, _, sig in read if date is not None}
    rows: list[Row] = []
    for rid, anchor, href_raw, date, raw_dates, sig in read:
        if live is not None and date is None and sig not in live:
            continue
        title = _title_of(anchor.text, anchor.attrs.get("title"), raw_dates)
        if len(title) < 4 or title in _NAV_WORDS:
            continue
        href = resolve(base, href_raw)
        if href is None and not href_raw.startswith("javascript"):
            continue
        rows.append(Row(rid, sig, title, href, date, date is not None))
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
        # Undated rows sharing the list's markup are sibling-column links or spacers, not items.
        return [r for r in best if r.dated]
    return best


def _fragment_rows(fragment: str, base: str, year_hint: int | None) -> list[Row]:
    tree = LexborHTMLParser("<html><body><ul>" + fragment + "</ul></body></html>")
    return rows_from_tree(tree, base, year_hint, keep_undated=False)


def _cdata_end(html: str, start: int) -> tuple[int, int] | None:
    """(end of the data, end of its </record>) for CDATA opened before start: the first "]]>" that a
    </record> follows (a "]]>" inside the data does not end it); None when there is none."""
    end = html.find("]]>", start)
    while end >= 0:
        close = _RECORD_CLOSE.match(html, end + 3)
        if close is not None:
            return end, close.end()
        end = html.find("]]>", end + 1)
    return None


def datastore_records(html: str, start: int = 0) -> list[str]:
    """The content of each <record>, from start on, CDATA unwrapped and outer whitespace dropped.

    What `<record[^>]*>\\s*(?:<!\\[CDATA\\[(.*?)\\]\\]>|(.*?))\\s*</record>` (re.S | re.I) finds, read with
    str.find between the tags instead of a lazy regex that tries its ending at every character."""
    out: list[str] = []
    pos = start
    while (m := _RECORD_OPEN.search(html, pos)) is not None:
        body = m.end()
        cdata = _cdata_end(html, body + 9) if _CDATA_OPEN.match(html, body) else None
        if cdata is not None:
            out.append(html[body + 9 : cdata[0]])
            pos = cdata[1]
            continue
        plain_end = _RECORD_END.search(html, body)
        if plain_end is None:  # no </record> after this one: none after any later <record> either
            break
        out.append(html[body : plain_end.start()].rstrip())
        pos = plain_end.end()
    return out


def datastore_rows(html: str, base: str, year_hint: int | None) -> list[Row]:
    """Rows of a Hanweb/JCMS <datastore><recordset><record><![CDATA[…]]> page (one item per record)."""
    first = _RECORD_TAG.search(html)  # one case-insensitive scan: most pages have no record at all
    if first is None or (
        first.group(0) not in ("<record", "<RECORD") and "<record" not in html and "<RECORD" not in html
    ):
        return []
    records = datastore_records(html, first.start())
    if not records:
        return []
    wrapped = "".join(f"<div>{rec}</div>" for rec in records)
    tree = LexborHTMLParser("<html><body>" + wrapped + "</body></html>")
    return rows_from_tree(tree, base, year_hint, grouped=False)  # every record is an item


def _comments(html: str) -> Iterator[str]:
    """The text inside each closed <!-- … --> (what `<!--(.*?)-->` finds, found with str.find)."""
    for start, close in comment_spans(html):
        if close >= 0:
            yield html[start + 4 : close]


def comment_rows(html: str, base: str, year_hint: int | None) -> list[Row]:
    """Rows of list markup that the template left inside an HTML comment (realpages p25)."""
    chunks = [
        c
        for c in _comments(html)
        if "href" in c and ("<li" in c or "<tr" in c or "<LI" in c) and FULL_DATE.search(c)
    ]
    if not chunks:
        return []
    return best_group(_fragment_rows("".join(chunks), base, year_hint))


# ---- JSON lists -------------------------------------------------------------------------------------

_TITLE_KEYS = (
    "title",
    "doctitle",
    "docTitle",
    "DOCTITLE",
    "name",
    "subject",
    "articleTitle",
    "infoTitle",
    "bt",
)
_DATE_KEYS = (
    "pubDate",
    "pubdate",
    "publishDate",
    "publishTime",
    "publishtime",
    "docreltime",
    "DOCRELTIME",
    "docRelTime",
    "releaseTime",
    "date",
    "time",
    "createTime",
    "createDate",
    "fbsj",
    "fbrq",
    "pubTime",
    "pub_date",
    "publish_date",
    "updateTime",
    "inputTime",
    "crtime",
)
_URL_KEYS = (
    "url",
    "link",
    "href",
    "docpuburl",
    "DOCPUBURL",
    "docPubUrl",
    "path",
    "linkUrl",
    "pageUrl",
    "art_url",
)


def _pick(d: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, ""):
            return v
    lower = {str(k).lower(): v for k, v in d.items()}
    for k in keys:
        v = lower.get(k.lower())
        if v not in (None, ""):
            return v
    return None


def _json_date(v: Any) -> str | None:
    if isinstance(v, (int, float)) and v > 10**9:
        import datetime as dt

        secs = v / 1000 if v > 10**11 else v
        try:
            return dt.datetime.fromtimestamp(secs, tz=dt.timezone(dt.timedelta(hours=8))).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(v, str):
        return day_of(parse_date(v))
    return None


def _iter_lists(obj: Any, depth: int = 0) -> Iterator[list[Any]]:
    if depth > 8:
        return
    if isinstance(obj, list):
        yield obj
        for x in obj[:3]:
            yield from _iter_lists(x, depth + 1)
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _iter_lists(v, depth + 1)


def items_from_json(obj: Any, base: str) -> list[ListItem]:
    """The largest list of {title, date, url}-like objects anywhere in a decoded JSON document."""
    best: list[ListItem] = []
    for lst in _iter_lists(obj):
        items: list[ListItem] = []
        for x in lst:
            if not isinstance(x, dict):
                continue
            title = _pick(x, _TITLE_KEYS)
            if not isinstance(title, str) or not title.strip():
                continue
            url = _pick(x, _URL_KEYS)
            date = _json_date(_pick(x, _DATE_KEYS))
            items.append(
                ListItem(
                    title=clean_text(re.sub(r"<[^>]+>", "", title)),
                    url=resolve(base, url) if isinstance(url, str) else None,
                    date=date,
                )
            )
        if len(items) > len(best) and any(i.date for i in items):
            best = items
    return best


def _json_total(obj: Any) -> int | None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if str(k).lower() in (
                "total",
                "totalcount",
                "recordcount",
                "totalrecord",
                "totalrecords",
                "count",
            ):
                if isinstance(v, int) and v >= 0:
                    return v
                if isinstance(v, str) and v.isdigit():
                    return int(v)
        for v in obj.values():
            if isinstance(v, dict):
                t = _json_total(v)
                if t is not None:
                    return t
    return None


_JSONP = re.compile(r"^\s*[\w.$]+\s*\(\s*(.*)\)\s*;?\s*$", re.S)


def parse_json_list(url: str, body: bytes | str) -> ListFacts:
    """A column list served as JSON (or JSONP) by an endpoint; never raises."""
    try:
        text = body.decode("utf-8-sig", "replace") if isinstance(body, bytes) else body
        try:
            obj = json.loads(text)
        except ValueError:
            m = _JSONP.match(text)
            if not m:
                return ListFacts(unreadable=True, blank_reason="接口返回的内容不是可读的 JSON")
            obj = json.loads(m.group(1))
        items = items_from_json(obj, url)
        facts = finish_list(items)
        facts.total = _json_total(obj)
        if not items:
            facts.blank = True
            facts.blank_reason = "接口返回的列表为空"
        return facts
    except Exception:
        return ListFacts(unreadable=True, blank_reason="接口返回的内容不是可读的 JSON")


def script_json_items(scripts: list[str], base: str) -> list[ListItem]:
    """List items held as JSON inside inline scripts (var list = [{title:…, pubDate:…}])."""
    best: list[ListItem] = []
    decoder = json.JSONDecoder()
    for s in scripts:
        if len(s) < 30 or not re.search(r"[\"']?(?:title|doctitle|docTitle|name)[\"']?\s*:", s):
            continue
        attempts = 0
        for m in re.finditer(r"[=(:]\s*([\[{])", s):
            attempts += 1
            if attempts > 40:
                break
            try:
                obj, _ = decoder.raw_decode(s, m.start(1))
            except ValueError:
                continue
            items = items_from_json(obj, base)
            if len(items) > len(best):
                best = items
    return best


# ---- assembling -------------------------------------------------------------------------------------


def finish_list(items: list[ListItem]) -> ListFacts:
    """ListFacts for items: newest date and blank flag (blank when there is no item)."""
    dates = [i.date for i in items if i.date]
    return ListFacts(items=items, newest_date=max(dates) if dates else None, blank=not items)


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
    tree: LexborHTMLParser, base: str, html: str, page_url: str, anchors: list[Anchor] | None = None
) -> tuple[list[str], int | None]:
    """URLs of further pages of this list and the page count when stated."""
    urls: list[str] = []
    seen = {page_url.split("#")[0]}
    page_count: int | None = None
    for anchor in anchors if anchors is not None else anchors_of(tree):
        text = anchor.text  # "下一页", "尾页" … anywhere; a page number only inside a pager
        if not (text in _PAGER_TEXT or text.isdigit()) or len(anchor.raw_text) > 40:
            continue
        if text not in _PAGER_TEXT and not _in_pager(anchor.node):
            continue
        u = resolve(base, anchor.attrs.get("href"))
        if u and u not in seen:
            seen.add(u)
            urls.append(u)
    m = _TRS_CREATEPAGE.search(html) if "createPageHTML" in html else None
    if m:
        total, current, prefix, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        page_count = total
        # TRS: page 1 is prefix.ext, page n+1 is prefix_n.ext; some sites count current from 1.
        for n in range(1, min(total, MAX_PAGINATION + 1)):
            u = resolve(base, f"{prefix}_{n}.{ext}")
            if u and u not in seen and n != current:
                seen.add(u)
                urls.append(u)
    elif "countPage" in html:
        m2 = _COUNT_PAGE.search(html)
        if m2:
            page_count = int(m2.group(1))
    return urls[:MAX_PAGINATION], page_count


# Script variables holding the record count, in order of preference.
_JS_TOTAL_KEYS = ("recordCount", "totalRecord", "totalCount", "totalrecord", "total_count")


def _script_total(html: str) -> int | None:
    """The record count a script states (recordCount = 123): the first key, in order of preference, whose
    first occurrence is followed by a number.

    The "total…" keys are searched from where "total" first occurs, and not at all when it does not; a long
    needle such as "recordCount" is found faster than a short one (str.find skips ahead by its length)."""
    first_total = html.find("total")
    for key in _JS_TOTAL_KEYS:
        start = 0 if key == "recordCount" else first_total
        if start < 0:
            continue
        pos = html.find(key, start)
        if pos >= 0:
            m = _JS_TOTAL.match(html, pos)
            if m:
                return int(m.group(1))
    return None


def stated_total(text: str, html: str) -> tuple[int | None, int | None]:
    """("共 N 条" total, "共 N 页" page count) as the page states them."""
    total: int | None = None
    pages: int | None = None
    for rx, starts in _TOTALS:
        m = search_from_first(rx, text, starts)
        if m:
            total = int(m.group(1))
            break
    if total is None:
        i = text.find("条记录")
        if i >= 0:
            m = _TOTAL_RECORDS.search(text, max(0, i - 12), i + 3)
            if m:
                total = int(m.group(1))
    if total is None:
        total = _script_total(html)
    mp = search_from_first(_PAGES, text, _PAGES_STARTS) if "页" in text else None
    if mp:
        pages = int(next(g for g in mp.groups() if g))
    return total, pages


_BLANK_RX = re.compile(r"暂无(?:公开|相关|任何)?(?:信息|内容|数据|记录|文章|新闻|公告|信件|留言|文件|资料)")


def blank_marker(text: str) -> str | None:
    """The "暂无信息"-style phrase the page shows, if any."""
    for marker in BLANK_MARKERS:
        if marker in text:
            return marker
    m = _BLANK_RX.search(text)
    return m.group(0) if m else None


_LIST_BOX_SEL = (
    "ul[class*=list], ol[class*=list], ul[id*=list], div[class*=list], div[id*=list], table[class*=list], "
    "ul[class*=news], div[class*=news], ul[class*=lb], div[class*=lb], ul[data-src], div[data-src], tbody[id]"
)


_LIST_TOKEN = re.compile(
    r"(?:^|[-_\s])(?:(?:news|info|art|article|xx|wz|data|doc|item)?list|lists|news|lb|xxlb)(?:[-_\s]|box|con|s|$)",
    re.I,
)
_NOT_LIST = re.compile(
    r"drop|menu|nav|select|search|tab|link|friend|side|foot|head|banner|pic|img|slide", re.I
)


def empty_list_box(tree: LexborHTMLParser) -> LexborNode | None:
    """A list container (ul.list, div#list …) with no link in it: where a column's items should be."""
    for node in tree.css(_LIST_BOX_SEL):
        attrs = node.attributes
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if not attrs.get("data-src") and (not _LIST_TOKEN.search(names) or _NOT_LIST.search(names)):
            continue
        if node.css_first("a") is None and len(node.text(deep=True, separator="").strip()) < 30:
            return node
    return None


_TEMPLATE_HINTS = (
    "ms-if",
    "v-if",
    "v-show",
    "v-else",
    "display:none",
    "display: none",
    "{{",
    "ng-if",
    "hidden",
)


def _template_only(html: str, marker: str) -> bool:
    """True when every occurrence of the marker sits in a template/hidden element (checked on the markup
    just before it)."""
    pos = html.find(marker)
    if pos < 0:
        return False
    while pos >= 0:
        before = html[max(0, pos - 160) : pos].lower()
        tag_start = before.rfind("<")
        if tag_start < 0 or not any(h in before[tag_start:] for h in _TEMPLATE_HINTS):
            return False
        pos = html.find(marker, pos + len(marker))
    return True


def script_list_sign(html: str) -> str | None:
    """Evidence that the list is drawn by a script we do not run (ajax call, template repeat …)."""
    lower = html.lower()
    for sign in _SCRIPT_LIST_SIGNS:
        if sign in lower:
            return sign
    return None


def extract_list(
    tree: LexborHTMLParser,
    html: str,
    text: str,
    base: str,
    page_url: str,
    scripts: list[str],
    heading: str = "",
    anchors: list[Anchor] | None = None,
) -> tuple[ListFacts, int]:
    """Read a list page. Returns the facts and the number of dated rows in the best group (a list signal)."""
    year_hint = year_in_heading(heading) or year_from_url(page_url)
    source = "dom"
    rows = datastore_rows(html, base, year_hint)
    all_rows = rows
    if rows:
        source = "datastore"
    else:
        all_rows = rows_from_tree(tree, base, year_hint, anchors, keep_undated=False)
        rows = best_group(all_rows, page_url)
    if sum(1 for r in rows if r.dated) < 3:
        hidden = comment_rows(html, base, year_hint)
        if sum(1 for r in hidden if r.dated) > sum(1 for r in rows if r.dated):
            rows, source = hidden, "comment"
    items = [ListItem(title=r.title, url=r.href, date=r.date) for r in rows]
    dated = sum(1 for r in rows if r.dated)
    if dated < 3:
        json_items = script_json_items(scripts, base)
        if len(json_items) > len(items):
            items, source = json_items, "script-json"
            dated = sum(1 for i in items if i.date)
    facts = finish_list(items)
    any_dates = [r.date for r in all_rows if r.date] + [i.date for i in items if i.date]
    facts.page_newest_date = max(any_dates) if any_dates else None
    facts.pagination, page_count = pagination(tree, base, html, page_url, anchors)
    total, pages = stated_total(text, html)
    facts.total = total
    facts.page_count = pages or page_count
    facts.source = source
    if not items:
        marker = blank_marker(text)
        box = empty_list_box(tree)
        sign = script_list_sign(html) if (box is not None or facts.pagination or facts.page_count) else None
        if marker and _template_only(html, marker):
            # "暂无数据" inside a script template (ms-if="error", v-if, display:none) is not what a reader sees.
            sign = sign or script_list_sign(html) or "模板"
            marker = None
        facts.blank = False
        if marker:
            facts.blank = True
            facts.blank_reason = f"页面显示“{marker}”"
        elif sign:
            facts.unreadable = True
            facts.data_url = data_url_of(tree, scripts, base)
            facts.blank_reason = f"列表由脚本加载（{sign}），未能读取，不能据此判定为空白栏目"
        elif box is not None:
            facts.blank = True
            facts.blank_reason = "列表区域为空，没有任何信息条目"
        else:
            facts.blank_reason = "页面中未见信息列表"
    return facts, dated
