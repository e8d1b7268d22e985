"""Which rows of a page are the column's list, and how sure that choice is.

Rows are grouped by markup (row signature) and then by the block holding them, so a side menu or a
scrolling box written with the list's own row markup is a group of its own. The rules, each with the
failure class of unseen real pages it answers (ADR 0007):
- groups inside page chrome (marquee, nav, header, footer by tag or class/id, or a box a scrolling
  script moves) are not the column's list; groups in a side column (side/aside, or before the breadcrumb
  of a column page) lose to content groups equal in the rules below — side menus and header marquees
  merged into the list; when only chrome holds dated rows they are read, with the doubt
  "列表位于导航、页眉或滚动区域" (and script data outranks them);
- mostly undated groups are not lists; undated rows of a dated list are dropped unless built like the
  dated rows with the date field left blank — menus with one undated row among dated ones;
- a block of the column outranks others — its heading (the nearest short text before it) names the
  column, or most of its links lie under the column's directory or carry the column's id — and a content
  block a side one; among equals, the one with most dated rows wins — other columns' blocks;
- blocks of the same row markup that belong to the same column (heading naming the column, same
  column key in the links, or the same wrapper) are joined — the newest item in a smaller block;
- on a home page (/, /index.html …) every same-markup content block is joined: its freshness is all
  of its news blocks;
- a same-markup block whose column cannot be told and that holds newer dates makes the reading doubtful
  ("两组日期列表不一致") instead of silently winning or losing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from govinspect.extract.lists.rows import Row, row_heading, row_shape

_ART_COL: Final = re.compile(r"art_(\d+)_")
_PAGE_COL: Final = re.compile(r"/col/col(\d+)/")
_NOT_COLUMN_SEGMENT: Final = re.compile(r"^(?:t?\d[\d_-]*|content|post_\d+|art|\w*\d{4,}\w*)$")
_HOME_PATH: Final = re.compile(r"^/(?:(?:index|default|main|home|portal)\.[a-z]{2,5})?$", re.I)
_KEY_SAMPLE: Final = 8  # a block's column key is read off its first dated links
DISAGREE: Final = "两组日期列表不一致"
IN_CHROME: Final = "列表位于导航、页眉或滚动区域"


@dataclass(slots=True)
class Choice:
    rows: list[Row] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    of_column: bool = False  # the chosen block is the column's by its heading or links
    side: bool = False  # the chosen block sits in a side column (or before the breadcrumb)


class _Part:
    """One block of rows of one signature (a plain class: compiled, its attributes are native, ADR 0026)."""

    __slots__ = ("_heading", "dated", "key", "newest", "rows")

    def __init__(self, rows: list[Row], dated: int, key: str, newest: str) -> None:
        self.rows = rows
        self.dated = dated
        self.key = key  # the column key most of its links share ("" when none)
        self.newest = newest
        self._heading: str | None = None

    @property
    def head(self) -> Row:
        return self.rows[0]

    @property
    def heading(self) -> str:
        """The heading of the block's first row (`row_heading`), read once."""
        if self._heading is None:
            self._heading = row_heading(self.rows[0])
        return self._heading


def url_column(href: str | None) -> str:
    """The column a link belongs to as its URL tells: JCMS column id, else its directory without dated parts."""
    if not href:
        return ""
    m = (_ART_COL.search(href) if "art_" in href else None) or (
        _PAGE_COL.search(href) if "/col/col" in href else None
    )
    if m is not None:
        return "col" + m.group(1)
    return _dir_column(href.split("?", 1)[0].split("#", 1)[0].rpartition("/")[0])


@lru_cache(maxsize=4096)
def _dir_column(directory: str) -> str:
    """The column part of a link's directory ("http://h/zwgk/tzgg/202306" → "zwgk/tzgg"); links share few."""
    return "/".join(d for d in directory.split("/")[3:] if not _NOT_COLUMN_SEGMENT.match(d))


def is_home(page_url: str | None) -> bool:
    """Whether the URL is a site's home page (/, /index.html, /default.aspx …), not a column."""
    if not page_url:
        return False
    rest = page_url.split("//", 1)[-1]
    path = rest[rest.find("/") :] if "/" in rest else "/"
    return _HOME_PATH.match(path) is not None


def _column_dir(page_url: str | None) -> str | None:
    """The directory of a column page ('http://a.gov.cn/zwgk/tzgg/'), None for a site root."""
    if not page_url:
        return None
    head, _, _ = page_url.split("?", 1)[0].rpartition("/")
    if head.count("/") < 3:  # http://host only
        return None
    return head + "/"


