"""Footer identity: 网站标识码, ICP备案号, 公安机关备案号, 党政机关 badge, "我为政府网站找错" entry, 主办单位.

Values are read from the visible text as printed (whitespace removed inside numbers); the badge and the
找错 entry are read from the markup, including script tags that render them.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Final

from govinspect.extract.facts import Footer
from govinspect.extract.links import comment_spans, find_by_char, holds_any, search_from_first

# "网站标识码", also printed as 网站识别码 or plain 标识码; the code is 10 digits, or bm + 8 (departments)
_SITE_ID: Final = re.compile(r"(?:标识|识别)码\s*[：:]?\s*((?:bm|BM)\d{8}|\d{10})(?!\d)")
_SITE_ID_STARTS: Final = ("标识码", "识别码")
_ICP: Final = re.compile(r"ICP\s*([备证])\s*[：:]?\s*(\d{5,})\s*(号)?(?:\s*([-－—])\s*(\d{1,3}))?")
_GONGAN: Final = re.compile(r"(?:公网安备|公安网备)\s*(号)?\s*[：:]?\s*(\d{8,})\s*(号)?")
_GONGAN_STARTS: Final = ("公网安备", "公安网备")
_GONGAN_PLAIN: Final = re.compile(r"公安(?:机关)?备案号\s*[：:]?\s*[\d\-]{8,}")
_SPONSOR: Final = re.compile(r"主办(?:单位)?\s*[：:]\s*([^\s|｜,，;；:：]{2,40})")
_CONTACT: Final = re.compile(
    r"(?:联系电话|电话|联系方式)\s*[：:]?\s*((?:\d{3,4}[-－—]?)?\d{7,8}(?:[-－]\d{1,4})?)"
)
_CONTACT_STARTS: Final = ("联系", "电话")
_CODE_IN_TAG: Final = re.compile(
    r"(?:sitecode|site_code|link\()\s*[=:(]?\s*[\"'&#39;]*\s*([A-Za-z]{0,2}\d{8,10})", re.I
)
_MAX_HITS: Final = 40


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fa5"


def _province_before(text: str, pos: int) -> str:
    """The one-character province prefix (豫, 京 …) printed just before pos, or ''."""
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return text[i] if i >= 0 and _is_cjk(text[i]) else ""


class _Comments:
    """Comment spans of a page, found once when first asked, so "is this position inside <!-- -->?" is a
    bisection (a page on which no marker occurs is never searched for comments)."""

    def __init__(self, html: str) -> None:
        self.html = html

    @cached_property
    def _spans(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of the comments (an unclosed last comment runs to the end)."""
        spans = comment_spans(self.html)
        return [s for s, _ in spans], [len(self.html) if c < 0 else c + 3 for _, c in spans]

    def covers(self, pos: int) -> bool:
        """Whether pos lies inside an HTML comment."""
        starts, ends = self._spans
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]


def _tag_at(html: str, pos: int) -> str:
    """The markup tag enclosing position pos (from its '<' to its '>'), or ''."""
    start = html.rfind("<", 0, pos)
    end = html.find(">", pos)
    if start < 0 or end < 0 or html.find(">", start, pos) >= 0:
        return ""
    return html[start : end + 1]


# Marker words with a character rare in markup (tens on a page), and its index: a CJK character, or an
# upper-case O. The lower-case markers have none (even z and j stand hundreds of times on a page).
_KEY_CHAR: Final = {"党政机关": 0, "CONAC": 1}


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    """Positions of needle, the first _MAX_HITS, found lazily (a caller that stops early scans less) and
    without overlap, as repeated str.find finds them (through a rare character, `find_by_char`, where the
    needle has one)."""
    at = _KEY_CHAR.get(needle, -1)
    start = 0
    for _ in range(_MAX_HITS):
        pos = find_by_char(haystack, needle, at, start) if at >= 0 else haystack.find(needle, start)
        if pos < 0:
            return
        yield pos
        start = pos + len(needle)


def _badge(html: str, comments: _Comments) -> tuple[bool, str | None]:
    """The 党政机关/事业单位 badge: present, and its kind (党政机关 for the red one, 事业单位 for the blue)."""
    red = False
    for p in _occurrences(html, "党政机关"):
        tag = _tag_at(html, p)
        if tag.lower().startswith("<img") and not comments.covers(p):
            red = True
            break
    for p in _occurrences(html, "dzjg") if not red else ():
        tag = _tag_at(html, p).lower()
        if tag.startswith("<img") and not comments.covers(p):
            red = True
            break
    if red:  # a red badge image is the badge: "conac" need not be looked for
        return True, "党政机关"
    # "onac" finds conac, Conac (_ideConac, imgConac) and CONAC without lower-casing the whole page.
    present = any(
        p > 0 and html[p - 1] in "cC" and not comments.covers(p) for p in _occurrences(html, "onac")
    ) or any(not comments.covers(p) for p in _occurrences(html, "CONAC"))
    if not present:
        return False, None
    # The badge's image sits in the footer, near the end: searched from there.
    if html.rfind("red.png") >= 0:
        return True, "党政机关"
    if html.rfind("blue.png") >= 0:
        return True, "事业单位"
    return True, None


