"""Feeds → checks → notice rows on loopback feeds: the seed-000 account and a failing source."""

from __future__ import annotations

import datetime as dt

from govinspect.checks.media import account_findings
from govinspect.crawl.settings import CrawlSettings
from govinspect.feeds.sources import FeedSource, FetchContext, collect
from govinspect.jobs.reporting import account_notice_row
from govinspect.model import TZ, Account, Platform, Unit, checkpoint_at
from govinspect.reports.figures import group_row
from govinspect.rules.profile import load_profile
from govinspect.scoring.engine import TargetInfo, score_target

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
    profile = load_profile("national-2019")
    posts = {k: r.posts for k, r in results.items()}
    findings = account_findings(
        accounts, units, posts, {k: r.facts for k, r in results.items()}, CHECKPOINT, profile
    )
    rows = [
        account_notice_row(
            score_target(findings[a.key], profile, TargetInfo.from_account(a)), a, posts[a.key], CHECKPOINT
        )
        for a in accounts
    ]
    assert [(r.name, r.result, r.problem) for r in rows] == [
        ("邓州司法行政", "单否", "内容长期不更新"),
        ("邓州民政", "待核实", "数据源异常，无法判定更新情况：订阅源无法访问（HTTP 404）"),
    ]
    assert findings["微博:5412345678"][0].evidence.url == "http://rsshub.test/weibo/user/5412345678"
    total = group_row("合计", rows)
    assert (total.count, total.passed, total.failed, total.unverified) == (2, 0, 1, 1)
