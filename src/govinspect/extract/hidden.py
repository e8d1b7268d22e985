"""Links a visitor cannot see: hidden by CSS (display:none, visibility:hidden, off-screen, zero size,
text in the background colour) or inside a zero-height <marquee> — the way 暗链 are planted.

Inline styles, a hiding `.class`/`#id` rule of the page's own <style>, and the element's ancestors are
read; which hidden links matter (outside the site, gambling/ads wording) is the security check's call.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from govinspect.extract.facts import HiddenLink
from govinspect.extract.links import Anchor

# A cheap test on the raw page: without one of these words nothing on it can be hidden this way.
MAY_HIDE = re.compile(r"display|hidden|marquee|-\d{4,}|:\s*0|color", re.IGNORECASE)

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"display\s*:\s*none", re.I), "display:none"),
    (re.compile(r"visibility\s*:\s*hidden", re.I), "visibility:hidden"),
    (re.compile(r"(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\d{4,}", re.I), "移出屏幕"),
    (
        re.compile(r"(?<![-\w])(?:height|width|font-size)\s*:\s*0(?:px|em|pt|%)?\s*(?:;|!|$)", re.I),
        "尺寸为 0",
    ),
)
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([#\w]+)", re.I)
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([#\w]+)", re.I)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE = re.compile(r"^[.#][\w-]+$")


def style_hides(style: str) -> str | None:
    """How a CSS declaration block hides its element (Chinese/CSS words), or None."""
    if not style:
        return None
    for pattern, how in _RULES:
        if pattern.search(style):
            return how
    fg, bg = _COLOUR.search(style), _BACKGROUND.search(style)
    if fg and bg and fg.group(1).lower() == bg.group(1).lower():
        return "文字与背景同色"
    return None


def hiding_selectors(css: str) -> dict[str, str]:
    """`.class` / `#id` selectors of a style sheet whose rule hides the element → how."""
    out: dict[str, str] = {}
    for selectors, body in _CSS_RULE.findall(css):
        how = style_hides(body)
        if how is None:
            continue
        for sel in (s.strip() for s in selectors.split(",")):
            if _SIMPLE.match(sel):
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


def _hidden(node: LexborNode, rules: dict[str, str], known: dict[int, str | None]) -> str | None:
    """How `node` or one of its ancestors hides it, or None; each element is read once per page."""
    path: list[int] = []
    how = None
    at: LexborNode | None = node
    while at is not None and at.tag not in ("body", "html", "-undef"):
        key = at.mem_id
        if key in known:
            how = known[key]
            break
        path.append(key)
        if (how := _hidden_by(at, rules)) is not None:
            break
        at = at.parent
    for key in path:
        known[key] = how
    return how


def hidden_links(anchors: list[Anchor], css: str, base: str) -> list[HiddenLink]:
    """The anchors (with href) hidden by themselves or an ancestor, in page order."""
    rules = hiding_selectors(css) if css else {}
    known: dict[int, str | None] = {}  # element (mem_id) → how it or an ancestor hides it: links share them
    out = []
    for anchor in anchors:
        href = (anchor.href or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        if (how := _hidden(anchor.node, rules, known)) is not None:
            try:
                url = urljoin(base, href)
            except ValueError:
                continue
            out.append(HiddenLink(url, anchor.text, how))
    return out
