"""Freshness checks: homepage and column updates against the profile's windows, blank and undated columns.

Columns are the registry's columns matched to crawled list pages, plus list pages the crawl found
(pagination pages excluded). One finding per stale, blank or undated column.

A finding that rests on a list the extractor read with low confidence (`ListFacts.confidence`) is
never a veto or a deduction by itself: it is made as `column.unverified` (待核实) with the page and the
extractor's doubts, for a person to confirm (ADR 0020).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govinspect.checks.common import matches_any, parse_date, site_finding
from govinspect.checks.inputs import PageView, SiteInput, norm_url
from govinspect.extract import ListItem
from govinspect.model import Finding, cn_date
from govinspect.rules import Profile, Window


@dataclass(frozen=True, slots=True)
class ColumnView:
    """A column of the site as the checks see it: its first page and any further pages."""

    name: str
    url: str
    category: str  # a ColumnCategory value
    level: int
    position: int  # registry order first, then discovered columns
    registered: bool
    page: PageView | None
    more: tuple[PageView, ...] = ()  # pagination pages and other pages carrying the same column name

    @property
    def pages(self) -> list[PageView]:
        return ([self.page] if self.page is not None else []) + list(self.more)


@dataclass(slots=True)
class _Col:
    name: str
    url: str
    category: str
    level: int
    registered: bool
    page: PageView | None
    more: list[PageView]


def _pages_by_url(inp: SiteInput) -> dict[str, PageView]:
    out: dict[str, PageView] = {}
    for pv in sorted(inp.pages, key=lambda p: (p.record.depth, p.record.url)):
        for u in (pv.record.url, pv.record.final_url):
            out.setdefault(norm_url(u), pv)
    return out


def _list_links(ordered: list[PageView]) -> tuple[dict[str, str], set[str]]:
    """(page URL → the URL of the list page that paginates to it, URLs of submenu entries)."""
    pagination: dict[str, str] = {}
    submenu: set[str] = set()
    for pv in ordered:
        if pv.facts is None:
            continue
        if pv.facts.list is not None:
            own = norm_url(pv.record.url)
            for u in pv.facts.list.pagination:
                if norm_url(u) != own:
                    pagination.setdefault(norm_url(u), own)
        submenu.update(norm_url(n.url) for n in pv.facts.nav if n.kind == "submenu")
    return pagination, submenu


class _Columns:
    """The columns found so far, looked up by (normalised) URL and by name."""

    def __init__(self, inp: SiteInput) -> None:
        by_url = _pages_by_url(inp)
        self.cols: list[_Col] = []
        self.by_key: dict[str, _Col] = {}
        self.by_name: dict[str, _Col] = {}
        for c in inp.site.columns:
            key = norm_url(c.url)
            col = _Col(c.name, c.url, c.category.value, c.level, c.registered, by_url.get(key), [])
            self.cols.append(col)
            self.by_key.setdefault(key, col)
            self.by_name.setdefault(c.name, col)

    def owner(self, key: str, fkey: str, name: str | None, pagination: dict[str, str]) -> _Col | None:
        """The known column a list page belongs to: by its URL, the page paginating to it, or its name."""
        owner = self.by_key.get(key) or self.by_key.get(fkey)
        if owner is None and key in pagination:
            owner = self.by_key.get(pagination[key])
        if owner is None and name:
            owner = self.by_name.get(name)
        return owner

    def add(self, col: _Col, key: str, fkey: str, name: str | None) -> None:
        self.cols.append(col)
        self.by_key[key] = self.by_key.get(fkey) or col
        self.by_key.setdefault(fkey, col)
        if name:
            self.by_name.setdefault(name, col)


def site_columns(inp: SiteInput) -> list[ColumnView]:
    """Registry columns and discovered list pages, one entry per column.

    Pages of one column (pagination pages, or list pages carrying the same column name) are
    merged into it, so page 2 of a fresh column never counts as a stale column of its own.
    """
    home = norm_url(inp.site.home_url)
    ordered = sorted(inp.pages, key=lambda p: (p.record.depth, p.record.url))
    pagination, submenu = _list_links(ordered)
    found = _Columns(inp)
    for pv in ordered:
        f = pv.facts
        key, fkey = norm_url(pv.record.url), norm_url(pv.record.final_url)
        if f is None or f.list is None or f.page_type != "list" or home in (key, fkey):
            continue
        owner = found.owner(key, fkey, f.column.name, pagination)
        if owner is not None:
            if owner.page is None:
                owner.page = pv
            elif owner.page is not pv and all(m is not pv for m in owner.more):
                owner.more.append(pv)
            found.by_key.setdefault(key, owner)
            continue
        if key in pagination:
            continue  # a further page of a column whose first page was not crawled
        name = f.column.name or f.title or pv.record.url
        level = 2 if key in submenu else 1
        found.add(
            _Col(name, pv.record.url, f.column.category, level, False, pv, []), key, fkey, f.column.name
        )
    return [
        ColumnView(c.name, c.url, c.category, c.level, i, c.registered, c.page, tuple(c.more))
        for i, c in enumerate(found.cols)
    ]


@dataclass(frozen=True, slots=True)
class ColumnState:
    """What a column's list shows as of the checkpoint."""

    items: int
    undated: int
    newest: dt.date | None
    newest_item: ListItem | None
    blank: bool
    unreadable: bool


