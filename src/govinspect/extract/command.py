"""`govinspect extract FILE --url URL [--json]`: what was read from one saved page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from govinspect.extract.page import extract_page
from govinspect.extract.summary import summary_zh


def extract_output(file: Path, url: str, as_json: bool, limit: int | None = None) -> Iterator[str]:
    """Extract one saved page (its first `limit` bytes, as the crawl would keep them) and yield the output
    in pieces: JSON (the issue-5 contract), or a Chinese summary.

    Pieces, not one string: the JSON of a 100,000-row list built whole costs many times its size."""
    try:
        with Path(file).open("rb") as fh:
            facts = extract_page(url, fh.read(-1 if limit is None else limit), None)
    except OSError as exc:
        raise ValueError(f"无法读取文件 {file}：{exc.strerror or exc}") from exc
    if as_json:
        yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(facts.to_json())
    else:
        yield summary_zh(facts)


def run_extract(file: Path, url: str, as_json: bool, limit: int | None = None) -> str:
    """The whole output of `extract_output` as one string."""
    return "".join(extract_output(file, url, as_json, limit))
