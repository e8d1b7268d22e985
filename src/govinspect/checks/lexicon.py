"""Lexicon scanning of page and post text: serious errors, outdated names, sensitive words, privacy leaks.

Lexicons are data files under `govinspect/lexicon/` (each entry with its source), loaded once
into one Aho-Corasick automaton; ID numbers and mobile numbers are found by pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick
import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicon"
CONTEXT_CHARS = 20

SERIOUS_ERROR = "content.serious_error"
OUTDATED_NAME = "content.outdated_name"
SENSITIVE_WORD = "content.sensitive_word"
ID_NUMBER = "privacy.id_number"
MOBILE = "privacy.mobile"

_WORD_FILES = ("serious_errors.yaml", "outdated_names.yaml", "sensitive_words.yaml")


class Hit(NamedTuple):
    """One lexicon hit: the matched text with 20 characters of context either side."""

    code: str
    matched: str
    context: str
    correction: str | None
    source: str
    offset: int

    @property
    def kind(self) -> str:
        """The code without its family: serious_error, outdated_name, sensitive_word, id_number, mobile."""
        return self.code.split(".", 1)[1]

    @property
    def label(self) -> str:
        """The Chinese name of the hit's class."""
        return HIT_LABELS.get(self.code, self.code)

    @property
    def severity(self) -> str:
        """严重 for serious expression errors (a veto item nationally), else 一般."""
        return "严重" if self.code == SERIOUS_ERROR else "一般"

    @property
    def term(self) -> str:  # alias of `matched`
        return self.matched

    @property
    def correct(self) -> str | None:  # alias of `correction`
        return self.correction


HIT_LABELS = {
    SERIOUS_ERROR: "严重表述错误",
    OUTDATED_NAME: "过时机构名称",
    SENSITIVE_WORD: "禁用词、慎用词",
    ID_NUMBER: "泄露公民身份号码",
    MOBILE: "泄露个人手机号码",
}


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    wrong: str
    correct: str | None
    source: str
    since: dt.date | None = None  # outdated names: flagged only on pages published after this date


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

    def __init__(self, entries: list[Entry], masks: list[str], privacy: PrivacyRules) -> None:
        self.entries = tuple(entries)
        self.privacy = privacy
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
                hits.append(_hit(text, e.code, start, end + 1, e.correct, e.source))
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


def _hit(text: str, code: str, start: int, end: int, correction: str | None, source: str) -> Hit:
    context = text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    return Hit(code, text[start:end], context, correction, source, start)


_ID_RE = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE_RE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


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
        if id_number_valid(m.group())
    ]


def _mobile_hits(text: str, rules: PrivacyRules) -> list[Hit]:
    """Unmasked mobile numbers, except those presented as contact numbers: an allow word shortly
    before the number, or right after another allowed number ("联系人：张先生 138…… 139……")."""
    out = []
    last_allowed_end = -(10**9)
    for m in _MOBILE_RE.finditer(text):
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


def load_lexicon(folder: Path = LEXICON_DIR) -> Lexicon:
    """Read every lexicon data file of `folder`."""
    entries: list[Entry] = []
    masks: list[str] = []
    for name in _WORD_FILES:
        path = folder / name
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = data["code"]
        for raw in data.get("entries", []):
            entries.append(
                Entry(
                    code=code,
                    wrong=str(raw["wrong"]),
                    correct=raw.get("correct"),
                    source=str(raw["source"]),
                    since=_as_date(raw.get("since")),
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
    return Lexicon(entries, masks, privacy)


@functools.cache
def default_lexicon() -> Lexicon:
    """The built-in lexicon, loaded once per process."""
    return load_lexicon()


def scan_text(text: str, published: dt.date | None = None) -> list[Hit]:
    """All lexicon hits in `text`, sorted by offset.

    `published` is the publication date of the text; outdated institution names are reported
    only when it is after the name's switch-over date. `None` means current content (flagged).
    """
    return default_lexicon().scan(text, published)
