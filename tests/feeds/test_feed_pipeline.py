"""Feeds → checks → notice rows on loopback feeds: the seed-000 account and a failing source."""

from __future__ import annotations

import datetime as dt

from govinspect.checks.media import account_table_by, judge_accounts, table_total
from govinspect.crawl.settings import CrawlSettings
from govinspect.feeds.sources import FeedSource, FetchContext, collect
from govinspect.model import TZ, Account, Platform, Unit, checkpoint_at
from govinspect.scoring.profile import load_profile

CHECKPOINT = checkpoint_at(dt.date(2023, 6, 20))


async def test_collect_and_judge(feed_server: dict[str, str], quick_settings: CrawlSettings) -> None:
    accounts = [
        Account(
            platform=Platform.WEIBO,
            name="邓州司法行政",
            account_id="5412345678",
            unit="市司法局",
            feed_url="http://rsshub.test/weibo/user/5412345678",
        ),
        Account(
            platform=Platform.WECHAT,
            name="邓州民政",
            account_id="dzmz",
            unit="市民政局",
            feed_url="http://bridge.test/feeds/missing.xml",
        ),
    ]
    units = [Unit(name="市司法局"), Unit(name="市民政局")]
    ctx = FetchContext(
        host_map=feed_server, settings=quick_settings, captured_at=dt.datetime(2023, 6, 20, tzinfo=TZ)
    )
    results = await collect(accounts, FeedSource(), CHECKPOINT, ctx)
    findings, rows = judge_accounts(
        accounts,
        units,
        {k: r.posts for k, r in results.items()},
        {k: r.facts for k, r in results.items()},
        CHECKPOINT,
        load_profile("national-2019"),
    )
    assert [(r.name, r.result, r.problem) for r in rows] == [
        ("邓州司法行政", "单否", "长期不更新 (14 天)"),
        ("邓州民政", "待核实", "数据源异常，无法判定更新情况：订阅源无法访问（HTTP 404）"),
    ]
    assert findings["微博:5412345678"][0].evidence.url == "http://rsshub.test/weibo/user/5412345678"
    total = table_total(account_table_by(rows))
    assert (total.accounts, total.passed, total.failed, total.unverified) == (2, 0, 1, 1)
