"""Turn a fetched body into text the way a browser would: BOM, HTTP charset, <meta> charset, detection.

Chinese pages declared gb2312/gbk are decoded as gb18030 (its superset); decoding never raises.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from typing import Final

# Byte-order marks win over every declaration (HTML standard; realpages p18 is UTF-16LE with a BOM
# but declares gb2312 because a browser re-saved a GB2312 page).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_ALIASES: Final = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gb-2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "utf8": "utf-8",
    "unicode": "utf-8",
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
}

_HEADER_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_META_CHARSET: Final = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.I)
_PRESCAN_BYTES: Final = 4096


def normalize_charset(name: str | None) -> str | None:
    """Map a declared charset label to a Python codec name (gb2312/gbk → gb18030); None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in ("gb2312", "gbk"):
        return "gb18030"
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        # A <meta> claiming UTF-16 on an ASCII-compatible stream is a lie (HTML standard): use UTF-8.
        return "utf-8"
    return codec


def _header(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    try:
        for key, value in headers.items():
            if isinstance(key, str) and key.lower() == name:
                return str(value)
    except Exception:
        return None
    return None


def charset_from_headers(headers: Mapping[str, str] | None) -> str | None:
    """The codec named by the HTTP Content-Type header, if any."""
    ctype = _header(headers, "content-type")
    if not ctype:
        return None
    m = _HEADER_CHARSET.search(ctype)
    return normalize_charset(m.group(1)) if m else None


def charset_from_meta(body: bytes) -> str | None:
    """The codec named by <meta charset> or <meta http-equiv content="...charset=..."> in the first 4 KB."""
    m = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    if not m:
        return None
    return normalize_charset(m.group(1).decode("ascii", "replace"))


def _sniff_bom(body: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec, len(bom)
    return None


def _detect(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:65536]).best()
    except Exception:
        return None
    if best is None:
        return None
    return normalize_charset(best.encoding)


def _strict(body: bytes, codec: str) -> str | None:
    """body decoded strictly, an unfinished last character left out (a page cut at a size limit)."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode an HTML body; return (text, codec used). Never raises: bad bytes become U+FFFD."""
    try:
        return _decode(body, headers)
    except Exception:  # pragma: no cover - defensive: decoding must never break extraction
        return bytes(body or b"").decode("utf-8", "replace"), "utf-8"


def _decode(body: bytes, headers: Mapping[str, str] | None) -> tuple[str, str]:
    if not body:
        return "", "utf-8"
    if not isinstance(body, bytes):
        body = bytes(body)
    bom = _sniff_bom(body)
    if bom is not None:
        codec, skip = bom
        return body[skip:].decode(codec, "replace"), codec

    declared = charset_from_headers(headers)
    if declared == "cp1252":
        # Servers send "charset=ISO-8859-1" by default; for a Chinese page it is almost never true.
        declared = charset_from_meta(body) or _sniff_western(body)
    declared = declared or charset_from_meta(body)
    if declared is not None:
        text = _strict(body, declared)
        if text is not None:
            return text, declared
        # The declaration is wrong for these bytes (common: utf-8 declared on a GBK page or the reverse).
        for alt in ("utf-8", "gb18030"):
            if alt != declared:
                text = _strict(body, alt)
                if text is not None:
                    return text, alt
        # Mostly right but a few broken bytes: keep the declaration.
        return body.decode(declared, "replace"), declared

    for codec in ("utf-8", "gb18030"):
        text = _strict(body, codec)
        if text is not None:
            if codec == "gb18030" and not _looks_cjk(text):
                break
            return text, codec
    detected = _detect(body) or "utf-8"
    return body.decode(detected, "replace"), detected


def _sniff_western(body: bytes) -> str | None:
    """utf-8 or gb18030 when the bytes read cleanly as one of them, else None (keep the declaration)."""
    if _strict(body, "utf-8") is not None:
        return "utf-8"
    text = _strict(body, "gb18030")
    if text is not None and _looks_cjk(text):
        return "gb18030"
    return "cp1252"


def _looks_cjk(text: str) -> bool:
    """A gb18030 decode of non-GB bytes 'succeeds' too often; accept it only if common hanzi appear."""
    sample = text[:20000]
    hanzi = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    return hanzi >= 4 and any(ch in sample for ch in "的是在了政府网站公开")
