"""Navigation: the main menu with sub-menus, homepage "更多" links and the breadcrumb (当前位置).

Each entry becomes a NavLink carrying its column category, so the crawler can find the columns to judge.
"""

from __future__ import annotations

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from govinspect.extract.columns import classify_column
from govinspect.extract.facts import NavLink
from govinspect.extract.links import Anchor, anchors_of, class_and_id, clean_text, holds_any, resolve

_HOME: Final = frozenset(
    {"首页", "网站首页", "主页", "首 页", "返回首页", "门户首页", "Home", "home", "HOME"}
)
_CRUMB_SEL: Final = (
    "[class*=crumb], [id*=crumb], [class*=position], [id*=position], [class*=location], [id*=location], "
    "[class*=weizhi], [class*=dqwz], [id*=dqwz], [class*=bread], [class*=curpos], [class*=dangqian], "
    "[class*=lujing], [class*=path], [class*=local], [class*=current], [class*=mbx], [id*=mbx]"
)
_CRUMB_WORDS: Final = ("首页", "位置")  # a named breadcrumb container shows one of these
_CRUMB_LABEL: Final = re.compile(
    r"^(?:您?现?在?(?:当前|所在|的)?(?:的|所在的)?位置|当前位置|您的位置|所在位置|位置)\s*[：:]?\s*"
)
_CRUMB_SEP: Final = re.compile(r"\s*(?:>>|＞＞|>|＞|»|›|→|/|\\|－|-)\s*")
_CRUMB_NAME: Final = re.compile(
    r"crumb|position|location|weizhi|dqwz|bread|curpos|dangqian|lujing|path|mbx", re.I
)
_NAV_NAME: Final = re.compile(r"nav|menu|daohang|^dh|\sdh", re.I)
_HOME_SEP: Final = re.compile(r"(?:首页|主页)\s*(?:>>|>|＞|»|›|→|/|\\)")
_MORE: Final = re.compile(
    r"^(?:更多|更多信息|更多内容|查看更多|more|MORE|More|\+|＋|更多\s*[>»＞》]+|[>»＞》]+\s*更多)\s*[>»＞》+]*$"
)
_MORE_FIRST: Final = frozenset("更查mM+＋>»＞》")  # every _MORE match starts with one of these


def _is_more(label: str) -> bool:
    """A "更多"-style label; most labels are dismissed by their first character, without the regex."""
    return label[:1] in _MORE_FIRST and _MORE.match(label) is not None


_MENU_SEL: Final = (
    "nav, [class*=nav], [id*=nav], [class*=menu], [id*=menu], [class*=daohang], [id*=daohang], "
    "[class*=lanmu], [class=dh], [id=dh]"
)


def _first_matches(tree: LexborHTMLParser, selectors: str, n: int) -> list[LexborNode]:
    """The first n matches of a selector list, each element once. lexbor reports an element once for each
    part of the list it matches, the copies side by side; the cut counts them, as it always has."""
    out: list[LexborNode] = []
    last = 0
    for node in tree.css(selectors)[:n]:
        if (node_id := node.mem_id) != last:
            out.append(node)
            last = node_id
    return out


