"""JSON-lines files of crawl records: buffered appends, tolerant reads, repair of a torn last line."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from govinspect.crawl.records import ErrorRecord, LinkRecord, LinkSource, PageRecord, ProbeResult

T = TypeVar("T")

_FIELDS: dict[type, tuple[str, ...]] = {}
# One encoder for every line: json.dumps with options would build a new encoder per call.
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def to_dict(record: Any) -> dict[str, Any]:
    """A slots dataclass as a plain dict (shallow; nested LinkSource lists converted)."""
    cls = type(record)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(record))
    out = {n: getattr(record, n) for n in names}
    if cls is LinkRecord:
        out["sources"] = [{"page": s.page, "anchor": s.anchor} for s in record.sources]
    return out


def dumps(record: Any) -> str:
    return _encode(to_dict(record))


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record, ignoring unknown keys (files written by newer versions)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    kwargs = {k: v for k, v in data.items() if k in names}
    if cls is LinkRecord:
        kwargs["sources"] = [LinkSource(**s) for s in kwargs.get("sources", [])]
    return cls(**kwargs)


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """Every complete, valid JSON line of a file; a torn or garbled line is skipped."""
    if not path.exists():
        return
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                return  # torn last line of an interrupted crawl
            try:
                yield json.loads(raw)
            except ValueError:
                continue


def read_records(path: Path, cls: type[T]) -> Iterator[T]:
    for data in read_lines(path):
        try:
            yield from_dict(cls, data)
        except TypeError:
            continue


def repair(path: Path) -> None:
    """Cut a torn last line so appends start on a fresh line."""
    if not path.exists():
        return
    size = path.stat().st_size
    if size == 0:
        return
    with path.open("rb+") as fh:
        fh.seek(max(0, size - 1))
        if fh.read(1) == b"\n":
            return
        block = 1 << 16
        end = size
        while end > 0:
            start = max(0, end - block)
            fh.seek(start)
            data = fh.read(end - start)
            nl = data.rfind(b"\n")
            if nl >= 0:
                fh.truncate(start + nl + 1)
                return
            end = start
        fh.truncate(0)


class JsonlWriter:
    """Buffered appender; the owner decides when to flush (archive first, then the lines)."""

    def __init__(self, path: Path) -> None:
        repair(path)
        self.path = path
        self._fh = path.open("a", encoding="utf-8")
        self.count = 0

    def write(self, record: Any) -> None:
        self._fh.write(dumps(record) + "\n")
        self.count += 1

    def write_raw(self, data: dict[str, Any]) -> None:
        self._fh.write(_encode(data) + "\n")
        self.count += 1

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        if not self._fh.closed:
            self._fh.close()


__all__ = [
    "ErrorRecord",
    "JsonlWriter",
    "LinkRecord",
    "PageRecord",
    "ProbeResult",
    "dumps",
    "from_dict",
    "read_lines",
    "read_records",
    "repair",
    "to_dict",
]
