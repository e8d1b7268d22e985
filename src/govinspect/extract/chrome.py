"""Page chrome: the parts of a page that are navigation, header, scrolling boxes, side columns or footer.

A column's list never sits in strong chrome (ADR 0007, failure classes 1 and 2); side columns are weaker
chrome (a list may sit in a "right_side" box when nothing else is dated).
"""

import re
from typing import Final

from selectolax.lexbor import LexborNode

from govinspect.extract.links import find_by_char

# Strong chrome by tag, or by a class/id naming navigation, menus, scrolling boxes, footers, breadcrumbs or
# the page header.
_CHROME_TAGS: Final = frozenset({"marquee", "nav", "header", "footer"})
_CHROME_HINT: Final = re.compile(
    r"nav|menu|marquee|scroll|gundong|foot|crumb|"
    r"(?<![a-z])head(?:er)?(?![a-z])|(?<![a-z])top(?![a-z])|topbar|banner"
).search
# Every alternative of _CHROME_HINT holds one of these words: a name holding none is not chrome by name (a
# substring test costs a fraction of the search, and most names hold none).
_CHROME_WORDS: Final = (
    "nav",
    "menu",
    "marquee",
    "scroll",
    "gundong",
    "foot",
    "crumb",
    "head",
    "top",
    "banner",
)
_SCROLLING: Final = re.compile(r"scroll(?:Top|Left)|[Mm]arquee|MARQUEE|textSlider").search
_BY_ID: Final = re.compile(r"getElementById\(\s*[\"']([\w-]+)[\"']\s*\)")
_BY_SELECTOR: Final = re.compile(r"(?:\$|jQuery|querySelector)\(\s*[\"']([#.][\w-]+)[\"']")
_BARE_ID: Final = re.compile(
    r"\b([A-Za-z_]\w*)\.(?:scrollTop|scrollLeft|innerHTML|offsetWidth|offsetHeight)\b"
)
_SIDE_HINT: Final = re.compile(r"sidebar|(?<![a-z])side|aside").search


def scrolled_boxes(scripts: list[str]) -> frozenset[str]:
    """Ids ("#demo") and classes (".notice") of the boxes the page's scrolling scripts move (the scroll
    idiom demo2.innerHTML = demo1.innerHTML; demo.scrollLeft++, or a jQuery marquee plugin)."""
    found: set[str] = set()
    for src in scripts:
        if (
            "scroll" not in src  # the q of marquee and the S of textSlider are rare in scripts
            and find_by_char(src, "arquee", 3) < 0
            and find_by_char(src, "textSlider", 4) < 0
        ) or _SCROLLING(src) is None:
            continue  # (substring tests first: most scripts hold none, and they cost far less than a search)
        found.update("#" + m for m in _BY_ID.findall(src))
        found.update(_BY_SELECTOR.findall(src))
        found.update("#" + m for m in _BARE_ID.findall(src))
    return frozenset(found)


def in_chrome(node: LexborNode | None, cache: dict[int, int], scrolled: frozenset[str] = frozenset()) -> int:
    """How deep in page chrome node sits, by its ancestors: 2 in a marquee, navigation, header or footer
    (or a box a scrolling script moves), 1 in a side column, 0 in the page's content."""
    path: list[LexborNode] = []
    level = 0
    cur = node
    while cur is not None:
        known = cache.get(cur.mem_id)
        if known is not None:
            level = known
            break
        path.append(cur)
        cur = cur.parent
    for n in reversed(path):
        tag = n.tag
        if level < 2 and tag not in ("html", "body", "-undef", None):
            if tag in _CHROME_TAGS:
                level = 2
            elif tag == "aside":
                level = 1
            else:
                attrs = n.attributes
                cls, ident = attrs.get("class") or "", attrs.get("id") or ""
                hint = f"{cls} {ident}".lower()
                if scrolled and ("#" + ident in scrolled or any("." + c in scrolled for c in cls.split())):
                    level = 2
                elif len(hint) > 1:
                    if any(w in hint for w in _CHROME_WORDS) and _CHROME_HINT(hint) is not None:
                        level = 2
                    elif "side" in hint and _SIDE_HINT(hint) is not None:  # each alternative holds "side"
                        level = max(level, 1)
        cache[n.mem_id] = level
    return level
