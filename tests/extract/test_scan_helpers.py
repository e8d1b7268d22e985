"""Helpers that spare whole-page scans and per-row work: each gives what the plain way gives (hit and miss)."""

from __future__ import annotations

import dataclasses
import random
import re

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract import chrome, extract_html, extract_page, links
from govinspect.extract.dates import FULL_DATE, printed_iso
from govinspect.extract.footer import _MAX_HITS, _occurrences
from govinspect.extract.hidden import css_rules, hiding_selectors
from govinspect.extract.letters import read_mailbox
from govinspect.extract.links import base_url_of, comment_spans, count_exceeds, search_from_first
from govinspect.extract.lists.datastore import datastore_records
from govinspect.extract.lists.json_lists import has_title_field
from govinspect.extract.lists.pagination import _in_pager, _script_total, pagination
from govinspect.extract.lists.rows import rows_from_tree
from govinspect.extract.nav import _is_more, breadcrumb

from .conftest import page

URL = "http://www.tongbai.gov.cn/zwgk/tzgg/index.html"


# ---- search_from_first --------------------------------------------------------------------------------

_CONTACT = re.compile(r"(?:联系电话|电话|联系方式)\s*[：:]?\s*(\d{7,8})")


def test_search_from_first_finds_what_the_plain_search_finds():
    for text in ("关于我们 联系电话：68123456", "电话 68123456 联系方式 12345678", "联系我们 电话:12345678"):
        m = search_from_first(_CONTACT, text, ("联系", "电话"))
        assert m is not None and m.span() == _CONTACT.search(text).span()


def test_search_from_first_misses_without_a_literal_or_a_match():
    assert search_from_first(_CONTACT, "版权所有 桐柏县人民政府", ("联系", "电话")) is None
    assert search_from_first(_CONTACT, "联系我们 电话待定", ("联系", "电话")) is None


# ---- comment spans and footer marker occurrences ---------------------------------------------------------


def _comment_spans_by_find(html: str) -> list[tuple[int, int]]:
    spans, pos = [], html.find("<!--")
    while pos >= 0:
        close = html.find("-->", pos + 4)
        spans.append((pos, close))
        if close < 0:
            break
        pos = html.find("<!--", close + 3)
    return spans


def test_comment_spans():
    html = "<!DOCTYPE html><p>a!</p><!-- x --><b>!</b><!--><!-- y -->z<!-- open"
    assert comment_spans(html) == [(24, 31), (42, 54), (58, -1)]  # "<!-->" does not close itself
    assert comment_spans("<p>no comment!</p>") == []
    rnd = random.Random(9)
    parts = ["<!--", "-->", "<!-->", "!", "<", "-", ">", "a", "字"]
    for _ in range(3000):
        html = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12)))
        assert comment_spans(html) == _comment_spans_by_find(html), html


def test_occurrences_of_a_cjk_needle_by_its_first_character():
    html = "党建 党政机关党政机关 <img alt='党政机关'> 党"
    assert list(_occurrences(html, "党政机关")) == [3, 7, 22]
    assert list(_occurrences(html, "机关单位")) == []
    assert len(list(_occurrences("党政机关" * (_MAX_HITS + 5), "党政机关"))) == _MAX_HITS


# ---- count_exceeds --------------------------------------------------------------------------------------


def test_count_exceeds_as_the_plain_count_says():
    html = "<div><p>a</p></div>" * 1000
    assert count_exceeds(html, "</", 1999) and not count_exceeds(html, "</", 2000)
    assert count_exceeds(html, "</", -1) and not count_exceeds("", "</", 0)


def test_count_exceeds_counts_across_windows(monkeypatch):
    rnd = random.Random(6)
    for window in (1, 2, 3, 8192):
        monkeypatch.setattr(links, "_COUNT_WINDOW", window)
        for _ in range(500):
            text = "".join(rnd.choice(["<", "/", "</", "a", "<</"]) for _ in range(rnd.randint(0, 20)))
            for limit in range(-1, 8):
                assert count_exceeds(text, "</", limit) == (text.count("</") > limit), text


# ---- css_rules ------------------------------------------------------------------------------------------


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")  # what `css_rules` replaced


def test_css_rules_as_the_regex_finds_them():
    css = ".a, #b { display:none } @media print { .c li{color:red} } .d{}"
    assert css_rules(css) == [(".a, #b ", " display:none "), (" .c li", "color:red"), (" .d", "")]
    assert css_rules(css) == _CSS_RULE.findall(css)
    assert hiding_selectors(css) == {".a": "display:none", "#b": "display:none"}


