"""Dates as Chinese government pages print them, normalised to ISO (`YYYY-MM-DD[ HH:MM[:SS]]`).

Handles 2023-06-20, 2023/6/20, 2023.06.20, 2023年6月20日 09时32分, [06-20] with the year taken from
the URL (/202306/t20230620_1.html, /art/2023/6/20/, /2023-06/20/) or from a heading.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

_SEP_TIME: Final = r"[:：∶时]"
FULL_DATE: Final = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*"
    r"(?:(?P<s1>[-/.－])\s*(?P<m>\d{1,2})\s*(?P=s1)\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})(?!\d)\s*日?)"
    r"(?:(?:\s*|T)(?P<H>[012]?\d)\s*" + _SEP_TIME + r"\s*(?P<M>[0-5]\d)(?!\d)"
    r"(?:\s*[:：∶分]\s*(?P<S>[0-5]\d)(?!\d))?)?"
)
# Month-day without a year: "06-20", "[06-20]", "6月20日", "06/20". Never matched inside a longer number.
SHORT_DATE: Final = re.compile(r"(?P<m>[01]?\d)\s*(?P<sep>[-/月.])\s*(?P<d>[0-3]?\d)(?![\d:])\s*日?")
_COMPACT: Final = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")
_URL_T: Final = re.compile(r"[/_]t(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)_")
_URL_YMD: Final = re.compile(r"/(?P<y>(?:19|20)\d{2})[-/_]?(?P<m>[01]?\d)[-/_](?P<d>[0-3]?\d)/")
_URL_YMD_COMPACT: Final = re.compile(r"/(?P<y>(?:19|20)\d{2})/?(?P<m>[01]\d)(?P<d>[0-3]\d)/")
_URL_ART: Final = re.compile(r"/art/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/")
_URL_YM: Final = re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)/")
_URL_Y: Final = re.compile(r"/(?P<y>(?:19|20)\d{2})/")
_DIGITS_DOT: Final = frozenset("0123456789.")
_SHORT_BEFORE: Final = frozenset("0123456789-/.年")
_YEAR_HEADING: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


@dataclass(slots=True, frozen=True)
class FoundDate:
    """A date found in text: ISO value, the date part alone, and where it was."""

    iso: str
    day: str
    start: int
    end: int


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _iso(
    y: int, m: int, d: int, hh: str | None = None, mm: str | None = None, ss: str | None = None
) -> str | None:
    day = _mk(y, m, d)
    if day is None:
        return None
    out = day.isoformat()
    if hh is not None and mm is not None and int(hh) < 24:
        out += f" {int(hh):02d}:{mm}"
        if ss is not None:
            out += f":{ss}"
    return out


def iso_of_match(m: re.Match[str], with_time: bool = True) -> str | None:
    """ISO value of a FULL_DATE match, or None when it is not a real calendar date."""
    return printed_iso(m, with_time)[0]


# The printed date → (ISO value, the printed text), one table without and one with the time of day.
_PRINTED: Final[tuple[dict[str, tuple[str | None, str]], dict[str, tuple[str | None, str]]]] = ({}, {})
_PRINTED_MAX: Final = 8192


def printed_iso(m: re.Match[str], with_time: bool = True) -> tuple[str | None, str]:
    """(`iso_of_match`, the date as printed) of a FULL_DATE match, one copy of each printed text.

    Cached by the printed text, which alone decides the match's groups: pages repeat a small set of dates,
    and reading the groups and building the ISO string cost many times the lookup."""
    shown = m.group(0)
    table = _PRINTED[1 if with_time else 0]
    known = table.get(shown)
    if known is None:
        if len(table) >= _PRINTED_MAX:
            table.clear()
        y, _sep, mo, d, mo2, d2, hh, mi, ss = m.groups()
        day = int(d or d2)
        iso = (
            _iso(int(y), int(mo or mo2), day, hh, mi, ss) if with_time else _iso(int(y), int(mo or mo2), day)
        )
        known = (iso, shown)
        table[shown] = known
    return known


def search_dates(rx: re.Pattern[str], text: str, avoid_before: frozenset[str]) -> list[re.Match[str]]:
    """Matches of rx not preceded by a character in avoid_before (search loop: finditer's scanner set-up
    costs ~10 µs per call, more than the matching itself on short texts)."""
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        m = rx.search(text, pos)
        if m is None:
            return out
        start = m.start()
        if not (start and text[start - 1] in avoid_before):
            out.append(m)
            pos = m.end()
        else:
            pos = start + 1


def find_dates(text: str, *, with_time: bool = True) -> list[FoundDate]:
    """Every full (year-bearing) date in text, in order."""
    out: list[FoundDate] = []
    # (A leading lookbehind would halve the regex speed; the preceding character is checked instead.)
    for m in search_dates(FULL_DATE, text, _DIGITS_DOT):
        iso = iso_of_match(m, with_time)
        if iso is None:
            continue
        out.append(FoundDate(iso=iso, day=iso[:10], start=m.start(), end=m.end()))
    return out


def first_date(text: str, *, with_time: bool = True) -> FoundDate | None:
    """The first full date in text, or None."""
    found = find_dates(text[:4000], with_time=with_time)
    return found[0] if found else None


def parse_date(value: str | None) -> str | None:
    """Normalise one date string (e.g. a meta PubDate "2023-08-19 10∶08") to ISO; None if not a date."""
    if not value:
        return None
    f = first_date(value)
    if f is not None:
        return f.iso
    m = _COMPACT.search(value)
    if m:
        return _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return None


def date_from_url(url: str | None) -> str | None:
    """The publication day encoded in a URL (/t20230620_1.html, /art/2023/6/20/, /2023-06/20/), if any."""
    if not url:
        return None
    for rx in (_URL_T, _URL_ART, _URL_YMD, _URL_YMD_COMPACT):
        m = rx.search(url)
        if m:
            iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if iso:
                return iso
    return None


def year_from_url(url: str | None) -> int | None:
    """A year in a URL path (/202306/, /2023-06/, /t20230620_, /art/2023/…), if any."""
    if not url:
        return None
    day = date_from_url(url)
    if day:
        return int(day[:4])
    for rx in (_URL_YM, _URL_Y):
        m = rx.search(url)
        if m:
            return int(m.group("y"))
    return None


def month_from_url(url: str | None) -> tuple[int, int] | None:
    """(year, month) in a URL path, if any."""
    if not url:
        return None
    day = date_from_url(url)
    if day:
        return int(day[:4]), int(day[5:7])
    m = _URL_YM.search(url)
    if m and 1 <= int(m.group("m")) <= 12:
        return int(m.group("y")), int(m.group("m"))
    return None


def year_in_heading(text: str) -> int | None:
    """A lone year such as "2023年" in a heading (lists that print only [06-20])."""
    m = _YEAR_HEADING.search(text)
    return int(m.group(1)) if m else None


def short_date(text: str, url: str | None, year_hint: int | None) -> str | None:
    """A month-day date in text completed with a year from the item's URL or the page heading."""
    m = None
    for cand in search_dates(SHORT_DATE, text, _SHORT_BEFORE):
        if cand.group("sep") == "." and not re.match(r"\s*\d", text[cand.end("sep") :]):
            continue
        m = cand
        break
    if m is None:
        return None
    mo, d = int(m.group("m")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    year: int | None = None
    ym = month_from_url(url)
    if ym is not None:
        uy, um = ym
        # A December item linked under next January's folder is rare; an item shown in January under
        # a December folder means the following year.
        year = uy + 1 if (um == 12 and mo == 1) else uy
    elif year_hint is not None:
        year = year_hint
    if year is None:
        return None
    return _iso(year, mo, d)


def day_of(iso: str | None) -> str | None:
    """The `YYYY-MM-DD` part of an ISO date-time."""
    return iso[:10] if iso else None