def column_state(col: ColumnView, day: dt.date) -> ColumnState | None:
    """The column's list as of `day` (items dated after it are ignored); None when not crawled."""
    lists = [pv.facts.list for pv in col.pages if pv.facts is not None and pv.facts.list is not None]
    if col.page is None or col.page.facts is None or col.page.facts.list is None:
        return None
    newest: dt.date | None = None
    newest_item: ListItem | None = None
    undated = 0
    count = 0
    seen: set[tuple[str, str | None]] = set()
    for lst in lists:
        for item in lst.items:
            if (item.title, item.url) in seen:
                continue
            seen.add((item.title, item.url))
            count += 1
            d = parse_date(item.date)
            if d is None:
                undated += 1
                continue
            if d > day:
                continue
            if (
                newest is None
                or d > newest
                or (d == newest and newest_item and item.title < newest_item.title)
            ):
                newest, newest_item = d, item
    if newest is None and count == 0:
        for lst in lists:
            nd = parse_date(lst.newest_date)
            if nd is not None and nd <= day and (newest is None or nd > newest):
                newest = nd
    unreadable = all(lst.unreadable for lst in lists) and count == 0
    blank = count == 0 and newest is None and not unreadable
    return ColumnState(count, undated, newest, newest_item, blank, unreadable)


DOUBTFUL_READING = "column.unverified"  # a judgement left to a person: the list it rests on is doubtful


def reading_doubts(pages: Iterable[PageView]) -> list[str]:
    """The extractor's doubts about the lists of these pages (empty when every reading is sure)."""
    out: list[str] = []
    for pv in pages:
        lst = pv.facts.list if pv.facts is not None else None
        if lst is not None and lst.confidence != "high":
            for d in lst.doubts or ["列表读取存疑"]:
                if d not in out:
                    out.append(d)
    return out


def unless_doubtful(f: Finding, doubts: list[str]) -> Finding:
    """`f` itself, or — when the reading it rests on is doubtful — a 待核实 column.unverified naming it."""
    if not doubts:
        return f
    why = "；".join(doubts)
    detail = {**f.evidence.detail, "would_be": f.code, "doubts": doubts}
    return f.model_copy(
        update={
            "code": DOUBTFUL_READING,
            "message": f"{f.message}（列表读取存疑，待核实：{why}）",
            "evidence": f.evidence.model_copy(update={"detail": detail}),
            "count": 1,
        }
    )