def test_css_rules_miss_without_a_whole_rule_and_agree_on_scrambled_css():
    assert css_rules("{x} }{ .a{ ") == []
    parts = ["{", "}", "a", ".b", " ", "x:y;", "@media s", "\n", "#i", ","]
    rnd = random.Random(4)
    for _ in range(3000):
        css = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 16)))
        assert css_rules(css) == _CSS_RULE.findall(css), css


# ---- datastore_records ----------------------------------------------------------------------------------

_RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)


def _by_regex(html: str) -> list[str]:
    return [m.group(1) or m.group(2) or "" for m in _RECORD.finditer(html)]


def test_datastore_records_unwraps_cdata_and_trims_plain_records():
    html = (
        "<recordset><record><![CDATA[<li>甲</li>]]></record>\n"
        "<RECORD id=2>  <li>乙</li>  </RECORD>"
        "<record><![CDATA[a]]>b]]>  </record></recordset>"
    )
    assert datastore_records(html) == ["<record><![CDATA[<li>甲</li>]]>", "<li>乙</li>", "a]]>b"]
    assert datastore_records(html) == _by_regex(html)


def test_datastore_records_without_a_closing_tag():
    assert datastore_records("<record><![CDATA[<li>甲</li>]]>") == []
    assert datastore_records("<p>no records</p>") == []


def test_datastore_records_agree_with_the_regex_on_scrambled_markup():
    parts = ["<record>", "<RECORD a=1>", "<recordset>", "</record>", "</Record>", "<![CDATA[", "<![cdata["]
    parts += ["]]>", "]", ">", " ", "\n", "\u3000", "x", "甲", "<li>"]
    rnd = random.Random(5)
    for _ in range(3000):
        html = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 12)))
        assert datastore_records(html) == _by_regex(html), html


# ---- _script_total --------------------------------------------------------------------------------------


def test_script_total_takes_keys_in_order_of_preference():
    assert _script_total("var totalCount = 7; var recordCount = 42;") == 42
    assert _script_total("<div data-x='1'>var totalRecord: '15'</div>") == 15
    assert _script_total("total_count=3") == 3


def test_script_total_reads_only_the_first_occurrence_of_a_key():
    assert _script_total("recordCount(); totalCount = 9; recordCount = 42") == 9
    assert _script_total("页面没有记录数") is None
    assert _script_total("subtotal: none, recordCount = x") is None


# ---- pagination -----------------------------------------------------------------------------------------


def test_in_pager_looks_three_elements_up():
    tree = LexborHTMLParser(
        '<div class="pagination"><span><b><a href="2.html">2</a></b></span></div>'
        '<div class="pages"><a href="3.html">3</a></div><p><span><b><i><a href="4.html">4</a></i></b></span></p>'
    )
    links = tree.css("a")
    assert _in_pager(links[1]) is True
    assert _in_pager(links[0]) is True  # b, span, div.pagination
    assert _in_pager(links[2]) is False


def test_page_numbers_count_only_inside_a_pager():
    html = (
        '<ul><li><a href="/a/1.html">1</a></li></ul><div class="page"><a href="index_2.html">2</a>'
        '<a href="index_1.html">下一页</a></div><p><a href="index_9.html">尾页</a></p>'
    )
    urls, _ = pagination(LexborHTMLParser(html), URL, html, URL)
    assert urls == [
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_2.html",
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_1.html",
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_9.html",
    ]


# ---- nav ------------------------------------------------------------------------------------------------


def test_is_more():
    for label in ("更多", "更多>>", "more", "MORE»", "+", "》更多", "查看更多"):
        assert _is_more(label), label
    for label in ("", "首页", "更新时间", "moreover", "政务公开"):
        assert not _is_more(label), label


def test_breadcrumb_by_class_name_only_where_the_page_shows_its_words():
    html = '<div class="location">当前位置：<a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>'
    tree = LexborHTMLParser(html)
    text = " ".join(tree.body.text(separator=" ").split())
    names = ["政务公开", "通知公告"]
    assert [n.name for n in breadcrumb(tree, URL)] == names
    assert [n.name for n in breadcrumb(tree, URL, text=text)] == names
    # A text without 首页 or 位置 means no container can hold them: the class-name search is skipped.
    assert breadcrumb(tree, URL, text="政务公开 > 通知公告") == []


# ---- letters --------------------------------------------------------------------------------------------

