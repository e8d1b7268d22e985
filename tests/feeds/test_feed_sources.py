"""Source adapters against feeds served on 127.0.0.1 (RSSHub / bridge route shapes, failures)."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect.crawl.settings import CrawlSettings
from govinspect.feeds.http import FeedHttp, check_links
from govinspect.feeds.post import Post
from govinspect.feeds.sources import (
    FeedSource,
    FetchContext,
    ImportSource,
    ManualRecord,
    ManualSource,
    RoutedSource,
    collect,
)
from govinspect.model import TZ, Account, Platform, checkpoint_at

CHECKPOINT = checkpoint_at(dt.date(2023, 6, 20))
CAPTURED = dt.datetime(2023, 6, 20, 10, 0, tzinfo=TZ)


def _account(feed: str | None, platform: Platform = Platform.WEIBO, **kw: object) -> Account:
    return Account(
        platform=platform, name="测试账号", account_id="acc1", unit="市司法局", feed_url=feed, **kw
    )


def _ctx(host_map: dict[str, str], settings: CrawlSettings) -> FetchContext:
    return FetchContext(host_map=host_map, settings=settings, captured_at=CAPTURED)


@pytest.mark.parametrize(
    ("path", "platform", "newest"),
    [
        ("http://rsshub.test/weibo/user/5412345678", Platform.WEIBO, dt.date(2023, 6, 6)),
        ("http://rsshub.test/toutiao/user/token/MS4wLjABAAAA", Platform.TOUTIAO, dt.date(2021, 9, 8)),
        ("http://rsshub.test/douyin/user/MS4wLjABAAAAmz", Platform.DOUYIN, dt.date(2021, 9, 8)),
        ("http://rsshub.test/bilibili/user/dynamic/2267573", Platform.OTHER, dt.date(2023, 6, 6)),
        ("http://rsshub.test/wechat/ce/595a5b14d7164e53908f1606", Platform.WECHAT, dt.date(2021, 8, 21)),
        ("http://bridge.test/feeds/tbap.xml", Platform.WECHAT, dt.date(2021, 8, 21)),
        ("http://bridge.test/rss/tbap", Platform.WECHAT, dt.date(2021, 8, 21)),
    ],
)
async def test_feed_routes_as_they_are(
    feed_server: dict[str, str], quick_settings: CrawlSettings, path: str, platform: Platform, newest: dt.date
) -> None:
    account = _account(path, platform)
    result = await FeedSource().fetch(account, None, CHECKPOINT, _ctx(feed_server, quick_settings))
    assert result.facts.source_error is None
    assert result.posts, "posts expected"
    assert result.posts[0].published.date() == newest
    assert result.posts[0].published.tzinfo is not None
    assert all(p.account == account.key for p in result.posts)
    assert result.facts.source_url == path
    assert result.facts.captured_at == CAPTURED


async def test_posts_after_checkpoint_are_dropped(
    feed_server: dict[str, str], quick_settings: CrawlSettings
) -> None:
    account = _account("http://rsshub.test/weibo/user/5412345678")
    until = checkpoint_at(dt.date(2023, 6, 3))
    result = await FeedSource().fetch(account, None, until, _ctx(feed_server, quick_settings))
    assert [p.published.date() for p in result.posts] == [dt.date(2023, 6, 1)]


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("http://rsshub.test/weibo/user/missing", "HTTP 404"),
        ("http://rsshub.test/err500.xml", "HTTP 500"),
        ("http://rsshub.test/broken.xml", "格式错误"),
        ("http://rsshub.test/empty.xml", "空订阅源"),
        ("http://rsshub.test/html-page", "格式错误"),
        ("http://unmapped.test/weibo/user/1", "域名无法解析"),
    ],
)
async def test_bad_sources_give_source_error(
    feed_server: dict[str, str], quick_settings: CrawlSettings, url: str, needle: str
) -> None:
    result = await FeedSource().fetch(_account(url), None, CHECKPOINT, _ctx(feed_server, quick_settings))
    assert result.posts == []
    assert result.facts.source_error is not None
    assert needle in result.facts.source_error


async def test_no_feed_url_is_source_error(quick_settings: CrawlSettings) -> None:
    result = await FeedSource().fetch(_account(None), None, CHECKPOINT, _ctx({}, quick_settings))
    assert result.facts.source_error == "未登记订阅源地址，无法获取发布内容"


async def test_rsshub_base_builds_feed_url(
    feed_server: dict[str, str], quick_settings: CrawlSettings
) -> None:
    account = Account(platform=Platform.WEIBO, name="邓州司法行政", account_id="5412345678", unit="市司法局")
    ctx = FetchContext(host_map=feed_server, settings=quick_settings, rsshub_base="http://rsshub.test")
    result = await FeedSource().fetch(account, None, CHECKPOINT, ctx)
    assert result.facts.source_url == "http://rsshub.test/weibo/user/5412345678"
    assert result.posts[0].published.date() == dt.date(2023, 6, 6)


async def test_profile_page_facts(feed_server: dict[str, str], quick_settings: CrawlSettings) -> None:
    account = _account(
        "http://rsshub.test/weibo/user/5412345678",
        profile_url="http://jyyj.test/profile/jyyj",
        certified_entity="济源市应急管理局",
    )
    result = await FeedSource().fetch(account, None, CHECKPOINT, _ctx(feed_server, quick_settings))
    facts = result.facts
    assert facts.certified_entity == "济源市安全生产监督管理局"  # the page wins over the registry
    assert facts.name == "济源应急"
    assert facts.interaction is False
    assert facts.menu_links == ["http://jyyj.test/menu/guide.html", "http://jyyj.test/menu/dead.html"]


async def test_unreachable_profile_falls_back_to_registry(
    feed_server: dict[str, str], quick_settings: CrawlSettings
) -> None:
    account = _account(
        "http://rsshub.test/weibo/user/5412345678",
        profile_url="http://jyyj.test/profile/gone",
        certified_entity="济源市应急管理局",
        menu_links=("http://jyyj.test/menu/guide.html",),
    )
    result = await FeedSource().fetch(account, None, CHECKPOINT, _ctx(feed_server, quick_settings))
    assert result.facts.certified_entity == "济源市应急管理局"
    assert result.facts.menu_links == ["http://jyyj.test/menu/guide.html"]
    assert result.facts.profile_error == "账号主页无法访问（HTTP 404）"
    assert result.facts.source_error is None


async def test_manual_record_source() -> None:
    account = _account(None, Platform.CHANNELS)
    record = ManualRecord(account.key, dt.date(2023, 6, 6), note="视频号后台查看", inspector="张三")
    result = await ManualSource({account.key: record}).fetch(account, None, CHECKPOINT, FetchContext())
    assert [p.published.date() for p in result.posts] == [dt.date(2023, 6, 6)]
    assert result.posts[0].source == "manual"
    assert result.facts.manual_note == "视频号后台查看"
    missing = await ManualSource({}).fetch(account, None, CHECKPOINT, FetchContext())
    assert missing.facts.source_error == "没有该账号的人工记录"


async def test_import_source_and_routing(feed_server: dict[str, str], quick_settings: CrawlSettings) -> None:
    imported_account = Account(platform=Platform.WECHAT, name="桐柏安棚", account_id="tbap", unit="安棚镇")
    feed_account = Account(
        platform=Platform.WEIBO,
        name="邓州司法行政",
        account_id="5412345678",
        unit="市司法局",
        feed_url="http://rsshub.test/weibo/user/5412345678",
    )
    silent = Account(platform=Platform.TOUTIAO, name="无记录", account_id="none", unit="安棚镇")
    post = Post(imported_account.key, "防火宣传", dt.datetime(2021, 8, 21, 9, tzinfo=TZ), source="import")
    source = RoutedSource(imported=ImportSource({imported_account.key: [post]}, "posts.csv"))
    results = await collect(
        [imported_account, feed_account, silent], source, CHECKPOINT, _ctx(feed_server, quick_settings)
    )
    assert results[imported_account.key].posts == [post]
    assert results[feed_account.key].posts[0].published.date() == dt.date(2023, 6, 6)
    assert results[silent.key].facts.source_error == "导入文件“posts.csv”中没有该账号的发布记录"


async def test_check_links(feed_server: dict[str, str], quick_settings: CrawlSettings) -> None:
    urls = ["http://jyyj.test/menu/guide.html", "http://jyyj.test/menu/dead.html", "http://nowhere.test/"]
    async with FeedHttp(feed_server, quick_settings) as http:
        results = await check_links(urls, http)
    assert results == {
        "http://jyyj.test/menu/guide.html": None,
        "http://jyyj.test/menu/dead.html": "http_4xx",
        "http://nowhere.test/": "dns",
    }
