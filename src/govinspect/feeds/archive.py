"""Keep what the sources returned (posts + facts per account) as JSON lines, to re-judge without re-fetching.

One line per account; datetimes are ISO 8601 with their +08:00 offset, so a reload is exact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Mapping
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from govinspect.feeds.dates import to_shanghai
from govinspect.feeds.post import AccountFacts, Post
from govinspect.feeds.sources import SourceResult


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def result_to_dict(result: SourceResult) -> dict[str, Any]:
    return {"facts": asdict(result.facts), "posts": [asdict(p) for p in result.posts]}


def result_from_dict(data: Mapping[str, Any]) -> SourceResult:
    facts = dict(data["facts"])
    known = {f.name for f in fields(AccountFacts)}
    facts = {k: v for k, v in facts.items() if k in known}
    if facts.get("captured_at"):
        facts["captured_at"] = to_shanghai(dt.datetime.fromisoformat(facts["captured_at"]))
    posts = []
    for raw in data["posts"]:
        item = dict(raw)
        item["published"] = to_shanghai(dt.datetime.fromisoformat(item["published"]))
        posts.append(Post(**item))
    return SourceResult(posts, AccountFacts(**facts))


def write_results(results: Mapping[str, SourceResult], path: str | Path) -> None:
    """Write `feeds.jsonl` (accounts in key order, so equal inputs give equal bytes)."""
    lines = (
        json.dumps({"account": key, **result_to_dict(results[key])}, ensure_ascii=False, default=_encode)
        for key in sorted(results)
    )
    replace_text(Path(path), "".join(f"{line}\n" for line in lines))


def replace_text(path: Path, text: str) -> None:
    """Write a file whole or not at all, so a reader never sees half of it — not even while a target
    delivered twice (a worker lost, Redis restarted) is written by two workers at once."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def read_results(path: str | Path) -> dict[str, SourceResult]:
    out: dict[str, SourceResult] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                data = json.loads(line)
                out[data["account"]] = result_from_dict(data)
    return out