ROWS = "".join(
    f'<li><a href="/xx/{i}.html">关于第{i}号路段积水的投诉</a><span>2023-06-{i:02d}</span><em>已回复</em></li>'
    for i in range(1, 4)
)


def _tree_and_text(body: str) -> tuple[LexborHTMLParser, str]:
    tree = LexborHTMLParser(f"<html><body><h2>县长信箱 留言办理</h2><ul>{body}</ul></body></html>")
    return tree, " ".join(tree.body.text(separator=" ").split())


def test_letter_rows_are_read_only_when_enough():
    tree, text = _tree_and_text(ROWS)
    letters, is_mailbox = read_mailbox(tree, text, URL)
    assert is_mailbox and [x.asked for x in letters] == ["2023-06-01", "2023-06-02", "2023-06-03"]
    assert read_mailbox(tree, text, URL, at_least=3) == (letters, True)
    assert read_mailbox(tree, text, URL, at_least=4) == ([], True)  # counted, not read: too few


def test_rows_without_a_status_word_are_no_letters():
    tree, text = _tree_and_text(ROWS.replace("已回复", "查看"))
    assert read_mailbox(tree, text, URL) == ([], False)


# ---- rows -----------------------------------------------------------------------------------------------


def test_ungrouped_rows_carry_no_signature():
    html = (
        '<ul class="list"><li><a href="/a/1.html">关于做好防汛工作的通知</a><span>2023-06-20</span></li>'
        '<li><a href="/a/2.html">县政府常务会议纪要全文</a><span>2023-06-18</span></li></ul>'
    )
    grouped = rows_from_tree(LexborHTMLParser(html), URL, None)
    plain = rows_from_tree(LexborHTMLParser(html), URL, None, grouped=False)
    assert [r.signature for r in grouped] == ["li./ul.list/body."] * 2
    assert [r.signature for r in plain] == ["", ""]
    assert [(r.title, r.href, r.date) for r in plain] == [(r.title, r.href, r.date) for r in grouped]


# ---- page -----------------------------------------------------------------------------------------------


def test_utf8_bytes_parsed_as_they_are_give_the_facts_of_the_text():
    html = page('<ul class="list"><li><a href="/a/1.html">关于做好防汛工作的通知</a> 2023-06-20</li></ul>')
    body = html.encode("utf-8")
    for raw in (body, b"\xef\xbb\xbf" + body, body.replace("防汛".encode(), b"\xff\xfe"), body + b"\x00"):
        facts = extract_page(URL, raw, {"Content-Type": "text/html; charset=utf-8"})
        text = raw.decode("utf-8", "replace").lstrip("\ufeff")
        assert dataclasses.asdict(facts) == dataclasses.asdict(extract_html(URL, text)), raw[:20]


# ---- script title fields ---------------------------------------------------------------------------------

_TITLE_FIELD = re.compile(r"(?:title|name|bt)[\"']?\s*:", re.I)  # what has_title_field answers


def test_title_field_found_backwards_from_a_colon():
    for script in (
        'var d = {"title": "通知"}',
        "x={DOCTITLE :'a'}",
        "{ 'name'\t: 1 }",
        "r.BT:2",
        '{"tİtle":1}',
    ):
        assert has_title_field(script), script
    for script in ("var titles = 1; a ? b : c", "title = 'x'", '{"title" x: 1}', "{tit le: 1}", "no colon"):
        assert not has_title_field(script), script


