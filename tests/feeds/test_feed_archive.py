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


def test_a_reader_never_sees_half_a_file_while_two_writers_replace_it(tmp_path: Path) -> None:
    """A target delivered twice is written by two workers at once; the round's reader sees one whole file."""
    import threading

    from govinspect.feeds.archive import replace_text

    path = tmp_path / "a.json"
    payloads = [
        '{"writer": 1, "pad": "' + "x" * 200_000 + '"}',
        '{"writer": 2, "pad": "' + "y" * 200_000 + '"}',
    ]
    replace_text(path, payloads[0])
    done = threading.Event()
    torn: list[int] = []  # lengths of the reads that were not one whole payload

    def write(text: str) -> None:
        for _ in range(100):
            replace_text(path, text)

    writers = [threading.Thread(target=write, args=(p,)) for p in payloads]
    for w in writers:
        w.start()

    def read() -> None:
        while not done.is_set():
            text = path.read_text(encoding="utf-8")
            if text not in payloads:
                torn.append(len(text))

    reader = threading.Thread(target=read)
    reader.start()
    for w in writers:
        w.join()
    done.set()
    reader.join()
    assert torn == []
    assert list(tmp_path.iterdir()) == [path]  # no temporary file is left behind
