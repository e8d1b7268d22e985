"""Parsing RSS 2.0 / Atom / JSON Feed bytes, and recognising RSSHub / bridge routes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govinspect.feeds.parse import FeedError, parse_feed
from govinspect.feeds.routes import recognise, rsshub_url
from govinspect.model import TZ, Account, Platform

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss2_rsshub_weibo() -> None:
    posts = parse_feed(_read("weibo_rsshub.xml"), "微博:5412345678")
    assert [p.published for p in posts] == [
        dt.datetime(2023, 6, 6, 9, 30, tzinfo=TZ),
        dt.datetime(2023, 6, 1, 16, 5, tzinfo=TZ),
    ]
    first = posts[0]
    assert first.title == "【普法宣传】民法典进社区，法律服务零距离"
    assert first.url == "https://weibo.com/5412345678/N5abc"
    assert "http://dzsf.test/news/20230606.html" in first.links
    assert first.account == "微博:5412345678"


def test_atom() -> None:
    posts = parse_feed(_read("toutiao_atom.xml"), "今日头条:x")
    assert posts[0].title == "桐柏县召开外贸企业座谈会"
    assert posts[0].published == dt.datetime(2021, 9, 8, 10, 0, tzinfo=TZ)
    assert posts[0].text == "座谈会听取企业意见"
    assert posts[1].published == dt.datetime(2021, 8, 30, 10, 0, tzinfo=TZ)


def test_json_feed_naive_date_and_untitled_item() -> None:
    posts = parse_feed(_read("douyin.json"), "抖音:x", "application/feed+json")
    assert posts[0].published == dt.datetime(2021, 9, 8, 11, 0, tzinfo=TZ)
    assert posts[0].title.startswith("重阳节敬老活动")
    assert posts[0].links == ["http://mz.test/notice.html"]
    assert posts[1].title == "低保政策解读"


def test_wechat_bridge_naive_pubdate_is_beijing() -> None:
    posts = parse_feed(_read("wechat_bridge.xml"), "微信公众号:tbap")
    assert posts[0].published == dt.datetime(2021, 8, 21, 18, 20, tzinfo=TZ)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"", "为空"),
        (b"<html><body>hello</body></html>", "格式错误"),
        (b'{"title": "x"}', "JSON Feed"),
        (b"{not json", "JSON"),
    ],
)
def test_unusable_bodies(body: bytes, needle: str) -> None:
    with pytest.raises(FeedError, match=needle):
        parse_feed(body, "微博:1")


def test_malformed_and_empty_fixture() -> None:
    with pytest.raises(FeedError, match="格式错误"):
        parse_feed(_read("malformed.xml"), "微博:1")
    with pytest.raises(FeedError, match="空订阅源"):
        parse_feed(_read("empty.xml"), "微博:1")


@pytest.mark.parametrize(
    ("url", "bridge", "platform", "uid"),
    [
        ("http://rsshub.test/weibo/user/5412345678", "rsshub", Platform.WEIBO, "5412345678"),
        ("http://rsshub.test/douyin/user/MS4wLjABAAAAmz", "rsshub", Platform.DOUYIN, "MS4wLjABAAAAmz"),
        ("http://rsshub.test/toutiao/user/token/MS4w", "rsshub", Platform.TOUTIAO, "MS4w"),
        ("http://rsshub.test/bilibili/user/dynamic/2267573", "rsshub", Platform.OTHER, "2267573"),
        ("http://rsshub.test/wechat/ce/595a5b14", "rsshub", Platform.WECHAT, "595a5b14"),
        ("http://bridge.test/feeds/tbap.xml", "wechat-bridge", Platform.WECHAT, "tbap"),
        ("http://bridge.test/rss/tbap", "wechat-bridge", Platform.WECHAT, "tbap"),
        ("http://www.example.gov.cn/rss.xml", "feed", None, None),
    ],
)
def test_recognise_routes(url: str, bridge: str, platform: Platform | None, uid: str | None) -> None:
    route = recognise(url)
    assert (route.bridge, route.platform, route.uid) == (bridge, platform, uid)


def test_rsshub_url_for_account() -> None:
    weibo = Account(platform=Platform.WEIBO, name="邓州司法行政", account_id="5412345678", unit="市司法局")
    assert rsshub_url("http://rsshub.test/", weibo) == "http://rsshub.test/weibo/user/5412345678"
    wechat = Account(platform=Platform.WECHAT, name="桐柏安棚", account_id="tbap", unit="安棚镇")
    assert rsshub_url("http://rsshub.test", wechat) is None
