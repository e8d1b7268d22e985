"""Article pages: the date a reader sees beats a re-publish PubDate; 来源; attachments; 解读 links."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from govinspect.extract.article import body_node

from .conftest import extract, page

META = (
    '<meta name="SiteName" content="桐柏县人民政府"><meta name="ColumnName" content="工作动态">'
    '<meta name="ArticleTitle" content="县长调研防汛工作"><meta name="PubDate" content="2024-06-03 14:25:31">'
    '<meta name="ContentSource" content="县政府办">'
)
BODY = "<p>" + "6月20日，县长带队调研防汛工作，要求各乡镇落实责任。" * 8 + "</p>"


def _article(info: str, head: str = META, extra: str = "") -> str:
    return page(
        f'<div class="article"><h1>县长调研防汛工作</h1><div class="info">{info}</div><div class="content">{BODY}</div>{extra}</div>',
        head,
    )


def test_visible_date_beats_meta_pubdate():
    f = extract(_article("发布时间：2024-05-30 10:10 来源：六里桥街道"))
    assert f.page_type == "article"
    assert f.article.pub_date == "2024-05-30 10:10"
    assert f.article.meta_pub_date == "2024-06-03 14:25:31"
    assert f.article.pub_date_source == "visible-label"
    assert f.article.source == "六里桥街道"
    assert f.article.title == "县长调研防汛工作"


def test_unlabelled_date_under_the_title():
    f = extract(_article("2020年09月15日 09时32分 来源: 绵阳市政务网"))
    assert f.article.pub_date == "2020-09-15 09:32"
    assert f.article.source == "绵阳市政务网"


def test_other_dates_are_not_the_publication_date():
    f = extract(_article("生成日期：2017-04-10 生效时间：2017-04-11 发布时间：2017-04-12 08:12"))
    assert f.article.pub_date == "2017-04-12 08:12"


def test_meta_pubdate_when_no_visible_date_and_empty_source_falls_back_to_meta():
    f = extract(_article("来源： 字号：大 中 小"))
    assert f.article.pub_date == "2024-06-03 14:25:31"
    assert f.article.pub_date_source == "meta"
    assert f.article.source == "县政府办"


def test_url_date_is_the_last_resort():
    head = '<meta name="ArticleTitle" content="县长调研防汛工作">'
    f = extract(_article("", head), url="http://www.tongbai.gov.cn/zwgk/202306/t20230620_9.html")
    assert f.article.pub_date == "2023-06-20"
    assert f.article.pub_date_source == "url"
    assert f.article.meta_pub_date is None


def test_article_without_gov_meta_is_recognised():
    f = extract(_article("发布日期：2023-06-20", head=""))
    assert f.page_type == "article"
    assert f.article.pub_date == "2023-06-20"


def test_attachments_images_and_interpretation_links():
    extra = (
        '<a href="/files/附件1.docx">附件1：申报表</a><img src="/img/p1.jpg">'
        '<a href="/zcjd/202306/t20230621_1.html">《防汛工作方案》政策解读</a><a href="/zcjd/">政策解读</a>'
    )
    f = extract(_article("发布时间：2023-06-20", extra=extra))
    assert f.article.attachments == ["http://www.tongbai.gov.cn/files/附件1.docx"]
    assert f.article.interpretation_links == ["http://www.tongbai.gov.cn/zcjd/202306/t20230621_1.html"]
    assert "防汛" in f.article.body_text


def test_document_number():
    f = extract(_article("发布时间：2024-05-11 文号：沪卫基层〔2024〕5号"))
    assert f.article.document_number == "沪卫基层〔2024〕5号"


def test_a_date_in_the_first_sentence_of_the_body_is_not_the_publication_date():
    body = (
        '<div class="content"><p>2023年6月20日，县长带队调研防汛工作。'
        + "要求各乡镇落实责任。" * 10
        + "</p></div>"
    )
    html = page(f'<div class="article"><h1>县长调研防汛工作</h1>{body}</div>', META)
    f = extract(html)
    assert f.article.pub_date == "2024-06-03 14:25:31"
    assert f.article.pub_date_source == "meta"


def test_meta_title_not_printed_verbatim_still_finds_the_visible_date():
    head = META.replace("县长调研防汛工作", "县长 调研 防汛工作（转载）")
    f = extract(_article("2024-05-30 10:10 来源：六里桥街道", head))  # unlabelled: needs the heading anchor
    assert f.article.pub_date == "2024-05-30 10:10"
    assert f.article.pub_date_source == "visible"


def test_body_container_by_name_in_order_of_trust():
    """With too little paragraph text, the body is the first element of the most trusted named kind that
    holds enough text: a TRS editor box over a later-found content box (hit); a named box with too little
    text, or one in the page footer, is passed over (miss)."""
    text = "本机关按照规定公开政府信息，现将有关事项说明如下。" * 3
    tree = LexborHTMLParser(
        f'<html><body><div class="main-content">{text}</div><div class="TRS_Editor">{text}甲</div>'
        f'<div id="zoom">短</div></body></html>'
    )
    node = body_node(tree, min_chars=20)
    assert node is not None and node.attributes["class"] == "TRS_Editor"
    tree = LexborHTMLParser(
        f'<html><body><div class="TRS_Editor">短</div><div class="detail">{text}</div>'
        f'<div class="footer"><div class="content">{text}</div></div></body></html>'
    )
    node = body_node(tree, min_chars=20, outside_chrome=True)
    assert node is not None and node.attributes["class"] == "detail"
    tree = LexborHTMLParser(
        f'<html><body><div class="footer"><div class="content">{text}</div></div></body></html>'
    )
    assert body_node(tree, min_chars=20, outside_chrome=True) is None
