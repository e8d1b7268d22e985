"""Blank and unreadable lists: "暂无信息" markers, empty list boxes, lists drawn by scripts we do not run."""

import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

BLANK_MARKERS: tuple[str, ...] = (
    "暂无信息",
    "暂无内容",
    "暂无数据",
    "暂无记录",
    "暂无相关信息",
    "暂无相关内容",
    "没有找到相关信息",
    "没有相关信息",
    "没有找到相关内容",
    "没有符合条件",
    "无相关信息",
    "暂无文章",
    "暂无新闻",
    "暂无公告",
    "信息正在更新",
    "栏目建设中",
    "正在建设中",
)
_SCRIPT_LIST_SIGNS: tuple[str, ...] = (
    "dataproxy.jsp",
    "$.ajax",
    "$.get(",
    "$.getjson",
    "$.post(",
    "axios",
    "fetch(",
    "xmlhttprequest",
    "ms-repeat",
    "v-for=",
    "template(",
    "laypage",
    "layui.",
    "pagechnlinfo",
    "getlist",
    "loadlist",
    "querylist",
    "trsapi",
)
_BLANK_RX: Final = re.compile(
    r"暂无(?:公开|相关|任何)?(?:信息|内容|数据|记录|文章|新闻|公告|信件|留言|文件|资料)"
)


def blank_marker(text: str) -> str | None:
    """The "暂无信息"-style phrase the page shows, if any."""
    for marker in BLANK_MARKERS:
        if marker in text:
            return marker
    m = _BLANK_RX.search(text)
    return m.group(0) if m else None


_LIST_BOX_SEL: Final = (
    "ul[class*=list], ol[class*=list], ul[id*=list], div[class*=list], div[id*=list], table[class*=list], "
    "ul[class*=news], div[class*=news], ul[class*=lb], div[class*=lb], ul[data-src], div[data-src], tbody[id]"
)


_LIST_TOKEN: Final = re.compile(
    r"(?:^|[-_\s])(?:(?:news|info|art|article|xx|wz|data|doc|item)?list|lists|news|lb|xxlb)(?:[-_\s]|box|con|s|$)",
    re.I,
)
_NOT_LIST: Final = re.compile(
    r"drop|menu|nav|select|search|tab|link|friend|side|foot|head|banner|pic|img|slide", re.I
)


def empty_list_box(tree: LexborHTMLParser) -> LexborNode | None:
    """A list container (ul.list, div#list …) with no link in it: where a column's items should be."""
    for node in tree.css(_LIST_BOX_SEL):
        attrs = node.attributes
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if not attrs.get("data-src") and (not _LIST_TOKEN.search(names) or _NOT_LIST.search(names)):
            continue
        if node.css_first("a") is None and len(node.text(deep=True, separator="").strip()) < 30:
            return node
    return None


_TEMPLATE_HINTS: Final = (
    "ms-if",
    "v-if",
    "v-show",
    "v-else",
    "display:none",
    "display: none",
    "{{",
    "ng-if",
    "hidden",
)


def template_only(html: str, marker: str) -> bool:
    """True when every occurrence of the marker sits in a template/hidden element (checked on the markup
    just before it)."""
    pos = html.find(marker)
    if pos < 0:
        return False
    while pos >= 0:
        before = html[max(0, pos - 160) : pos].lower()
        tag_start = before.rfind("<")
        if tag_start < 0 or not any(h in before[tag_start:] for h in _TEMPLATE_HINTS):
            return False
        pos = html.find(marker, pos + len(marker))
    return True


def script_list_sign(html: str) -> str | None:
    """Evidence that the list is drawn by a script we do not run (ajax call, template repeat …)."""
    lower = html.lower()
    for sign in _SCRIPT_LIST_SIGNS:
        if sign in lower:
            return sign
    return None