def crumb_node(
    tree: LexborHTMLParser, anchors: list[Anchor] | None = None, text: str | None = None
) -> LexborNode | None:
    """The element holding the 当前位置 path (首页 > … > column), or None.

    text: the page's visible text, when the caller has it: a page that shows neither 首页 nor 位置 has no
    container holding them, so the class/id-named containers (a costly selector list) are not looked for."""
    best: LexborNode | None = None
    # Cheap first: the parent of a "首页" link followed by a separator; then class/id-named containers.
    for anchor in anchors if anchors is not None else anchors_of(tree):
        if len(anchor.raw_text) > 12 or anchor.text not in _HOME:
            continue
        parent = anchor.node.parent
        for _ in range(3):
            if parent is None:
                break
            raw = parent.text(deep=True, separator=" ")
            if len(raw) > 400:
                break
            txt = clean_text(raw)
            names = class_and_id(parent)
            crumbish = _HOME_SEP.search(txt) or _CRUMB_NAME.search(names) or _CRUMB_LABEL.match(txt)
            if len(txt) <= 200 and crumbish and len(parent.css("a")) >= 2:
                return parent
            parent = parent.parent
    best_len = 10**9
    if text is None or holds_any(text, _CRUMB_WORDS):
        for node in _first_matches(tree, _CRUMB_SEL, 40):
            txt = clean_text(node.text(deep=True, separator=" "))
            if not txt or len(txt) > 200:
                continue
            if any(w in txt for w in _CRUMB_WORDS) and len(node.css("a")) >= 1 and len(txt) < best_len:
                best, best_len = node, len(txt)
    return best


def breadcrumb(
    tree: LexborHTMLParser,
    base: str,
    anchors: list[Anchor] | None = None,
    text: str | None = None,
) -> list[NavLink]:
    """The 当前位置 path (首页 > … > column) as NavLinks; empty when the page has none."""
    node = crumb_node(tree, anchors, text)
    return crumb_steps(node, base) if node is not None else []


def crumb_steps(best: LexborNode, base: str) -> list[NavLink]:
    """The steps of the breadcrumb element `best` (`crumb_node`) as NavLinks."""
    out: list[NavLink] = []
    last_text = ""
    for a in best.css("a"):
        name = clean_text(a.text(deep=True, separator=""))
        name = _CRUMB_LABEL.sub("", name)
        if not name or name in ("<", ">", "»"):
            continue
        url = resolve(base, a.attributes.get("href")) or ""
        out.append(NavLink(name=name, url=url, kind="breadcrumb", parent=out[-1].name if out else None))
        last_text = name
    # A trailing plain-text step after the last link ("首页 > 政务公开 > 通知公告").
    full = clean_text(best.text(deep=True, separator=" "))
    if last_text and last_text in full:
        tail = full[full.rfind(last_text) + len(last_text) :]
        tail = _CRUMB_SEP.sub(" ", tail).strip()
        if tail and len(tail) <= 30 and " " not in tail:
            out.append(NavLink(name=tail, url="", kind="breadcrumb", parent=last_text))
    elif not out:
        steps = [s for s in _CRUMB_SEP.split(_CRUMB_LABEL.sub("", full)) if s]
        for s in steps[:8]:
            out.append(NavLink(name=s, url="", kind="breadcrumb"))
    for link in out:
        link.category = classify_column(link.name)
    return out


def more_links(tree: LexborHTMLParser, base: str, anchors: list[Anchor] | None = None) -> list[NavLink]:
    """Homepage blocks' "更多" links, named after the block title (the column they open)."""
    out: list[NavLink] = []
    seen: set[str] = set()
    for anchor in anchors if anchors is not None else anchors_of(tree):
        label = anchor.text
        if label and not _is_more(label):  # most links, dismissed first (and cheaply)
            continue
        if len(anchor.raw_text) > 40 or not anchor.href:
            continue
        a = anchor.node
        if not label:
            # An image link: named as `anchor_text` would name it (title, else the image's alt or title).
            img = a.css_first("img")
            if img is None:
                continue
            title = anchor.title
            img_attrs = img.attributes
            label = clean_text(title if title else img_attrs.get("alt") or img_attrs.get("title") or "")
            if not _is_more(label):
                continue
        url = resolve(base, anchor.href)
        if not url or url in seen:
            continue
        seen.add(url)
        name = _block_title(a, label) or (clean_text(a.attributes.get("title") or "") or label)
        out.append(NavLink(name=name, url=url, kind="more", category=classify_column(name)))
    return out


