"""govinspect.extract: pure functions turning a page (url, bytes, headers) into PageFacts.

Other stages import from this package only; its modules are internal. `make setup` compiles them with mypyc
(ADR 0026); this module stays plain Python and refuses a compiled module older than its source.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govinspect.lazy import lazy_exports


def stale_compiled(package: Path) -> list[str]:
    """Sources under package edited after their compiled module was built: Python would import the old
    compiled code, not the edit."""
    stale = []
    for built in package.rglob("*.so"):
        source = built.with_name(built.name.split(".", 1)[0] + ".py")
        if source.exists() and source.stat().st_mtime > built.stat().st_mtime:
            stale.append(str(source))
    return sorted(stale)


if _stale := stale_compiled(Path(__file__).parent):
    raise ImportError(
        f"页面读取模块的源码比编译版本新（{', '.join(_stale)}）：运行 make setup 重新编译，或 make pure 删去编译版本"
    )

if TYPE_CHECKING:
    from govinspect.extract.columns import classify_column
    from govinspect.extract.decode import decode_html
    from govinspect.extract.facts import ArticleFacts, Letter, ListFacts, ListItem, PageFacts
    from govinspect.extract.links import OutLink, column_url, json_links, outlinks
    from govinspect.extract.lists import parse_json_list
    from govinspect.extract.page import extract_html, extract_page
    from govinspect.extract.summary import summary_zh

_EXPORTS = {
    "ArticleFacts": "govinspect.extract.facts",
    "classify_column": "govinspect.extract.columns",
    "column_url": "govinspect.extract.links",
    "decode_html": "govinspect.extract.decode",
    "extract_html": "govinspect.extract.page",
    "extract_page": "govinspect.extract.page",
    "json_links": "govinspect.extract.links",
    "Letter": "govinspect.extract.facts",
    "ListFacts": "govinspect.extract.facts",
    "ListItem": "govinspect.extract.facts",
    "OutLink": "govinspect.extract.links",
    "outlinks": "govinspect.extract.links",
    "PageFacts": "govinspect.extract.facts",
    "parse_json_list": "govinspect.extract.lists",
    "summary_zh": "govinspect.extract.summary",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)  # a crawl's page workers need two of these modules, not all

__all__ = [
    "ArticleFacts",
    "Letter",
    "ListFacts",
    "ListItem",
    "OutLink",
    "PageFacts",
    "classify_column",
    "column_url",
    "decode_html",
    "extract_html",
    "extract_page",
    "json_links",
    "outlinks",
    "parse_json_list",
    "summary_zh",
]
