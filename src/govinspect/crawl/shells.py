"""Home pages a browser leaves at once: a meta refresh, a location script, a frameset's main frame.

`browser_redirect` says where a browser goes from such a shell; the crawler follows it (recording the
hop as a redirect) so the page judged is the one a person sees. A page with something to read stays.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

MAX_SHELL_BYTES = 16 * 1024  # shells are small; a longer page is read as it is
MAX_SHELL_TEXT = 200  # characters of visible text a shell may have ("正在跳转……")
MAX_REFRESH_S = 10  # a later refresh is the page reloading itself, not a redirect

_META = re.compile(r"<meta\b[^>]*>", re.I)
_REFRESH = re.compile(r"""http-equiv\s*=\s*["']?refresh""", re.I)
_CONTENT = re.compile(r"""content\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_REFRESH_URL = re.compile(r"""^\s*(\d+)\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)['"]?\s*$""", re.I)
_LOCATION = re.compile(
    r"""(?:(?:window|self|top|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=\s*["']([^"']+)["']"""
    r"""|location\s*\.\s*(?:replace|assign)\s*\(\s*["']([^"']+)["']\s*\)""",
    re.I,
)
_FRAME = re.compile(r"<frame\b[^>]*>", re.I)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>|<style\b[^>]*>.*?</style>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_MAIN_FRAME = re.compile(r"main|content|body|right|zhuti", re.I)


def _attrs(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag)}


def _visible_text(html: str) -> str:
    return " ".join(_TAG.sub(" ", _SCRIPT.sub(" ", html)).split())


def _refresh_target(html: str) -> str | None:
    for tag in _META.findall(html):
        if not _REFRESH.search(tag):
            continue
        content = _CONTENT.search(tag)
        m = _REFRESH_URL.match(content.group(2)) if content else None
        if m and int(m.group(1)) <= MAX_REFRESH_S and m.group(2).strip():
            return m.group(2).strip()
    return None


def _main_frame(html: str) -> str | None:
    frames = [_attrs(t) for t in _FRAME.findall(html)]
    frames = [f for f in frames if f.get("src")]
    if not frames:
        return None
    named = [f for f in frames if _MAIN_FRAME.search(f.get("name", "") + " " + f.get("id", ""))]
    return (named or frames)[-1]["src"]


def browser_redirect(url: str, html: str) -> str | None:
    """Where a browser goes at once from this page (absolute URL), None when it stays on it."""
    if len(html) > MAX_SHELL_BYTES:
        return None
    low = html.lower()
    target = None
    if "<frameset" in low:
        target = _main_frame(html)
    elif "refresh" in low:
        target = _refresh_target(html)
    if target is None and "location" in low and len(_visible_text(html)) <= MAX_SHELL_TEXT:
        m = _LOCATION.search(html)
        target = (m.group(1) or m.group(2)) if m else None
    if not target or target.lower().startswith(("javascript:", "#", "about:")):
        return None
    nxt = urldefrag(urljoin(url, target))[0]
    return None if nxt == url else nxt
