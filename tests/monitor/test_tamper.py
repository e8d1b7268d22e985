"""Tampering watch: fingerprints, the comparison with a confirmed baseline, and the rule."""

from __future__ import annotations

from govinspect.monitor import compare, fingerprint
from govinspect.monitor.rules import tampered

HOME = "梅溪县人民政府 政务要闻 县长主持召开常务会议 全县安全生产工作会议召开 通知公告 关于做好防汛工作的通知"
LINKS = ["http://www.meixi.gov.cn/zwyw/", "http://www.meixi.gov.cn/tzgg/", "http://www.gov.cn/"]


def test_an_unchanged_or_updated_page_is_not_tampered() -> None:
    base = fingerprint(HOME, LINKS)
    same = compare(base, HOME, LINKS)
    assert same == {"text_gone": 0.0, "links_new": 0.0, "new_text": [], "new_links": [], "lexicon": []}
    updated = compare(
        base, HOME + " 县政府党组召开理论学习中心组会议", [*LINKS, "http://www.meixi.gov.cn/zwyw/1.html"]
    )
    assert updated["new_text"] == ["县政府党组召开理论学习中心组会议"] and not updated["lexicon"]
    assert tampered("梅溪县", "S1", "梅溪县人民政府", updated) is None
    assert tampered("梅溪县", "S1", "梅溪县人民政府", None) is None


def test_lexicon_words_in_new_text_or_links_are_tampering() -> None:
    base = fingerprint(HOME, LINKS)
    change = compare(base, HOME + " 澳门百家乐官网 在线开户", [*LINKS, "http://www.casino-vip.com/"])
    assert change["lexicon"] == ["百家乐", "casino"] and "澳门百家乐官网" in change["new_text"]
    c = tampered("梅溪县", "S1", "梅溪县人民政府", change)
    assert (
        c is not None
        and c.urgent
        and "出现可疑内容（百家乐、casino）" in c.message
        and "“澳门百家乐官网”" in c.message
    )


def test_a_page_mostly_replaced_is_tampering() -> None:
    base = fingerprint(HOME, LINKS)
    change = compare(
        base,
        "网站维护中 请稍后访问 黑客到此一游 联系邮箱",
        ["http://evil.example/a", "http://evil.example/b"],
    )
    assert change["text_gone"] == 1.0 and change["links_new"] == 1.0
    c = tampered("梅溪县", "S1", "梅溪县人民政府", change)
    assert c is not None and "原有文字 100% 不再出现" in c.message
