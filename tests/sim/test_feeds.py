"""New-media feeds: RSS, Atom and JSON Feed parse; planted account faults show in them."""

from __future__ import annotations

import datetime as dt
import json

import feedparser

from govinspect.sim import World
from govinspect.sim.mediagen import feed_paths


def _acc(world: World, name: str):  # type: ignore[no-untyped-def]
    return next(a for a in world.accounts if a.name == name)


def _body(world: World, path: str) -> bytes:
    r = world.resolve(world.scenario.feed_host, path)
    assert r is not None
    return r.body


def test_all_three_formats_parse(small_world: World) -> None:
    acc = _acc(small_world, "城关发布")
    rss, atom, jsn = feed_paths(acc.platform, acc.account_id)
    assert rss == f"/feeds/{acc.account_id}.xml"
    d1 = feedparser.parse(_body(small_world, rss))
    d2 = feedparser.parse(_body(small_world, atom))
    d3 = json.loads(_body(small_world, jsn))
    assert not d1.bozo and not d2.bozo
    assert (
        d1.version == "rss20" and d2.version == "atom10" and d3["version"].startswith("https://jsonfeed.org")
    )
    assert len(d1.entries) == len(d2.entries) == len(d3["items"]) == 60  # 15 weeks at 4 a week
    assert [e.link for e in d1.entries] == [e["url"] for e in d3["items"]]


def test_not_updated_account_last_post(small_world: World) -> None:
    acc = _acc(small_world, "测试民政")
    d = feedparser.parse(_body(small_world, feed_paths(acc.platform, acc.account_id)[0]))
    newest = max(dt.date(*e.published_parsed[:3]) for e in d.entries)
    assert newest == dt.date(2023, 6, 6)
    gt = [f for f in small_world.ground_truth if f.target == acc.key]
    assert [(f.check, f.detail["days"]) for f in gt] == [("media.not_updated", 14)]


def test_healthy_account_is_fresh(small_world: World) -> None:
    acc = _acc(small_world, "城关发布")
    d = feedparser.parse(_body(small_world, feed_paths(acc.platform, acc.account_id)[0]))
    newest = max(dt.date(*e.published_parsed[:3]) for e in d.entries)
    assert (small_world.scenario.checkpoint - newest).days <= 3


def test_low_frequency_and_outdated_entity(small_world: World) -> None:
    acc = _acc(small_world, "测试县发布")
    d = json.loads(_body(small_world, feed_paths(acc.platform, acc.account_id)[2]))
    days = sorted(dt.date.fromisoformat(i["date_published"][:10]) for i in d["items"])
    assert (days[-1] - days[-2]).days >= 14
    assert acc.profile_url
    profile = _body(small_world, acc.profile_url.split("sim.local", 1)[1]).decode()
    assert "认证主体" in profile and "测试县扶贫开发办公室" in profile
    assert acc.certified_entity == "测试县人民政府"


def test_malformed_feed_is_bozo(small_world: World) -> None:
    acc = _acc(small_world, "测试县融媒")
    rss, atom, _ = feed_paths(acc.platform, acc.account_id)
    assert rss == f"/douyin/user/{acc.account_id}" and atom == rss + "?format=atom"
    assert feedparser.parse(_body(small_world, rss)).bozo
    assert not feedparser.parse(_body(small_world, atom)).bozo


def test_content_error_in_post_and_broken_menu(small_world: World) -> None:
    acc = _acc(small_world, "城关发布")
    gt = {f.check: f for f in small_world.ground_truth if f.target == acc.key}
    post = gt["media.content_error"].detail["url"].split("sim.local", 1)[1]
    assert "中华人民共合国" in _body(small_world, post).decode()
    broken = gt["media.broken_menu"].detail["url"]
    assert broken in acc.menu_links
    assert small_world.resolve("rsshub.sim.local", broken.split("sim.local", 1)[1]) is None


def test_profile_shows_interaction_state(small_world: World) -> None:
    from govinspect.feeds.profile import parse_profile_page

    closed, open_ = _acc(small_world, "城关发布"), _acc(small_world, "测试民政")
    for acc, expect in ((closed, False), (open_, True)):
        assert acc.profile_url
        body = _body(small_world, acc.profile_url.split("sim.local", 1)[1]).decode()
        facts = parse_profile_page(acc.profile_url, body, acc.key)
        assert facts.interaction is expect and facts.certified_entity == acc.certified_entity
        assert facts.menu_links == list(acc.menu_links)
    assert any(f.check == "media.no_interaction" and f.target == closed.key for f in small_world.ground_truth)
