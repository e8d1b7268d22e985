"""A lean WARC/1.1 writer (one gzip member per record, offsets known) and a reader by offset.

Besides request/response pairs, a page rendered in chromium (crawl/render.py) is kept as a
`conversion` record — WARC 1.1's "alternative form of a response's content" — whose WARC-Refers-To is
the response record's id: the DOM a visitor's browser built, beside the bytes the server sent.

Files are standard: warcio's ArchiveIterator reads them. Records are written by hand because the
crawler's hot path cannot afford warcio's per-record overhead.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from govinspect.crawl.fetch import Exchange, cut_content

_DROP = frozenset(("transfer-encoding",))  # bodies are stored de-chunked


_last_date: tuple[int, str] = (-1, "")


def _warc_date(ts: float) -> str:
    global _last_date
    sec = int(ts)
    if _last_date[0] != sec:  # many records share a second: format once
        _last_date = (sec, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(sec)))
    return _last_date[1]


try:  # ISA-L deflate (optional package "isal"): ~10× faster than zlib on 30–80 KB pages, same ratio
    from isal import isal_zlib

    _fast_compress: Callable[[bytes, int, int], bytes] | None = isal_zlib.compress
except ImportError:  # pragma: no cover - depends on the environment
    _fast_compress = None


def _gzip(data: bytes) -> bytes:
    """One gzip member. Any gunzip/warcio reads either form."""
    if _fast_compress is not None:
        return _fast_compress(data, 1, 16 + 15)
    # Level 1, 4 KB window, small memLevel: zlib's per-member set-up dominates for web pages, and this
    # is 3× cheaper than the defaults for about 3% more bytes.
    c = zlib.compressobj(1, zlib.DEFLATED, 16 + 12, 4)
    return c.compress(data) + c.flush()


def _record_id() -> str:
    """A random (version 4) UUID URN, as uuid.uuid4() but without building a UUID object."""
    b = bytearray(os.urandom(16))
    b[6] = b[6] & 0x0F | 0x40
    b[8] = b[8] & 0x3F | 0x80
    h = b.hex()
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}>"


def _record(warc_type: str, uri: str, ts: float, content_type: str, block: bytes, extra: list[str]) -> bytes:
    rid = _record_id()
    head = [
        "WARC/1.1",
        f"WARC-Type: {warc_type}",
        f"WARC-Record-ID: {rid}",
        f"WARC-Date: {_warc_date(ts)}",
    ]
    if uri:
        head.append(f"WARC-Target-URI: {uri}")
    head.extend(extra)
    head.append(f"Content-Type: {content_type}")
    head.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + block + b"\r\n\r\n"


def _clean(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


@lru_cache(maxsize=256)
def _header_block(headers: tuple[tuple[str, str], ...]) -> str:
    """Request headers as written in the record; a crawl sends the same few sets again and again."""
    return "".join(f"{k}: {_clean(v)}\r\n" for k, v in headers) + "\r\n"


class WarcWriter:
    """Appends request/response pairs to a .warc.gz; `write` returns the response's (offset, length)."""

    def __init__(self, path: Path, info: dict[str, str] | None = None) -> None:
        self.path = path
        fresh = not path.exists() or path.stat().st_size == 0
        self._fh: BinaryIO = path.open("ab", buffering=0)  # unbuffered: on disk before any jsonl line
        self.pos = self._fh.tell()
        if fresh:
            fields = {"software": "govinspect/0.1", "format": "WARC File Format 1.1", **(info or {})}
            block = "".join(f"{k}: {_clean(v)}\r\n" for k, v in fields.items()).encode("utf-8")
            self._append(
                _gzip(
                    _record(
                        "warcinfo",
                        "",
                        dt.datetime.now(dt.UTC).timestamp(),
                        "application/warc-fields",
                        block,
                        [f"WARC-Filename: {path.name}"],
                    )
                )
            )

    def _append(self, data: bytes) -> int:
        offset = self.pos
        self._fh.write(data)
        self.pos += len(data)
        return offset

    def write(self, ex: Exchange) -> tuple[int, int]:
        """Archive one exchange (request then response); return the response record's offset and length."""
        target = ex.url.split(" ", 1)[0]
        req_line = f"{ex.method} {_request_target(target)} HTTP/1.1\r\n"
        req = (req_line + _header_block(tuple(ex.request_headers))).encode("utf-8", "replace")
        resp_head = f"{ex.version} {ex.status} {_clean(ex.reason)}\r\n" + "".join(
            f"{k}: {_clean(v)}\r\n" for k, v in ex.headers if k.lower() not in _DROP
        )
        block = resp_head.encode("latin-1", "replace") + b"\r\n" + ex.body
        resp_id_record = _record(
            "response",
            target,
            ex.at,
            "application/http; msgtype=response",
            block,
            ["WARC-Truncated: length"] if ex.truncated else [],  # WARC 1.1 §5.13: cut at the size limit
        )
        request = _gzip(_record("request", target, ex.at, "application/http; msgtype=request", req, []))
        compressed = _gzip(resp_id_record)
        offset = self._append(request + compressed) + len(request)  # one write: one system call
        return offset, len(compressed)

    def write_conversion(self, uri: str, refers_to: str | None, html: str) -> tuple[int, int]:
        """Archive a page's rendered DOM as a WARC 1.1 `conversion` record (an alternative form of the
        response's content) referring to the response record; return its offset and length."""
        extra = [f"WARC-Refers-To: {refers_to}"] if refers_to else []
        block = html.encode("utf-8", "replace")
        ts = dt.datetime.now(dt.UTC).timestamp()
        data = _gzip(_record("conversion", uri, ts, "text/html; charset=utf-8", block, extra))
        return self._append(data), len(data)

    def flush(self) -> None:
        """Nothing to do: the archive is unbuffered, so a record is on disk once `write` returns."""

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


