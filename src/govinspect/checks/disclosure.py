"""Disclosure checks: the 政府信息公开 platform, its four statutory sections, last year's 年报,
and per-site publication counts for the notices' ranking tables."""

from __future__ import annotations

import datetime as dt

from govinspect.checks.common import parse_date, site_finding
from govinspect.checks.freshness import column_state, site_columns
from govinspect.checks.inputs import SiteInput
from govinspect.model import ColumnCategory, Finding
from govinspect.rules import Profile

SECTION_CATEGORIES = {
    "政府信息公开指南": ColumnCategory.DISCLOSURE_GUIDE.value,
    "政府信息公开制度": ColumnCategory.DISCLOSURE_RULES.value,
    "法定主动公开内容": ColumnCategory.DISCLOSURE_STATUTORY.value,
    "政府信息公开年报": ColumnCategory.DISCLOSURE_REPORT.value,
}
DISCLOSURE_CATEGORIES = frozenset(SECTION_CATEGORIES.values())


def _names(inp: SiteInput) -> list[tuple[str, str, str]]:
    """(name, url, category) of every column, nav entry and link anchor seen on the site."""
    out: list[tuple[str, str, str]] = [(c.name, c.url, c.category) for c in site_columns(inp)]
    for pv in inp.pages:
        if pv.facts is None:
            continue
        out.extend((n.name, n.url, n.category) for n in pv.facts.nav)
        if pv.facts.column.name:
            out.append((pv.facts.column.name, pv.record.url, pv.facts.column.category))
    for link in inp.links:
        out.extend((s.anchor, link.url, "其他") for s in link.sources)
    return sorted(set(out))


def _applies(inp: SiteInput, profile: Profile) -> bool:
    hp = inp.homepage()
    ok = hp is not None and hp.facts is not None and hp.record.error is None
    return ok and inp.site.kind.value in profile.disclosure.applies_to


def _section_present(section: str, names: list[tuple[str, str, str]], aliases: list[str]) -> bool:
    short = section.replace("政府信息公开", "")
    cat = SECTION_CATEGORIES.get(section)
    for name, _, category in names:
        if section in name or (cat is not None and category == cat) or any(a in name for a in aliases):
            return True
        if short and short in name and "公开" in name:
            return True
    return False


def check_platform(inp: SiteInput, profile: Profile) -> list[Finding]:
    """disclosure.platform_missing / disclosure.section_missing."""
    if not _applies(inp, profile):
        return []
    hp = inp.homepage()
    assert hp is not None
    names = _names(inp)
    d = profile.disclosure
    platform = [(n, u) for n, u, c in names if d.platform_name in n or c in DISCLOSURE_CATEGORIES]
    if not platform:
        return [
            site_finding(
                inp,
                "disclosure.platform_missing",
                f"未设置“{d.platform_name}”平台",
                url=hp.record.url,
                captured_at=hp.record.fetched_at,
                detail={"platform_name": d.platform_name},
            )
        ]
    missing = [s for s in d.sections if not _section_present(s, names, d.section_aliases.get(s, []))]
    if not missing:
        return []
    return [
        site_finding(
            inp,
            "disclosure.section_missing",
            f"“{d.platform_name}”平台缺少{'、'.join(missing)}",
            url=platform[0][1],
            captured_at=hp.record.fetched_at,
            detail={"missing": missing, "platform_url": platform[0][1]},
            count=len(missing),
        )
    ]


def check_annual_report(inp: SiteInput, profile: Profile) -> list[Finding]:
    """disclosure.annual_report_missing: after the due date, no 年报 of the previous year is listed."""
    if not _applies(inp, profile):
        return []
    day = inp.checkpoint_date
    month, dom = (int(x) for x in profile.disclosure.annual_report_due.split("-"))
    if day <= dt.date(day.year, month, dom):
        return []
    year = day.year - 1
    cols = [
        c
        for c in site_columns(inp)
        if c.category == ColumnCategory.DISCLOSURE_REPORT.value or "年报" in c.name or "年度报告" in c.name
    ]
    if not cols:
        return []  # a missing 年报 section is disclosure.section_missing
    judged = False
    for c in cols:
        state = column_state(c, day)
        if state is None or state.unreadable:
            continue
        window = profile.freshness.window_for(c.category, c.level)
        if state.blank or (
            window is not None and (state.newest is None or state.newest < window.cutoff(day))
        ):
            return []  # already a blank or stale column: not penalised twice
        judged = True
        for pv in c.pages:
            items = pv.facts.list.items if pv.facts is not None and pv.facts.list is not None else []
            if any(f"{year}年" in item.title for item in items):
                return []
    for link in inp.links:
        if any(
            f"{year}年" in s.anchor and ("年报" in s.anchor or "年度报告" in s.anchor) for s in link.sources
        ):
            return []
    if not judged:
        return []
    first = cols[0]
    return [
        site_finding(
            inp,
            "disclosure.annual_report_missing",
            f"未发布{year}年度政府信息公开工作年度报告",
            url=first.url,
            captured_at=first.page.record.fetched_at if first.page else None,
            detail={
                "year": year,
                "due": f"{day.year}-{profile.disclosure.annual_report_due}",
                "column": first.name,
            },
        )
    ]


def published_count(inp: SiteInput, since: dt.date) -> dict[str, int]:
    """Items dated in [since, checkpoint] per column name (for the notices' ranking tables)."""
    day = inp.checkpoint_date
    out: dict[str, int] = {}
    for c in site_columns(inp):
        if c.page is None or c.page.facts is None or c.page.facts.list is None:
            continue
        n = sum(
            1
            for it in c.page.facts.list.items
            if (d := parse_date(it.date)) is not None and since <= d <= day
        )
        if n:
            out[c.name] = out.get(c.name, 0) + n
    return dict(sorted(out.items()))
