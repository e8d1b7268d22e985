"""Links a visitor cannot see: hidden by CSS (display:none, visibility:hidden, off-screen, zero size,
text in the background colour) or inside a zero-height <marquee> — the way 暗链 are planted.

Inline styles, a hiding `.class`/`#id` rule of the page's own <style>, and the element's ancestors are
read; which hidden links matter (outside the site, gambling/ads wording) is the security check's call.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.facts import HiddenLink
from govinspect.extract.links import Anchor, join_url

# A cheap test on the raw page: without one of these words nothing on it can be hidden this way.
MAY_HIDE: Final = re.compile(r"display|hidden|marquee|-\d{4,}|:\s*0|color", re.IGNORECASE)
# MAY_HIDE in parts, the cheap ones first: its letterless alternatives each begin with a literal character,
# found the way str.find finds it; its words are matched case-insensitively.
_LETTERLESS: Final = (re.compile(r":\s*0"), re.compile(r"-\d{4}"))
_WORDS: Final = re.compile(r"display|hidden|marquee|color", re.IGNORECASE)
_ASCII_WORDS: Final = (b"display", b"hidden", b"marquee", b"color")
# The only characters beyond ASCII that re.IGNORECASE matches to a letter of the words: İ, ı (i) and ſ (s).
_WORD_LETTER_FOLDS: Final = ("\u0130", "\u0131", "\u017f")


def may_hide(text: str) -> bool:
    """Whether MAY_HIDE matches text (most pages and styles answer yes by a letterless alternative)."""
    return any(rx.search(text) is not None for rx in _LETTERLESS) or _has_word(text)


def _has_word(text: str) -> bool:
    """Whether _WORDS matches text, read off its ASCII letters lower-cased (every other character a "?"):
    a case-insensitive search is tried at every position, many times slower on a page."""
    if any(ch in text for ch in _WORD_LETTER_FOLDS):
        return _WORDS.search(text) is not None
    folded = text.encode("ascii", "replace").lower()
    return any(word in folded for word in _ASCII_WORDS)


_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"display\s*:\s*none", re.I), "display:none"),
    (re.compile(r"visibility\s*:\s*hidden", re.I), "visibility:hidden"),
    (re.compile(r"(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{4,}", re.I), "移出屏幕"),
    (
        re.compile(r"(?<![-\w])(?:height|width|font-size)\s*:\s*0(?:px|em|pt|%)?\s*(?:;|!|$)", re.I),
        "尺寸为 0",
    ),
)
_COLOUR: Final = re.compile(r"(?<![-\w])color\s*:\s*([#\w]+)", re.I)
_BACKGROUND: Final = re.compile(r"background(?:-color)?\s*:\s*([#\w]+)", re.I)
_SIMPLE: Final = re.compile(r"^[.#][\w-]+$")
_MAX_RULE_SELECTORS: Final = 20


@lru_cache(maxsize=4096)
def style_hides(style: str) -> str | None:
    """How a CSS declaration block hides its element (Chinese/CSS words), or None.

    Cached: a page repeats its inline styles on many elements, and a site's pages repeat its styles."""
    if not style or not may_hide(style):
        return None
    for pattern, how in _RULES:
        if pattern.search(style):
            return how
    fg, bg = _COLOUR.search(style), _BACKGROUND.search(style)
    if fg and bg and fg.group(1).lower() == bg.group(1).lower():
        return "文字与背景同色"
    return None


def css_rules(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of each rule of a style sheet, as a "selectors{declarations}" regex finds
    them: cut at the braces by str.split (the regex spends many times longer on each character).

    A rule ends at a "}"; its declarations follow the last "{" before it, its selectors lie between that
    "{" and the brace before it (a "{" or the previous rule's "}"), and must not be empty."""
    rules = []
    for part in css.split("}")[:-1]:
        head, brace, body = part.rpartition("{")
        if brace:
            selectors = head.rpartition("{")[2]
            if selectors:
                rules.append((selectors, body))
    return rules


def hiding_selectors(css: str) -> dict[str, str]:
    """`.class` / `#id` selectors of a style sheet whose rule hides the element → how."""
    out: dict[str, str] = {}
    for selectors, body in css_rules(css):
        simple = [sel for s in selectors.split(",") if _SIMPLE.match(sel := s.strip())]
        if not simple:  # most rules select by descent (".nav li a"): their declarations need not be read
            continue
        how = style_hides(body)
        if how is None:
            continue
        for sel in simple:
            out[sel] = how
    return out


def _hidden_by(node: LexborNode, rules: dict[str, str]) -> str | None:
    attrs = node.attributes
    if node.tag == "marquee" and (attrs.get("height") or "").strip() in ("0", "0px", "1", "1px"):
        return "滚动字幕高度为 0"
    how = style_hides(attrs.get("style") or "")
    if how is not None:
        return how
    if "hidden" in attrs and node.tag != "input":
        return "hidden 属性"
    if rules:
        for cls in (attrs.get("class") or "").split():
            if f".{cls}" in rules:
                return rules[f".{cls}"]
        if attrs.get("id") and f"#{attrs['id']}" in rules:
            return rules[f"#{attrs['id']}"]
    return None


def _hiding(tree: LexborHTMLParser, rules: dict[str, str]) -> tuple[dict[int, str], set[int]]:
    """Elements (mem_id) that hide themselves and their content → how, and the links inside them.

    Found by selector, so the page is walked by the parser, not once per link up its ancestors."""
    query = "[style], [hidden], marquee" + _rules_selector(rules)
    hiding: dict[int, str] = {}
    inside: set[int] = set()
    for node in tree.css(query):
        if node.tag not in ("body", "html") and (how := _hidden_by(node, rules)) is not None:
            hiding[node.mem_id] = how
            inside.update(a.mem_id for a in node.css("a"))
            if node.tag == "a":
                inside.add(node.mem_id)
    return hiding, inside


def _rules_selector(rules: dict[str, str]) -> str:
    """The elements the style sheet's hiding rules may select: those whose class or id holds a rule's name
    (a superset: `_hidden_by` decides), or every element with a class or id when the rules are many."""
    if not rules:
        return ""
    if len(rules) > _MAX_RULE_SELECTORS:
        return ", [class], [id]"
    return "".join(f', [{"class" if sel[0] == "." else "id"}*="{sel[1:]}"]' for sel in rules)


def _nearest(node: LexborNode, hiding: dict[int, str]) -> str | None:
    """How the element itself or its nearest hiding ancestor hides it."""
    at: LexborNode | None = node
    while at is not None and at.tag not in ("body", "html", "-undef"):
        if (how := hiding.get(at.mem_id)) is not None:
            return how
        at = at.parent
    return None


def hidden_links(tree: LexborHTMLParser, anchors: list[Anchor], css: str, base: str) -> list[HiddenLink]:
    """The anchors (with href) hidden by themselves or an ancestor, in page order."""
    hiding, inside = _hiding(tree, hiding_selectors(css) if css else {})
    out = []
    for anchor in anchors:
        if anchor.node.mem_id not in inside:
            continue
        href = (anchor.href or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if (how := _nearest(anchor.node, hiding)) is not None and (url := join_url(base, href)) is not None:
            out.append(HiddenLink(url, anchor.text, how))
    return out
