"""List (column) pages: items with dates, newest date, pagination, total count, blank vs unreadable.

Items are found as repeated "rows" (li/tr/dd/p/div) holding one title link and usually a date; the list
is chosen among blocks of them outside page chrome by column agreement (`choose.py`) and carries its
confidence. JCMS <datastore> CDATA records, lists hidden in HTML comments and JSON or JS object literals
inside scripts are read too. `parse_json_list` reads a list served by a JSON endpoint.
Each strategy is its own module; `extract_list` holds the fallback chain, in order.
"""

from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.chrome import scrolled_boxes
from govinspect.extract.dates import month_from_url, year_from_url, year_in_heading
from govinspect.extract.facts import ListFacts, ListItem
from govinspect.extract.links import Anchor, data_url_of
from govinspect.extract.lists.blank import blank_marker, empty_list_box, script_list_sign, template_only
from govinspect.extract.lists.choose import IN_CHROME, choose_list, is_home
from govinspect.extract.lists.datastore import comment_rows, datastore_rows, template_rows
from govinspect.extract.lists.json_lists import finish_list, parse_json_list, script_json_items
from govinspect.extract.lists.pagination import pagination, stated_total
from govinspect.extract.lists.rows import Row, rows_from_tree

__all__ = ["extract_list", "finish_list", "parse_json_list"]

_FEW: Final = 3
_ARTICLE_LIKE: Final = 3.5  # script records' mean likeness (title 2, link 1, date 1) that reads as articles


def _items_of(rows: list[Row]) -> list[ListItem]:
    return [ListItem(title=r.title, url=r.href, date=r.date) for r in rows]


def _doubts(
    found: list[str], source: str, items: list[ListItem], dated: int, year_from_context: bool, of_column: bool
) -> list[str]:
    """Why a reading is not sure (ADR 0007): each reason names what a human should check."""
    out = list(found)
    if source == "script-json":
        out.append("仅从脚本数据读取")  # the page shows what a script renders; we read its data, not the page
    elif source == "comment":
        out.append("仅从页面注释中读取")  # the list is in the markup but not shown
    elif source == "template":
        out.append("仅从脚本模板读取")  # list markup a script copies into the page
    if items and dated < _FEW and not of_column:
        # One or two dated rows can be a stray box, not the column's list — unless the block is the column's
        # by its heading or links (a sparse column is no doubt: its staleness is what is judged).
        out.append("列表条目过少")
    if year_from_context:
        out.append("条目日期未标年份，年份取自页面标题或地址")
    return out


def extract_list(
    tree: LexborHTMLParser,
    html: str,
    text: str,
    base: str,
    page_url: str,
    scripts: list[str],
    heading: str = "",
    anchors: list[Anchor] | None = None,
    column: str | None = None,
    crumb: LexborNode | None = None,
    templates: list[str] | None = None,
    home: bool = False,
    records: bool = True,
) -> tuple[ListFacts, int]:
    """Read a list page. Returns the facts and the number of dated rows in the best group (a list signal).
    `home`: a target's home page (else told from the address: /, /index.*), read whole, not as a column.
    `records`: False when the caller knows the page holds no <record> tag (no JCMS datastore to read)."""
    home = home or is_home(page_url)
    year_hint = year_in_heading(heading) or year_from_url(page_url)
    source = "dom"
    rows = datastore_rows(html, base, year_hint) if records else []
    all_rows = rows
    doubts: list[str] = []
    of_column, side = True, False
    if rows:
        source = "datastore"
    else:
        # On a column page the list follows the breadcrumb: what precedes it is header or side column.
        after = None if home else crumb
        all_rows = rows_from_tree(
            tree, base, year_hint, anchors, keep_undated=False, after=after, scrolled=scrolled_boxes(scripts)
        )
        choice = choose_list(all_rows, page_url, column, home)
        rows, doubts, of_column, side = choice.rows, choice.doubts, choice.of_column, choice.side
    items = _items_of(rows)
    dated = sum(1 for r in rows if r.dated)
    # A weak DOM reading gives way to the list held outside the visible tree (ADR 0007): rows read from
    # chrome only, or from a side box not of the column, to any dated list in templates or script data; a
    # content block not of the column to one holding as many dates; anything to one with more dated rows.
    # Script records must read as articles (not column metadata) unless the DOM holds no date at all;
    # commented-out markup counts only when the DOM holds fewer than 3 dates.
    chrome = IN_CHROME in doubts or (side and not of_column)
    stray = not of_column and source == "dom" and not home
    if dated < _FEW or chrome or stray:
        # (rows, items, source, article-like: every record a title, a link and a date)
        alternatives: list[tuple[list[Row], list[ListItem], str, bool]] = []
        if dated < _FEW:
            hidden = comment_rows(html, base, year_hint)
            alternatives.append((hidden, _items_of(hidden), "comment", True))
        filled = template_rows(templates or [], base, year_hint)
        alternatives.append((filled, _items_of(filled), "template", True))
        json_items, likeness = script_json_items(scripts, base)
        alternatives.append(([], json_items, "script-json", likeness >= _ARTICLE_LIKE))
        for alt_rows, alt, where, article_like in alternatives:
            alt_dated = sum(1 for i in alt if i.date)
            if not alt_dated:
                continue
            wins = alt_dated > dated or chrome or (stray and alt_dated == dated)
            if wins and (article_like or dated == 0):
                rows, items, source, doubts, dated = alt_rows, alt, where, [], alt_dated
                chrome = stray = False
    facts = finish_list(items)
    facts.doubts = _doubts(
        doubts,
        source,
        items,
        dated,
        any(r.yearless and month_from_url(r.href) is None for r in rows),
        of_column or source != "dom" or home,  # a home page is read whole, not as one column
    )
    facts.confidence = "low" if facts.doubts else "high"
    any_dates = [r.date for r in all_rows if r.date] + [i.date for i in items if i.date]
    facts.page_newest_date = max(any_dates) if any_dates else None
    # Page counts and record totals that scripts state are looked for in the scripts, not the whole page;
    # a list left in a comment has its pager script there too.
    code = html if source == "comment" else "\n".join(scripts)
    facts.pagination, page_count = pagination(tree, base, code, page_url, anchors)
    total, pages = stated_total(text, code)
    facts.total = total
    facts.page_count = pages or page_count
    facts.source = source
    if not items:
        marker = blank_marker(text)
        box = empty_list_box(tree)
        sign = script_list_sign(html) if (box is not None or facts.pagination or facts.page_count) else None
        if marker and template_only(html, marker):
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
