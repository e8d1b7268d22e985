"""Source results survive a write/read round trip exactly (crawl once, judge many times)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govinspect.feeds.archive import read_results, write_results
from govinspect.feeds.post import AccountFacts, Post
from govinspect.feeds.sources import SourceResult
from govinspect.model import TZ


def test_round_trip(tmp_path: Path) -> None:
    post = Post(
        "微博:1",
        "民法典进社区",
        dt.datetime(2023, 6, 6, 9, 30, tzinfo=TZ),
        "https://w/1",
        "正文",
        ["http://a"],
    )
    facts = AccountFacts(
        "微博:1",
        name="邓州司法行政",
        certified_entity="邓州市司法局",
        menu_links=["http://m"],
        interaction=False,
        source_url="http://rsshub.test/weibo/user/1",
        captured_at=dt.datetime(2023, 6, 20, 10, tzinfo=TZ),
    )
    failed = AccountFacts("微信公众号:2", source_error="订阅源无法访问（HTTP 404）")
    results = {"微博:1": SourceResult([post], facts), "微信公众号:2": SourceResult([], failed)}
    path = tmp_path / "feeds.jsonl"
    write_results(results, path)
    again = read_results(path)
    assert again == results
    assert again["微博:1"].posts[0].published.tzinfo is TZ
    first = path.read_bytes()
    write_results(again, path)
    assert path.read_bytes() == first
