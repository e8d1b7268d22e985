"""Read a stored crawl (a Snapshot directory) without fetching: records, bodies from the WARC, summary.

Layout of a snapshot directory (one site, one round):
    pages.jsonl        one PageRecord per fetched page (failed fetches included, `error` set)
    links.jsonl        one LinkRecord per distinct link/image/frame/attachment (written at the end)
    errors.jsonl       one ErrorRecord per problem (failed fetch, robots or trap skip, broken encoding)
    linkchecks.jsonl   link-check results as they arrive (lets an interrupted crawl resume)
    archive.warc.gz    raw requests and responses; PageRecord.warc_offset points at the response. With
                       render_js, a rendered column/home page is a `conversion` record referring to its
                       response (PageRecord.render_offset / render_file; absent in older snapshots)
    archive-N.warc.gz  the same, written by page worker N of a multi-process crawl (PageRecord.warc_file)
    summary.json       SnapshotSummary, written when the crawl finishes
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from govinspect.crawl.jsonl import read_lines, read_records
from govinspect.crawl.records import ErrorClass, ErrorRecord, LinkRecord, PageRecord
from govinspect.crawl.warc import StoredResponse, read_block, read_response

PAGES = "pages.jsonl"
LINKS = "links.jsonl"
ERRORS = "errors.jsonl"
LINK_CHECKS = "linkchecks.jsonl"
ARCHIVE = "archive.warc.gz"
SUMMARY = "summary.json"

NOT_CHECKED = frozenset((ErrorClass.ROBOTS, ErrorClass.TRAP, ErrorClass.CHALLENGE))  # "not checked" errors


@dataclass(slots=True)
class SnapshotSummary:
    """Counts of one site crawl; `complete` is False while a crawl is unfinished."""

    site_code: str
    home_url: str
    started_at: str
    finished_at: str | None = None
    complete: bool = False
    pages: int = 0
    pages_ok: int = 0
    page_errors: int = 0
    links: int = 0
    dead_links: int = 0
    links_unchecked: int = 0
    bytes: int = 0
    requests: int = 0
    resumed: int = 0  # times the crawl was resumed from disk
    errors_by_class: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SnapshotSummary:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def is_dead_error(error: str | None) -> bool:
    """A link error class that means the link does not work (robots/trap skips mean "not checked")."""
    return error is not None and error not in NOT_CHECKED


class Snapshot:
    """A snapshot directory opened for reading."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._warcs: dict[str, BinaryIO] = {}  # archive file name → open handle

    @classmethod
    def open(cls, path: Path | str) -> Snapshot:
        p = Path(path)
        if not p.is_dir():
            raise FileNotFoundError(f"快照目录不存在: {p}")
        return cls(p)

    def pages(self) -> Iterator[PageRecord]:
        return read_records(self.path / PAGES, PageRecord)

    def links(self) -> Iterator[LinkRecord]:
        return read_records(self.path / LINKS, LinkRecord)

    def errors(self) -> Iterator[ErrorRecord]:
        return read_records(self.path / ERRORS, ErrorRecord)

    def page(self, url: str) -> PageRecord | None:
        """The stored record of a URL (requested or final), if any."""
        for rec in self.pages():
            if url in (rec.url, rec.final_url):
                return rec
        return None

    def response(self, record: PageRecord) -> StoredResponse | None:
        """The archived response behind a page record (None when it was not archived)."""
        if record.warc_offset is None:
            return None
        return read_response(self._warc(record.warc_file or ARCHIVE), record.warc_offset)

    def rendered(self, record: PageRecord) -> bytes | None:
        """The page's DOM as chromium rendered it (UTF-8 HTML), None when it was not rendered."""
        if record.render_offset is None:
            return None
        return read_block(self._warc(record.render_file or ARCHIVE), record.render_offset)

    def _warc(self, name: str) -> BinaryIO:
        fh = self._warcs.get(name)
        if fh is None:
            fh = self._warcs[name] = (self.path / name).open("rb")
        return fh

    def body(self, record: PageRecord) -> bytes:
        """The page's payload from the archive, content-encoding removed (b'' when not archived).

        A page cut at the crawl's size limit reads back as cut: the `size` bytes the crawl read, no more."""
        resp = self.response(record)
        if resp is None:
            return b""
        return resp.content(record.size) if record.truncated else resp.content()

    def summary(self) -> SnapshotSummary:
        """summary.json when the crawl finished; otherwise counted from the records on disk."""
        path = self.path / SUMMARY
        if path.exists():
            try:
                return SnapshotSummary.from_dict(json.loads(path.read_text("utf-8")))
            except (ValueError, TypeError):
                pass
        return compute_summary(self, "", "", "")

    def close(self) -> None:
        for fh in self._warcs.values():
            fh.close()
        self._warcs.clear()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def compute_summary(snap: Snapshot, site_code: str, home_url: str, started_at: str) -> SnapshotSummary:
    """Count pages, errors and links of a snapshot directory (plain JSON lines: no records are built)."""
    summary = SnapshotSummary(site_code=site_code, home_url=home_url, started_at=started_at)
    by_class: Counter[str] = Counter()
    for page in read_lines(snap.path / PAGES):
        summary.pages += 1
        summary.bytes += page.get("size") or 0
        if page.get("error") is None:
            summary.pages_ok += 1
        else:
            summary.page_errors += 1
    for err in read_lines(snap.path / ERRORS):
        by_class[str(err.get("error"))] += 1
    for link in read_lines(snap.path / LINKS):
        summary.links += 1
        error = link.get("error")
        if is_dead_error(error):
            summary.dead_links += 1
        elif link.get("status") is None and error is None:
            summary.links_unchecked += 1
    summary.errors_by_class = dict(sorted(by_class.items()))
    return summary