def is_channel_name(name: str | None, profile: Profile) -> bool:
    """A consultation channel's name (咨询投诉, 书记信箱 …), not an excluded 信访/举报 one."""
    ia = profile.interaction
    return (
        matches_any(name, ia.channel_keywords) is not None
        and matches_any(name, ia.excluded_channel_keywords) is None
    )


def _column_detail(
    col: ColumnView, state: ColumnState, window: Window | None, day: dt.date
) -> dict[str, object]:
    d: dict[str, object] = {
        "column": col.name,
        "column_url": col.url,
        "category": col.category,
        "level": col.level,
        "position": col.position,
        "registered": col.registered,
        "items": state.items,
        "undated": state.undated,
    }
    if window is not None:
        d["window"] = window.text().strip()
        d["window_label"] = window.text()
        d["window_days"] = window.length_days
        d["cutoff"] = window.cutoff(day).isoformat()
    if state.newest_item is not None:
        d["newest_title"] = state.newest_item.title
        d["newest_url"] = state.newest_item.url
    d["newest_date"] = state.newest.isoformat() if state.newest else None
    return d


def check_columns(inp: SiteInput, profile: Profile) -> list[Finding]:
    """column.stale / column.blank / column.undated (column.unverified on a doubtful reading): one per column."""
    fr = profile.freshness
    day = inp.checkpoint_date
    out: list[Finding] = []
    for col in site_columns(inp):
        letters = is_channel_name(col.name, profile)
        if letters and not fr.letter_columns:
            continue  # a 留言/咨询 column is judged by the interaction checks alone (letters shown or not)
        state = column_state(col, day)
        if state is None or (letters and state.blank):
            continue  # an empty mailbox is interaction.no_display, not a blank column
        assert col.page is not None
        rec = col.page.record
        if rec.error is not None or (rec.status is not None and rec.status >= 400):
            continue  # a broken column page is a link finding, not a blank column
        window = fr.window_for(col.category, col.level)
        detail = _column_detail(col, state, window, day)
        if state.unreadable:  # drawn by a script neither its data nor a rendering let us read: no verdict
            if window is not None and not letters:
                out.append(_unread_column(inp, col, rec.fetched_at, detail))
            continue
        doubts = reading_doubts(col.pages)

        def add(f: Finding, doubts: list[str] = doubts) -> None:
            out.append(unless_doubtful(f, doubts))

        if state.blank:
            add(
                site_finding(
                    inp,
                    "column.blank",
                    f"栏目“{col.name}”为空白栏目",
                    url=col.url,
                    captured_at=rec.fetched_at,
                    detail=detail,
                )
            )
            continue
        if window is not None and state.newest is None and fr.undated_counts_as_stale:
            add(
                site_finding(
                    inp,
                    "column.stale",
                    f"栏目“{col.name}”信息均无发布日期，视为{window.text().strip()}内未更新",
                    url=col.url,
                    captured_at=rec.fetched_at,
                    detail={**detail, "reason": "无发布日期"},
                )
            )
            continue
        if window is not None and state.newest is not None and state.newest < window.cutoff(day):
            title = state.newest_item.title if state.newest_item else ""
            add(
                site_finding(
                    inp,
                    "column.stale",
                    f"栏目“{col.name}”{window.text().strip()}内未更新（最新信息"
                    + (f"《{title}》" if title else "")
                    + f"发布于{cn_date(state.newest)}）",
                    url=col.url,
                    captured_at=rec.fetched_at,
                    detail={**detail, "reason": "超期未更新"},
                )
            )
            continue
        if state.undated >= fr.undated_min_items and state.undated > 0:
            add(
                site_finding(
                    inp,
                    "column.undated",
                    f"栏目“{col.name}”有{state.undated}条信息无发布日期",
                    url=col.url,
                    captured_at=rec.fetched_at,
                    detail=detail,
                    count=1,
                )
            )
    return out