def test_title_field_as_the_case_insensitive_search_finds_it():
    rnd = random.Random(13)
    alphabet = list("titleTITLEnameNAMEbtBT\"' :\t\u3000\u0130\u0131\u017fx1{}")
    for _ in range(20000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert has_title_field(s) == (_TITLE_FIELD.search(s) is not None), repr(s)


# ---- printed dates ---------------------------------------------------------------------------------------


def test_printed_date_read_once_per_printed_text():
    texts = ["发布：2023-06-20", "2023-06-20 09:32", "2023年6月20日 9时32分", "2023/6/31", "[2023.06.20]"]
    for text in texts:
        for with_time in (True, False):
            m = FULL_DATE.search(text)
            first = printed_iso(m, with_time)
            again = printed_iso(FULL_DATE.search(" " + text), with_time)  # another match, same printed text
            assert again == first and again[1] is first[1]
            assert first[1] == m.group(0)
    assert printed_iso(FULL_DATE.search("2023-06-20 09:32"))[0] == "2023-06-20 09:32"
    assert printed_iso(FULL_DATE.search("2023-06-20 09:32"), with_time=False)[0] == "2023-06-20"
    assert printed_iso(FULL_DATE.search("2023/6/31"))[0] is None  # not a calendar day


# ---- <base>, drop-downs and JCMS records ----------------------------------------------------


def test_base_href_as_the_first_base_with_an_href():
    cases = {
        '<base href="/x/">': "http://a/x/",
        '<base target="_blank"><base href="/x/">': "http://a/x/",
        '<base href=""><base href="/x/">': "http://a/p.html",  # the first base[href] is empty
        "<base href><base href='/x/'>": "http://a/p.html",
        '<BASE HREF="http://b/">': "http://b/",
        "": "http://a/p.html",
    }
    for head, want in cases.items():
        assert (
            base_url_of(LexborHTMLParser(f"<html><head>{head}</head><body></body></html>"), "http://a/p.html")
            == want
        )


def test_select_and_record_found_in_one_scan():
    recs = "".join(
        f"<RECORD><![CDATA[<li><a href='/art/{i}.html'>第{i}条通知的完整标题</a><b>2022-01-0{i}</b></li>]]></RECORD>"
        for i in range(1, 4)
    )
    menu = "<select><option>县政府</option><option>乡镇</option></select>"
    for html in (menu + recs, recs + menu, recs, menu + page("<p>无列表</p>")):
        facts = extract_html(URL, html)
        assert "县政府" not in facts.text
        dated = [i.date for i in facts.list.items] if facts.list else []
        assert dated == (["2022-01-01", "2022-01-02", "2022-01-03"] if recs in html else []), html[:30]
    assert links.strip_selects("<p>a</p>" + menu + "<p>b</p>", 8) == "<p>a</p><p>b</p>"


def _occurrences_by_find(haystack: str, needle: str) -> list[int]:
    out, pos = [], haystack.find(needle)
    while pos >= 0 and len(out) < _MAX_HITS:
        out.append(pos)
        pos = haystack.find(needle, pos + len(needle))
    return out


def test_occurrences_through_a_key_character_as_str_find_finds_them():
    rnd = random.Random(17)
    for needle in ("dzjg", "CONAC", "jiucuo", "zfwzgl", "onac", "党政机关"):
        parts = [needle, needle[:2], needle[1:], needle[1], "z", "O", "j", "<a>", "字", " "]
        for _ in range(2000):
            html = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 30)))
            assert list(_occurrences(html, needle)) == _occurrences_by_find(html, needle), (needle, html)
    crowded = "z" * 5000 + "dzjg" + "zz" * 3000 + "dzjg"  # more key characters than the budget
    assert list(_occurrences(crowded, "dzjg")) == [5000, 11004]
    assert len(list(_occurrences("CONAC" * (_MAX_HITS + 5), "CONAC"))) == _MAX_HITS


# ---- chrome names --------------------------------------------------------------------------------------


def test_chrome_words_stand_in_every_name_the_chrome_search_finds():
    rnd = random.Random(21)
    parts = [
        *chrome._CHROME_WORDS,
        "header",
        "topbar",
        "sidebar",
        "aside",
        "side",
        "top",
        "-",
        " ",
        "x",
        "list",
    ]
    for _ in range(20000):
        hint = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 5)))
        if chrome._CHROME_HINT(hint) is not None:
            assert any(w in hint for w in chrome._CHROME_WORDS), hint
        if chrome._SIDE_HINT(hint) is not None:
            assert "side" in hint, hint


def test_chrome_by_name_hit_and_miss():
    html = (
        '<div class="topbar"><ul><li>a</li></ul></div><div id="right_side"><ul><li>b</li></ul></div>'
        '<div class="stop-list"><ul><li>c</li></ul></div>'
    )
    tree = LexborHTMLParser(html)
    assert [chrome.in_chrome(li, {}) for li in tree.css("li")] == [2, 1, 0]


def test_find_by_char_as_str_find_finds():
    rnd = random.Random(23)
    for needle in ("总计", "标识码", "我为政府网站找错", "ab"):
        parts = [needle, needle[:1], needle[1:], needle[:2], "字", "a", " "]
        for _ in range(3000):
            text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 20)))
            for at in range(len(needle)):
                for start in (0, 3):
                    assert links.find_by_char(text, needle, at, start) == text.find(needle, start), (
                        needle,
                        text,
                    )
    crowded = "总" * 1000 + "总计"  # more key characters than the budget
    assert links.find_by_char(crowded, "总计") == 1000
    assert links.find_by_char("总" * 1000, "总计") == -1
    assert links.find_by_char("P" * 500 + "createPageHTML(", "createPageHTML", 6) == 500