def _most_common(values: list[str]) -> str | None:
    """The value seen most often (the first seen among equals), None for none: Counter.most_common(1) without
    its Python-level machinery, which compiled code (ADR 0026) cannot speed up."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _parts(rows: list[Row]) -> list[_Part]:
    """Rows grouped by signature, then by block (or by the blocks' wrapper when every row is its own block)."""
    by_sig: dict[str, list[Row]] = {}
    for r in rows:
        by_sig.setdefault(r.signature, []).append(r)
    out: list[_Part] = []
    for grp in by_sig.values():
        own_blocks = len({r.box for r in grp}) == len(grp)  # no two rows share a block
        split: dict[int, list[Row]] = {}
        for r in grp:
            split.setdefault(r.outer if own_blocks else r.box, []).append(r)
        for part in split.values():
            dated = [r for r in part if r.dated]
            out.append(
                _Part(
                    part,
                    len(dated),
                    _most_common([url_column(r.href) for r in dated[:_KEY_SAMPLE]]) or "",
                    max((r.date or "" for r in dated), default=""),
                )
            )
    return out


def _names_column(part: _Part, column: str | None) -> bool:
    return column is not None and column != "" and column in part.heading


def _same_column(p: _Part, best: _Part, column: str | None, keys_tell: bool) -> bool | None:
    """Whether block p holds the same column as the chosen one; None when nothing on the page tells."""
    named_b, named_p = _names_column(best, column), _names_column(p, column)
    if named_b and named_p:
        return True
    if named_b != named_p and best.heading and p.heading:
        return False
    if keys_tell and best.key and p.key:
        return best.key == p.key
    if p.head.outer == best.head.outer and p.head.box != best.head.box:
        return True
    return None


def choose_list(
    rows: list[Row], page_url: str | None = None, column: str | None = None, home: bool = False
) -> Choice:
    """The column's list among the candidate rows of a page, with the doubts the choice leaves."""
    every = [p for p in _parts(rows) if p.dated]
    parts = [p for p in every if p.head.chrome < 2]
    if parts:
        return _choose_among(parts, rows, page_url, column, home)
    # Only header, menu or marquee boxes hold dated rows (a wrapper named like a menu, or a marquee alone):
    # read them, doubtfully.
    chosen = _choose_among(every, rows, page_url, column, home)
    if chosen.rows:
        chosen.doubts.append(IN_CHROME)
    return chosen


def _choose_among(
    parts: list[_Part], rows: list[Row], page_url: str | None, column: str | None, home: bool
) -> Choice:
    """The column's list among the given candidate blocks (see `choose_list`)."""
    if not parts:
        return Choice()
    home = home or is_home(page_url)
    col_dir = None if home else _column_dir(page_url)
    page_key = url_column(page_url) if col_dir else ""

    def inside(p: _Part) -> int:
        if not col_dir:
            return 0
        if page_key and p.key == page_key:
            return p.dated
        return sum(1 for r in p.rows if r.dated and r.href and r.href.startswith(col_dir))

    def score(p: _Part) -> tuple[bool, bool, bool, float]:
        ins = inside(p)
        s = p.dated + 0.01 * len(p.rows) + (0.5 if p.dated * 2 >= len(p.rows) else -p.dated * 0.5) + 0.6 * ins
        # A mostly dated block outranks a menu with a dated row; one of the column (its heading names it, or
        # most of its links are the column's), other columns' blocks; one in the content, a side column's.
        of_col = _names_column(p, column) or ins * 2 > p.dated
        return p.dated * 2 >= len(p.rows), of_col, p.head.chrome == 0, s

    scores = {id(p): score(p) for p in parts}
    parts.sort(key=lambda p: scores[id(p)], reverse=True)
    best = parts[0]
    of_column = scores[id(best)][1]
    side = best.head.chrome > 0
    keys_tell = len({p.key for p in parts if p.dated * 2 >= len(p.rows)}) > 1
    chosen = [best]
    doubts: list[str] = []
    for p in parts[1:]:
        if p.dated * 2 < len(p.rows) or p.head.signature != best.head.signature:
            continue
        # A home page is no one column: its list is every content block written with the same row markup.
        same = True if home else _same_column(p, best, column, keys_tell)
        if same:
            chosen.append(p)
        elif same is None and p.newest > best.newest and DISAGREE not in doubts:
            doubts.append(DISAGREE)
    picked = {id(r) for p in chosen for r in p.rows}
    out = [r for r in rows if id(r) in picked]
    dated_share = sum(1 for r in out if r.dated) / len(out)
    if dated_share < 0.9:
        # Undated rows sharing the list's markup are sibling-column links or spacers, not items —
        # unless they are built like the dated rows and the field that holds the date is left blank.
        shape_of = {id(r): row_shape(r) for r in out}  # read here only: most lists are dated throughout
        shape = _most_common([shape_of[id(r)][0] for r in out if r.dated]) or ""
        out = [r for r in out if r.dated or (shape and shape_of[id(r)] == (shape, True))]
    return Choice(out, doubts, of_column, side)


def best_group(rows: list[Row], page_url: str | None = None, column: str | None = None) -> list[Row]:
    """The rows of the column's list (see `choose_list`)."""
    return choose_list(rows, page_url, column).rows
