"""Personal data in text we write: mask it everywhere outside the archive.

Only the archive (the WARC files and the feed archive the checks re-read) keeps what a page said in
full. Findings, results, reports, sheets, notices and console lines show ID numbers, mobile numbers,
bank card and passport numbers masked (4190**********1013, 138****5678). `mask_personal_data` is the
one masker; the patterns it recognises without a keyword and the keywords after which any number is
masked are in `lexicon/privacy.yaml` (section `mask`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

PRIVACY_FILE = Path(__file__).resolve().parent / "lexicon" / "privacy.yaml"

# Numbers are bounded by non-digits only: "Tel13812345678" is still a mobile number. (The check is
# stricter; masking more than it reports costs nothing.)
_NO_DIGIT_BEFORE = r"(?<![0-9])"
_NO_DIGIT_AFTER = r"(?![0-9])"
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
# 18-digit 公民身份号码 with a plausible birth date; the check digit is not required (a mistyped
# number is still somebody's number).
_ID18 = re.compile(
    _NO_DIGIT_BEFORE
    + r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}"
    + _MONTH_DAY
    + r"[0-9]{3}[0-9Xx]"
    + _NO_DIGIT_AFTER
)
# 15-digit first-generation number: area, yymmdd, sequence.
_ID15 = re.compile(_NO_DIGIT_BEFORE + r"[1-9][0-9]{5}[0-9]{2}" + _MONTH_DAY + r"[0-9]{3}" + _NO_DIGIT_AFTER)
# Mainland mobile numbers, also written +86 138 1234 5678 or 138-1234-5678.
_MOBILE = re.compile(
    _NO_DIGIT_BEFORE + r"(?P<cc>(?:\+|00)?86[ -]?)?(?P<num>1[3-9][0-9](?:[ -]?[0-9]{4}){2})" + _NO_DIGIT_AFTER
)


@functools.cache
def _keyword_pattern() -> re.Pattern[str] | None:
    """Any number (letters allowed in front, spaces and hyphens inside) right after a keyword."""
    data: dict[str, Any] = {}
    if PRIVACY_FILE.exists():
        data = yaml.safe_load(PRIVACY_FILE.read_text(encoding="utf-8")) or {}
    conf = data.get("mask", {}) or {}
    words = sorted((str(w) for w in conf.get("keywords", []) or []), key=len, reverse=True)
    if not words:
        return None
    gap = int(conf.get("keyword_gap_chars", 6))
    return re.compile(
        "(?P<kw>"
        + "|".join(re.escape(w) for w in words)
        + ")"
        + r"(?P<gap>[^0-9A-Za-z\n]{0,"
        + str(gap)
        + "}?)"
        + r"(?P<num>[A-Za-z]{0,2}[0-9][0-9 \-]{5,28}[0-9Xx])"
        + _NO_DIGIT_AFTER
    )


def mask_number(value: str) -> str:
    """The masked form of one personal number, separators dropped, length kept.

    15 characters or more (ID numbers, bank cards): first 4 and last 4 shown; 11 to 14 (mobile
    numbers): first 3 and last 4; shorter (passports): first and last 2.
    """
    s = re.sub(r"[ \-]", "", value)
    n = len(s)
    head, tail = (4, 4) if n >= 15 else (3, 4) if n >= 11 else (1, 2)
    if n <= head + tail:
        return "*" * n
    return s[:head] + "*" * (n - head - tail) + s[n - tail :]


def _mobile(m: re.Match[str]) -> str:
    return (m.group("cc") or "") + mask_number(m.group("num"))


def _keyword(m: re.Match[str]) -> str:
    return m.group("kw") + m.group("gap") + mask_number(m.group("num"))


def mask_personal_data(text: str) -> str:
    """`text` with every personal ID, mobile, bank card or passport number masked (idempotent)."""
    if not text or not any(c.isdigit() for c in text):
        return text
    out = _ID18.sub(lambda m: mask_number(m.group()), text)
    out = _ID15.sub(lambda m: mask_number(m.group()), out)
    out = _MOBILE.sub(_mobile, out)
    kw = _keyword_pattern()
    return kw.sub(_keyword, out) if kw is not None else out


def mask_values(value: Any, mask: Callable[[str], str] = mask_personal_data) -> Any:
    """A copy of `value` with every string inside (dict values, list items, dataclass fields) masked."""
    if isinstance(value, str):
        return mask(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: mask_values(getattr(value, f.name), mask) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {k: mask_values(v, mask) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(mask_values(v, mask) for v in value)
    return value
