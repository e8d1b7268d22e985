"""Account profile pages → 认证主体, name, custom-menu links, interaction; registry fallback."""

from __future__ import annotations

from pathlib import Path

from govinspect.feeds.profile import facts_from_registry, parse_profile_page
from govinspect.model import Account, Platform

FIXTURES = Path(__file__).parent / "fixtures"


def test_profile_fixture() -> None:
    html = (FIXTURES / "profile.html").read_text(encoding="utf-8")
    facts = parse_profile_page("http://jyyj.test/profile/jyyj", html, "微信公众号:jyyj")
    assert facts.account == "微信公众号:jyyj"
    assert facts.name == "济源应急"
    assert facts.certified_entity == "济源市安全生产监督管理局"
    assert facts.interaction is False
    # only links inside the custom menu, resolved against the page URL
    assert facts.menu_links == ["http://jyyj.test/menu/guide.html", "http://jyyj.test/menu/dead.html"]


def test_labelled_text_and_data_fields() -> None:
    html = """<html><head><meta property="og:title" content="邓州司法行政"></head><body>
      <span itemprop="certified_entity" content="邓州市司法局"></span>
      <div data-field="interaction">已开通</div>
      <nav role="menu"><a href="https://dz.test/a">服务</a><a href="javascript:void(0)">x</a></nav>
    </body></html>"""
    facts = parse_profile_page("https://weibo.test/u/1", html, "微博:1")
    assert (facts.name, facts.certified_entity, facts.interaction) == ("邓州司法行政", "邓州市司法局", True)
    assert facts.menu_links == ["https://dz.test/a"]


def test_page_without_facts() -> None:
    facts = parse_profile_page("https://x.test/", "<html><body><p>欢迎</p></body></html>", "微博:1")
    assert (facts.name, facts.certified_entity, facts.interaction, facts.menu_links) == (None, None, None, [])


def test_registry_facts() -> None:
    account = Account(
        platform=Platform.WECHAT,
        name="桐柏安棚",
        account_id="tbap",
        unit="安棚镇人民政府",
        certified_entity="桐柏县安棚镇人民政府",
        menu_links=("https://ap.test/menu",),
    )
    facts = facts_from_registry(account)
    assert (facts.account, facts.name, facts.certified_entity, facts.menu_links, facts.interaction) == (
        "微信公众号:tbap",
        "桐柏安棚",
        "桐柏县安棚镇人民政府",
        ["https://ap.test/menu"],
        None,
    )


def test_decode_gbk_profile_page() -> None:
    from govinspect.extract.decode import decode_html  # what feeds.sources reads profile pages with

    body = '<html><head><meta charset="gb2312"></head><body>认证主体：邓州市司法局</body></html>'.encode(
        "gbk"
    )
    assert "邓州市司法局" in decode_html(body, {"content-type": "text/html"})[0]
    assert decode_html("认证".encode(), {"content-type": "text/html; charset=utf-8"})[0] == "认证"
