"""Lexicon scanning of page and post text: serious errors, outdated names, sensitive words, privacy leaks.

Lexicons are data files under `govinspect/lexicon/` (each entry with its source), loaded once
into one Aho-Corasick automaton; near variants of canonical formulations come from
`govinspect.content.matcher`; ID numbers and mobile numbers are found by pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from govinspect.content.hits import (
    CONTEXT_CHARS,
    HIT_LABELS,
    ID_NUMBER,
    MOBILE,
    OUTDATED_NAME,
    OUTDATED_TERM,
    SENSITIVE_WORD,
    SERIOUS_ERROR,
    TYPO,
    Hit,
    make_hit,
)
from govinspect.content.matcher import Matcher, default_matcher

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"

__all__ = [
    "CONTEXT_CHARS",
    "HIT_LABELS",
    "ID_NUMBER",
    "MOBILE",
    "OUTDATED_NAME",
    "OUTDATED_TERM",
    "SENSITIVE_WORD",
    "SERIOUS_ERROR",
    "TYPO",
    "Hit",
    "Lexicon",
    "default_lexicon",
    "id_number_valid",
    "load_lexicon",
    "scan_text",
]

_WORD_FILES = ("serious_errors.yaml", "outdated_names.yaml", "outdated_terms.yaml", "sensitive_words.yaml")
_QUOTE_WINDOW = 4  # characters before a hit searched for 所谓 or an opening quote


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    wrong: str
    correct: str | None
    source: str
    since: dt.date | None = None  # outdated names: flagged only on pages published after this date
    quoted_ok: bool = False  # a quotation (after 所谓, inside quotes) is not an error
    category: str = ""


@dataclass(frozen=True, slots=True)
class _Mask:
    phrase: str  # a longer, correct phrase that contains a lexicon word


@dataclass(frozen=True, slots=True)
class PrivacyRules:
    id_source: str
    mobile_source: str
    mobile_allow_context: tuple[str, ...]
    mobile_allow_chars: int


class Lexicon:
    """All word entries in one automaton plus the privacy rules."""

    def __init__(
        self,
        entries: list[Entry],
        masks: list[str],
        privacy: PrivacyRules,
        matcher: Matcher | None = None,
    ) -> None:
        self.entries = tuple(entries)
        self.privacy = privacy
        self.matcher = matcher
        self._auto: Any = ahocorasick.Automaton()
        table: dict[str, list[Entry | _Mask]] = {}
        for e in entries:
            table.setdefault(e.wrong, []).append(e)
        for m in masks:
            table.setdefault(m, []).append(_Mask(m))
        for word, values in table.items():
            self._auto.add_word(word, (word, tuple(values)))
        if table:
            self._auto.make_automaton()
        self._empty = not table

    def scan(self, text: str, published: dt.date | None) -> list[Hit]:
        hits: list[Hit] = []
        if not self._empty and text:
            spans: list[tuple[int, int, Entry]] = []
            masks: list[tuple[int, int]] = []
            for end, (word, values) in self._auto.iter(text):
                start = end - len(word) + 1
                for v in values:
                    if isinstance(v, _Mask):
                        masks.append((start, end))
                    else:
                        spans.append((start, end, v))
            for start, end, e in spans:
                if any(ms <= start and end <= me for ms, me in masks):
                    continue
                # a shorter word of the same code inside a longer hit (法制办 in 法制办公室) is dropped
                if any(
                    o.code == e.code and os_ <= start and end <= oe and (oe - os_) > (end - start)
                    for os_, oe, o in spans
                ):
                    continue
                if e.since is not None and published is not None and published <= e.since:
                    continue
                if e.quoted_ok and _quoted(text, start):
                    continue
                rule = "outdated" if e.since is not None else "exact"
                hits.append(make_hit(text, e.code, start, end + 1, e.correct, e.source, rule, e.category))
        if self.matcher is not None and text:
            taken = [(h.offset, h.end) for h in hits]
            for h in self.matcher.scan(text, published):
                if not any(s < h.end and h.offset < e for s, e in taken):
                    hits.append(h)
        hits.extend(_id_hits(text, self.privacy.id_source))
        hits.extend(_mobile_hits(text, self.privacy))
        hits.sort(key=lambda h: (h.offset, h.code, h.matched))
        return _dedupe(hits)


def _dedupe(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    seen: set[tuple[str, str, int]] = set()
    for h in hits:
        key = (h.code, h.matched, h.offset)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _quoted(text: str, start: int) -> bool:
    """Whether the hit at `start` is quoted: right after 所谓 or an opening quotation mark."""
    before = text[max(0, start - _QUOTE_WINDOW) : start]
    return "所谓" in before or before.endswith(("“", "‘", "「", '"', "'"))


def _hit(text: str, code: str, start: int, end: int, correction: str | None, source: str) -> Hit:
    return make_hit(text, code, start, end, correction, source, "pattern", "privacy")


# digit runs are found first and their boundaries checked after: a leading look-behind would
# stop the regex engine's fast scan for a first digit
_ID_RE = re.compile(r"[1-9]\d{16}[\dXx]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer run of letters and digits."""
    return not (start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()) and not (
        end < len(text) and text[end].isascii() and text[end].isalnum()
    )