def _zhaocuo(html: str, comments: _Comments) -> tuple[bool, str | None]:
    """The 找错 entry (a jiucuo/zfwzgl script, link or image outside comments) and the site code it names."""
    found = False
    code: str | None = None
    hits = [*_occurrences(html, "jiucuo"), *_occurrences(html, "zfwzgl")]
    for p in sorted(hits):
        if comments.covers(p):
            continue
        tag = _tag_at(html, p)
        low = tag.lower()
        if low.startswith(("<script", "<a ", "<a\n", "<img")) or "sitecode" in low or "site_code" in low:
            found = True
            m = _CODE_IN_TAG.search(tag)
            if m and code is None:
                code = m.group(1)
            if code is not None:
                break
    return found, code


_JS_STRING: Final = re.compile(r"""(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')(\s*\+\s*)?""")
_TAG: Final = re.compile(r"<[^>]*>")
_JS_ESCAPE: Final = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)", re.S)
_IDENTITY_WORDS: Final = ("标识码", "ICP", "公网安备", "公安网备", "公安机关备案", "公安备案")


def _unescape_js(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else m.group(3)


def script_text(scripts: list[str]) -> str:
    """What scripts would print: their string literals, with 'a'+'b' joined and markup dropped.

    Footers written by document.write or innerHTML strings ('…粤公网安备'+'44010402001160号…') have their
    identity numbers only here (failure class 6)."""
    parts: list[str] = []
    for src in scripts:
        if not holds_any(src, _IDENTITY_WORDS) and find_by_char(src, "\\u") < 0:
            continue
        for m in _JS_STRING.finditer(src):
            parts.append(m.group(1) if m.group(1) is not None else m.group(2))
            if m.group(3) is None:  # not concatenated with the next literal
                parts.append(" ")
    joined = _JS_ESCAPE.sub(_unescape_js, "".join(parts))
    return re.sub(r"\s+", " ", html_lib.unescape(_TAG.sub(" ", joined)))


def read_footer(text: str, html: str, scripts: list[str] | None = None) -> Footer:
    """Footer identity of a page from its visible text and raw markup (comments ignored); identity numbers
    missing from the text are looked for in what the page's scripts print."""
    f = _identity(text)
    if scripts and (f.site_id_code is None or f.icp is None or f.gongan is None):
        written = script_text(scripts)
        if written.strip():
            by_script = _identity(written)
            f.site_id_code = f.site_id_code or by_script.site_id_code
            f.icp = f.icp or by_script.icp
            f.gongan = f.gongan or by_script.gongan
            f.sponsor = f.sponsor or by_script.sponsor
            f.contact = f.contact or by_script.contact
    # These markers are written in lower case in practice; the raw page stands in for a lower-cased copy.
    comments = _Comments(html)
    f.party_gov_badge, f.conac_kind = _badge(html, comments)
    f.zhaocuo_entry, f.zhaocuo_site_code = _zhaocuo(html, comments)
    if find_by_char(text, "我为政府网站找错") >= 0:
        f.zhaocuo_entry = True
    return f


def _identity(text: str) -> Footer:
    """网站标识码, ICP, 公安备案, 主办单位 and contact as printed in text."""
    f = Footer()
    m = search_from_first(_SITE_ID, text, _SITE_ID_STARTS)
    if m:
        f.site_id_code = m.group(1)
    for m2 in _ICP.finditer(text):
        prov = _province_before(text, m2.start())
        if not prov:
            continue
        kind, num, hao, _dash, sub = m2.groups()
        f.icp = f"{prov}ICP{kind}{num}{hao or ''}" + (f"-{sub}" if sub else "")
        break
    m3 = search_from_first(_GONGAN, text, _GONGAN_STARTS)
    if m3:
        prov = _province_before(text, m3.start())
        f.gongan = prov + re.sub(r"[\s：:]+", "", m3.group(0))
    else:
        m3b = _GONGAN_PLAIN.search(text)
        if m3b:
            f.gongan = re.sub(r"\s+", "", m3b.group(0))
    m4 = _SPONSOR.search(text)
    if m4:
        f.sponsor = m4.group(1)
    m5 = search_from_first(_CONTACT, text, _CONTACT_STARTS)
    if m5:
        f.contact = m5.group(1)
    return f
