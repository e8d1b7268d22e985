"""Property tests: no extractor raises on arbitrary bytes or broken HTML.

`_extract` is the extraction without `extract_page`'s last-resort exception guard, so a bug in any
extractor shows up here instead of being swallowed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govinspect.extract import decode_html, extract_page, outlinks, parse_json_list
from govinspect.extract.facts import PageFacts
from govinspect.extract.page import _extract

FRAGMENTS = st.sampled_from(
    [
        "<a href='",
        "'>",
        "<li>",
        "</li>",
        "<table><tr><td>",
        "2023-06-20",
        "[06-20]",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<record>",
        "</record>",
        "<meta name=PubDate content=",
        "网站标识码",
        "ICP备",
        "公网安备",
        "暂无信息",
        '<script>var a=[{"title":"x","date":"2023-01-01"}]</script>',
        "<select>",
        "<option>",
        "</select",
        "<base href=",
        "javascript:",
        "发布时间：",
        "来源：",
        "<h1>",
        "\x00",
        "\ufffd",
        "createPageHTML(",
        "共",
        "条",
        "<",
        ">",
        '"',
        "首页",
        "&gt;",
        "更多",
    ]
)
HTMLISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=60).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=3000))
def test_extract_page_never_raises_on_bytes(body):
    facts = _extract("http://www.a.gov.cn/x/index.html", body, {"Content-Type": "text/html"})
    assert isinstance(facts, PageFacts)
    facts.to_json()


@SETTINGS
@given(HTMLISH)
def test_extract_page_never_raises_on_broken_html(html):
    facts = _extract(
        "http://www.a.gov.cn/202306/t20230620_1.html", html.encode("utf-8", "surrogatepass"), None
    )
    assert facts.page_type in {"list", "article", "mailbox", "other"}


@SETTINGS
@given(HTMLISH, st.one_of(st.none(), st.dictionaries(st.text(max_size=15), st.text(max_size=40), max_size=3)))
def test_decode_and_outlinks_never_raise(html, headers):
    text, enc = decode_html(html.encode("utf-8", "surrogatepass"), headers)
    assert isinstance(text, str) and enc
    assert isinstance(outlinks("http://www.a.gov.cn/", text), list)


@SETTINGS
@given(
    HTMLISH,
    st.sampled_from(["http://a.gov.cn/", "", "not a url", "http://[::1", "http://a.gov.cn/x/index_2.html"]),
)
def test_any_url_is_accepted(html, url):
    assert _extract(url, html.encode("utf-8", "surrogatepass"), None).url == url
    assert isinstance(extract_page(url, html.encode("utf-8", "surrogatepass")), PageFacts)


@SETTINGS
@given(st.binary(max_size=500))
def test_parse_json_list_never_raises(body):
    parse_json_list("http://www.a.gov.cn/api", body)


@SETTINGS
@given(HTMLISH)
def test_outlinks_without_its_guard(html):
    from selectolax.lexbor import LexborHTMLParser

    from govinspect.extract.links import defuse_nesting, outlinks_from_tree, strip_selects

    for link in outlinks_from_tree(
        LexborHTMLParser(defuse_nesting(strip_selects(html))), "http://www.a.gov.cn/x/"
    ):
        assert link.url.startswith(("http://", "https://")) and "#" not in link.url