def _unread_column(inp: SiteInput, col: ColumnView, captured_at: str, detail: dict[str, object]) -> Finding:
    """column.unverified for a column whose list no reading found: neither fresh nor stale, a person looks."""
    why = [lst.blank_reason for pv in col.pages if pv.facts and (lst := pv.facts.list) and lst.blank_reason]
    doubts = [why[0] if why else "列表由脚本生成，未能读取"]
    return site_finding(
        inp,
        DOUBTFUL_READING,
        f"栏目“{col.name}”的列表未能读取，不作是否更新的结论（待核实：{doubts[0]}）",
        url=col.url,
        captured_at=captured_at,
        detail={**detail, "doubts": doubts},
    )


def _dates(items: Iterable[ListItem], day: dt.date) -> list[tuple[dt.date, ListItem]]:
    out = []
    for it in items:
        d = parse_date(it.date)
        if d is not None and d <= day:
            out.append((d, it))
    return out


def check_homepage(inp: SiteInput, profile: Profile) -> list[Finding]:
    """homepage.stale: the newest dated item on the homepage (or, for a navigation-only homepage,
    on any column page) is older than the homepage window; column.unverified on a doubtful reading."""
    hp = inp.homepage()
    if hp is None or hp.facts is None or hp.record.error is not None:
        return []
    day = inp.checkpoint_date
    window = profile.freshness.homepage
    dated = _dates(hp.facts.list.items if hp.facts.list else [], day)
    basis = "首页"
    read = [hp]  # the pages whose lists the judgement rests on
    if not dated:
        basis = "二级页面"
        for col in site_columns(inp):
            if col.page is not None and col.page.facts is not None and col.page.facts.list is not None:
                dated.extend(_dates(col.page.facts.list.items, day))
                read.append(col.page)
    doubts = reading_doubts(read)
    rec = hp.record
    if not dated:
        judged = [
            c for c in site_columns(inp) if (s := column_state(c, day)) is not None and not s.unreadable
        ]
        if not judged or not profile.freshness.undated_counts_as_stale:
            return []
        return [
            unless_doubtful(
                site_finding(
                    inp,
                    "homepage.stale",
                    f"首页及二级页面均未发现带发布日期的信息，视为{window.text()}内未更新",
                    url=rec.url,
                    captured_at=rec.fetched_at,
                    detail={"basis": basis, "window": window.text(), "newest_date": None},
                ),
                doubts,
            )
        ]
    newest, item = max(dated, key=lambda x: (x[0], x[1].title))
    if newest >= window.cutoff(day):
        return []
    return [
        unless_doubtful(
            site_finding(
                inp,
                "homepage.stale",
                f"首页{window.text()}内未更新（{basis}最新信息《{item.title}》发布于{cn_date(newest)}）",
                url=rec.url,
                captured_at=rec.fetched_at,
                detail={
                    "basis": basis,
                    "window": window.text(),
                    "cutoff": window.cutoff(day).isoformat(),
                    "newest_title": item.title,
                    "newest_date": newest.isoformat(),
                    "newest_url": item.url,
                },
            ),
            doubts,
        )
    ]


def column_counts(findings: Sequence[Finding]) -> dict[str, dict[str, int]]:
    """Per site: {"stale": n, "blank": n} over column findings."""
    out: dict[str, dict[str, int]] = {}
    for f in findings:
        if f.code in ("column.stale", "column.blank"):
            c = out.setdefault(f.target, {"stale": 0, "blank": 0})
            c[f.code.split(".")[1]] += f.count
    return dict(sorted(out.items()))


def group_column_counts(
    findings: Sequence[Finding], groups: dict[str, str | None]
) -> dict[str, dict[str, int]]:
    """Per site group (Site.group, else the site's own code): stale and blank column counts."""
    out: dict[str, dict[str, int]] = {}
    for site, counts in column_counts(findings).items():
        g = groups.get(site) or site
        c = out.setdefault(g, {"stale": 0, "blank": 0})
        c["stale"] += counts["stale"]
        c["blank"] += counts["blank"]
    return dict(sorted(out.items()))
