"""`govinspect extract FILE --url URL [--json]`: what was read from one saved page."""

from __future__ import annotations

import json
from pathlib import Path

from govinspect.extract.page import extract_page
from govinspect.extract.summary import summary_zh


def run_extract(file: Path, url: str, as_json: bool) -> str:
    """Extract one saved page; return JSON (the issue-5 contract) or a Chinese summary to print."""
    try:
        body = Path(file).read_bytes()
    except OSError as exc:
        raise ValueError(f"无法读取文件 {file}：{exc.strerror or exc}") from exc
    facts = extract_page(url, body, None)
    if as_json:
        return json.dumps(facts.to_json(), ensure_ascii=False, indent=2)
    return summary_zh(facts)
