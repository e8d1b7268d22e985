"""outlinks: absolute, fragment-free URLs with kind and anchor; junk schemes skipped; <base href> honoured."""

from __future__ import annotations

from govinspect.extract.links import OutLink, is_attachment, outlinks

BASE = "http://www.tongbai.gov.cn/zwgk/index.html"


def test_kinds_and_absolute_urls():
    html = """
    <a href="tzgg/index.html#top">通知公告</a>
    <a href="/files/年报.PDF">2023年年报</a>
    <img src="../images/logo.png" alt="县政府">
    <iframe src="//www.tongbai.gov.cn/head.html" title="头部"></iframe>
    """
    got = outlinks(BASE, html)
    assert OutLink("http://www.tongbai.gov.cn/zwgk/tzgg/index.html", "a", "通知公告") in got
    assert OutLink("http://www.tongbai.gov.cn/files/年报.PDF", "attachment", "2023年年报") in got
    assert OutLink("http://www.tongbai.gov.cn/images/logo.png", "img", "县政府") in got
    assert OutLink("http://www.tongbai.gov.cn/head.html", "iframe", "头部") in got


def test_skips_non_links():
    html = """
    <a href="javascript:void(0)">打印</a><a href="mailto:a@b.cn">邮箱</a><a href="tel:12345">电话</a>
    <a href="#">顶部</a><img src="data:image/png;base64,AAAA"><a href="">空</a><a>无链接</a>
    """
    assert outlinks(BASE, html) == []


def test_base_href_is_honoured():
    html = '<head><base href="http://cdn.tongbai.gov.cn/site/"></head><a href="a.html">甲</a>'
    assert outlinks(BASE, html)[0].url == "http://cdn.tongbai.gov.cn/site/a.html"


def test_anchor_falls_back_to_image_alt_and_duplicates_are_dropped():
    html = '<a href="/x.html"><img src="/i.png" alt="党政机关"></a><a href="/x.html">again</a>'
    links = [x for x in outlinks(BASE, html) if x.kind == "a"]
    assert links == [OutLink("http://www.tongbai.gov.cn/x.html", "a", "党政机关")]


def test_is_attachment():
    assert is_attachment("http://a.cn/b/c.docx?x=1")
    assert is_attachment("http://a.cn/P020.XLS")
    assert not is_attachment("http://a.cn/b/c.html")


def test_broken_html_does_not_raise():
    assert isinstance(outlinks(BASE, "<a href='http://[::1'>x</a><a href=\"http://a.cn/<\">y"), list)


def test_column_url_is_stable_across_pagination():
    from govinspect.extract.links import column_url

    first = "http://www.tongbai.gov.cn/zwgk/tzgg/index.html"
    assert column_url("http://www.tongbai.gov.cn/zwgk/tzgg/index_3.html") == first
    assert column_url(first) == first
    assert (
        column_url("http://a.gov.cn/col/col123/index.html?uid=5&pageNum=3")
        == "http://a.gov.cn/col/col123/index.html?uid=5"
    )
    assert (
        column_url("http://a.gov.cn/zwgk/tzgg/t20230620_3.html")
        == "http://a.gov.cn/zwgk/tzgg/t20230620_3.html"
    )


def test_strip_selects_removes_drop_downs_only():
    from govinspect.extract.links import strip_selects

    html = '<p>前</p><SELECT name=a><option value="/x">甲</option></select><p>后</p>'
    assert strip_selects(html) == "<p>前</p><p>后</p>"
    assert strip_selects("<p>无</p>") == "<p>无</p>"


def test_defuse_nesting_caps_pathological_depth_and_leaves_normal_pages_alone():
    from govinspect.extract.links import MAX_NESTING, defuse_nesting

    normal = "<div><ul><li>一</li></ul></div>"
    assert defuse_nesting(normal) == normal
    deep = "<div>" * 5000 + "正文"
    out = defuse_nesting(deep)
    assert out.count("<div>") == MAX_NESTING and out.endswith("正文")
