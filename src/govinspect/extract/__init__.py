"""govinspect.extract: pure functions turning a page (url, bytes, headers) into PageFacts."""

from __future__ import annotations

from govinspect.extract.columns import classify_column
from govinspect.extract.decode import decode_html
from govinspect.extract.links import OutLink, column_url, outlinks
from govinspect.extract.lists import parse_json_list
from govinspect.extract.page import extract_html, extract_page
from govinspect.extract.summary import summary_zh

__all__ = [
    "OutLink",
    "classify_column",
    "column_url",
    "decode_html",
    "extract_html",
    "extract_page",
    "outlinks",
    "parse_json_list",
    "summary_zh",
]
