"""Lists outside the visible tree: JCMS <datastore> CDATA records, lists hidden in HTML comments and list
markup held in script templates (<script type="text/template">) that a script copies into the page."""

import re
from collections.abc import Iterator
from typing import Final

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.dates import (
    FULL_DATE,
)
from govinspect.extract.links import (
    comment_spans,
)
from govinspect.extract.lists.choose import best_group
from govinspect.extract.lists.rows import Row, rows_from_tree

_RECORD_TAG: Final = re.compile(r"<record", re.I)
_RECORD_OPEN: Final = re.compile(r"<record[^>]*>\s*", re.I)
_CDATA_OPEN: Final = re.compile(r"<!\[CDATA\[", re.I)
_RECORD_CLOSE: Final = re.compile(r"\s*</record>", re.I)
_RECORD_END: Final = re.compile(r"</record>", re.I)


def _fragment_rows(fragment: str, base: str, year_hint: int | None) -> list[Row]:
    # Table rows are parsed inside a table (in a <ul> the parser would drop their <tr>/<td>).
    box = "table" if fragment.lstrip()[:3].lower() == "<tr" else "ul"
    tree = LexborHTMLParser(f"<html><body><{box}>{fragment}</{box}></body></html>")
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


def template_rows(templates: list[str], base: str, year_hint: int | None) -> list[Row]:
    """Rows of list markup filled into script templates (placeholder rows such as {{title}} are no rows)."""
    chunks = [t for t in templates if "href" in t and FULL_DATE.search(t)]
    if not chunks:
        return []
    return best_group(_fragment_rows("".join(chunks), base, year_hint))