def _request_target(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


@dataclass(slots=True)
class StoredResponse:
    """A response record read back from the archive."""

    uri: str
    date: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes  # as sent on the wire (content-encoding kept)
    truncated: bool = False  # the record says it was cut (WARC-Truncated)
    record_id: str = ""  # WARC-Record-ID, "<urn:uuid:…>"

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def content(self, limit: int = 1 << 30) -> bytes:
        """The payload with its content-encoding removed, cut at `limit` (raw bytes when the stream is broken)."""
        try:
            return cut_content(self.payload, self.header("content-encoding"), limit)[0]
        except Exception:
            return self.payload[:limit]


def read_member(fh: BinaryIO, offset: int) -> bytes:
    """Decompress the gzip member starting at `offset`."""
    fh.seek(offset)
    d = zlib.decompressobj(31)
    parts: list[bytes] = []
    while not d.eof:
        chunk = fh.read(65536)
        if not chunk:
            raise EOFError(f"truncated WARC record at offset {offset}")
        parts.append(d.decompress(chunk))
    return b"".join(parts)


def parse_response(record: bytes) -> StoredResponse:
    """Split a WARC response record into its URI, date, HTTP status, headers and payload."""
    warc_head, _, rest = record.partition(b"\r\n\r\n")
    fields: dict[str, str] = {}
    for line in warc_head.decode("utf-8", "replace").split("\r\n")[1:]:
        k, _, v = line.partition(":")
        fields[k.strip().lower()] = v.strip()
    length = int(fields.get("content-length", len(rest)))
    block = rest[:length]
    http_head, _, payload = block.partition(b"\r\n\r\n")
    lines = http_head.decode("latin-1").split("\r\n")
    status_parts = lines[0].split(" ", 2)
    status = int(status_parts[1]) if len(status_parts) > 1 and status_parts[1].isdigit() else 0
    headers = []
    for line in lines[1:]:
        k, sep, v = line.partition(":")
        if sep:
            headers.append((k.strip(), v.strip()))
    return StoredResponse(
        uri=fields.get("warc-target-uri", ""),
        date=fields.get("warc-date", ""),
        status=status,
        headers=headers,
        payload=payload,
        truncated="warc-truncated" in fields,
        record_id=fields.get("warc-record-id", ""),
    )


def read_response(fh: BinaryIO, offset: int) -> StoredResponse:
    """The response record at `offset` of an open .warc.gz."""
    return parse_response(read_member(fh, offset))


def read_block(fh: BinaryIO, offset: int) -> bytes:
    """The content block of the record at `offset` (a conversion record's rendered page)."""
    record = read_member(fh, offset)
    head, _, rest = record.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length" and v.strip().isdigit():
            return rest[: int(v.strip())]
    return rest.removesuffix(b"\r\n\r\n")