def _block_title(a: LexborNode, label: str) -> str | None:
    """The heading of the block a "更多" link belongs to: the nearest preceding short text at the link's
    level or up to three levels above (siblings only — bounded work, no subtree search)."""
    cur: LexborNode | None = a
    for _ in range(3):
        if cur is None:
            return None
        sib = cur.prev
        seen = 0
        while sib is not None and seen < 6:
            if sib.tag == "-text":
                t = clean_text(sib.text_content or "")
            elif sib.tag in ("-comment", "script", "style"):
                t = ""
            else:
                raw = sib.text(deep=True, separator="")
                t = clean_text(raw) if len(raw) <= 60 else ""
                seen += 1
            if 2 <= len(t) <= 12 and label not in t and not _is_more(t):
                return t
            sib = sib.prev
        cur = cur.parent
    return None


def _menu_candidates(tree: LexborHTMLParser, anchors: list[Anchor] | None) -> list[LexborNode]:
    """Ancestors of the first "首页" link named nav/menu (cheap), else every nav/menu-named element."""
    for anchor in anchors or []:
        if len(anchor.raw_text) > 12 or anchor.text not in _HOME:
            continue
        cur = anchor.node.parent
        found: list[LexborNode] = []
        for _ in range(4):
            if cur is None or cur.tag in ("body", "html"):
                break
            names = class_and_id(cur)
            if cur.tag == "nav" or _NAV_NAME.search(names):
                found.append(cur)
            cur = cur.parent
        if found:
            return found
        break
    return _first_matches(tree, _MENU_SEL, 15)


def menu(tree: LexborHTMLParser, base: str, anchors: list[Anchor] | None = None) -> list[NavLink]:
    """The main navigation menu: first-level entries and their sub-menus."""
    container: LexborNode | None = None
    for node in _menu_candidates(tree, anchors):
        links = node.css("a[href]")
        if len(links) < 4 or len(links) > 200:
            continue
        sample = links[:12]  # bounded work: menus show their nature in the first entries
        short = sum(1 for a in sample if 2 <= len(a.text(deep=True, separator="").strip()) <= 10)
        if short >= 4 and short * 2 >= len(sample):
            container = node
            break
    if container is None:
        return []
    out: list[NavLink] = []
    seen: set[str] = set()
    top = container.css_first("ul")
    items = [c for c in top.iter() if c.tag == "li"] if top is not None else []
    if items:
        for li in items:
            links = li.css("a[href]")
            if not links:
                continue
            head = links[0]
            name = clean_text(head.text(deep=True, separator=""))
            url = resolve(base, head.attributes.get("href")) or ""
            if name and (url or name) not in seen:
                seen.add(url or name)
                out.append(NavLink(name=name, url=url, kind="menu", category=classify_column(name)))
            for sub in links[1:40]:
                raw = sub.text(deep=True, separator="")
                if len(raw) > 40:
                    continue  # an unclosed <li> swallowed page content: not a menu entry
                sname = clean_text(raw)
                if not sname or len(sname) > 15 or _is_more(sname):
                    continue
                surl = resolve(base, sub.attributes.get("href")) or ""
                if sname and (surl or sname) not in seen:
                    seen.add(surl or sname)
                    out.append(
                        NavLink(
                            name=sname, url=surl, kind="submenu", parent=name, category=classify_column(sname)
                        )
                    )
    else:
        for a in container.css("a[href]"):
            name = clean_text(a.text(deep=True, separator=""))
            url = resolve(base, a.attributes.get("href")) or ""
            if name and (url or name) not in seen:
                seen.add(url or name)
                out.append(NavLink(name=name, url=url, kind="menu", category=classify_column(name)))
    return out


def navigation(
    tree: LexborHTMLParser, base: str, anchors: list[Anchor] | None, crumb: LexborNode | None
) -> list[NavLink]:
    """Menu entries, "更多" links and breadcrumb steps of a page (crumb: its breadcrumb element as
    `crumb_node` found it, None when it has none: not looked for again)."""
    steps = crumb_steps(crumb, base) if crumb is not None else []
    return menu(tree, base, anchors) + more_links(tree, base, anchors) + steps