def id_number_valid(number: str) -> bool:
    """GB 11643-1999: a real birth date and a matching ISO 7064 MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _id_hits(text: str, source: str) -> list[Hit]:
    return [
        _hit(text, ID_NUMBER, m.start(), m.end(), "应脱敏处理（如隐去出生日期等位）", source)
        for m in _ID_RE.finditer(text)
        if _alone(text, m.start(), m.end()) and id_number_valid(m.group())
    ]


def _mobile_hits(text: str, rules: PrivacyRules) -> list[Hit]:
    """Unmasked mobile numbers, except those presented as contact numbers: an allow word shortly
    before the number, or right after another allowed number ("联系人：张先生 138…… 139……")."""
    out = []
    last_allowed_end = -(10**9)
    for m in _MOBILE_RE.finditer(text):
        if not _alone(text, m.start(), m.end()):
            continue
        before = text[max(0, m.start() - rules.mobile_allow_chars) : m.start()]
        chained = m.start() - last_allowed_end <= rules.mobile_allow_chars
        if chained or any(word in before for word in rules.mobile_allow_context):
            last_allowed_end = m.end()
            continue
        out.append(
            _hit(text, MOBILE, m.start(), m.end(), "应脱敏处理（如 138****1234）", rules.mobile_source)
        )
    return out


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


_CATEGORIES = {
    SERIOUS_ERROR: "formulation",
    OUTDATED_NAME: "outdated",
    OUTDATED_TERM: "outdated",
    SENSITIVE_WORD: "xinhua",
    TYPO: "term",
}


def load_lexicon(folder: Path = LEXICON_DIR, matcher: Matcher | None = None) -> Lexicon:
    """Read every lexicon data file of `folder`; `matcher` adds the canonical-variant search."""
    entries: list[Entry] = []
    masks: list[str] = []
    for name in _WORD_FILES:
        path = folder / name
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = data["code"]
        for raw in data.get("entries", []):
            ecode = str(raw.get("code", code))
            entries.append(
                Entry(
                    code=ecode,
                    wrong=str(raw["wrong"]),
                    correct=raw.get("correct"),
                    source=str(raw["source"]),
                    since=_as_date(raw.get("since")),
                    quoted_ok=bool(raw.get("quoted_ok", False)),
                    category="xinhua" if code == SENSITIVE_WORD else _CATEGORIES.get(ecode, ""),
                )
            )
            masks.extend(str(a) for a in raw.get("allow", []) or [])
    pdata: dict[str, Any] = {}
    if (folder / "privacy.yaml").exists():
        pdata = yaml.safe_load((folder / "privacy.yaml").read_text(encoding="utf-8")) or {}
    mob = pdata.get("mobile", {})
    privacy = PrivacyRules(
        id_source=str(pdata.get("id_number", {}).get("source", "GB 11643-1999")),
        mobile_source=str(mob.get("source", "《个人信息保护法》")),
        mobile_allow_context=tuple(mob.get("allow_context", [])),
        mobile_allow_chars=int(mob.get("allow_context_chars", 12)),
    )
    return Lexicon(entries, masks, privacy, matcher)


@functools.cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon with the canonical-variant matcher, loaded once per process."""
    return load_lexicon(matcher=default_matcher())


def scan_file(path: Path, published: dt.date | None = None) -> tuple[str, list[Hit]]:
    """The text of a .txt/.html/.pdf/.docx/.xlsx file and its hits; offsets index that text."""
    from govinspect.content.files import file_text

    text = file_text(path.name, path.read_bytes())
    return text, scan_text(text, published)


def scan_text(text: str, published: dt.date | None = None) -> list[Hit]:
    """All lexicon hits in `text`, sorted by offset.

    `published` is the publication date of the text; outdated institution names are reported
    only when it is after the name's switch-over date. `None` means current content (flagged).
    """
    return default_lexicon().scan(text, published)
