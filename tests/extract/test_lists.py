"""List pages in every look the simulator serves: ul/li, table, JCMS datastore, JSON in script, [06-20], blank."""

from __future__ import annotations

import json

from govinspect.extract.lists import parse_json_list

from .conftest import extract, page

URL = "http://www.tongbai.gov.cn/zwgk/tzgg/index.html"
CRUMB = '<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">通知公告</a></div>'


def _ul(items: list[tuple[str, str]]) -> str:
    lis = "".join(
        f'<li><a href="./2023{d[5:7]}/t{d.replace("-", "")}_{i}.html">{t}</a><span>{d}</span></li>'
        for i, (t, d) in enumerate(items)
    )
    return f'<ul class="list">{lis}</ul>'


ITEMS = [
    ("关于做好防汛工作的通知", "2023-06-20"),
    ("关于开展安全生产检查的通知", "2023-05-08"),
    ("县政府常务会议纪要", "2023-04-01"),
]


def test_ul_li_with_span_date():
    f = extract(page(CRUMB + _ul(ITEMS)))
    assert f.page_type == "list"
    assert [(i.title, i.date) for i in f.list.items] == ITEMS
    assert f.list.items[0].url == "http://www.tongbai.gov.cn/zwgk/tzgg/202306/t20230620_0.html"
    assert f.list.newest_date == "2023-06-20"
    assert f.list.blank is False
    assert f.column.name == "通知公告" and f.column.category == "通知公告"


MORE = [
    ("关于2023年端午节放假安排的通知", "2023-06-01"),
    ("关于开展消防安全检查的通知", "2023-03-15"),
    ("关于公布第一批示范村名单的通知", "2023-02-10"),
    ("关于做好春季植树造林工作的通知", "2023-01-20"),
    ("关于开展冬季送温暖活动的通知", "2022-12-28"),
]


def test_items_with_a_blank_date_field_stay_in_the_list():
    """Rows built like the dated ones with the date field left empty are undated items, not noise."""
    rows = _ul(ITEMS + MORE).replace("</ul>", "")
    blank = "".join(
        f'<li><a href="./202306/t2023060{k}_9{k}.html">关于第{k}批项目公示的通知</a><span></span></li>'
        for k in range(3)
    )
    f = extract(page(CRUMB + rows + blank + "</ul>"))
    assert len(f.list.items) == 11
    assert sum(1 for i in f.list.items if i.date is None) == 3


def test_links_without_the_date_field_are_left_out():
    """Undated rows of the same list markup without the date field are sibling links, not items."""
    rows = _ul(ITEMS + MORE).replace("</ul>", "")
    siblings = "".join(f'<li><a href="/zwgk/lm{k}/">第{k}个相关栏目链接</a></li>' for k in range(3))
    f = extract(page(CRUMB + rows + siblings + "</ul>"))
    assert len(f.list.items) == 8
    assert all(i.date for i in f.list.items)


def test_table_list_with_date_cell():
    rows = "".join(
        f'<tr><td><a href="/a/{i}.html">{t}</a></td><td>{d}</td></tr>' for i, (t, d) in enumerate(ITEMS)
    )
    f = extract(page(CRUMB + f'<table class="tab">{rows}</table>'))
    assert [(i.title, i.date) for i in f.list.items] == ITEMS


def test_unsorted_list_newest_is_the_max():
    items = [
        ("二", "2023-05-08"),
        ("一一一一", "2023-06-20"),
        ("三三三三", "2023-04-01"),
        ("四四四四", "2023-01-01"),
    ]
    items[0] = ("第二条信息标题", "2023-05-08")
    f = extract(page(CRUMB + _ul(items)))
    assert f.list.newest_date == "2023-06-20"


def test_jcms_datastore_records():
    recs = "".join(
        f'<record><![CDATA[<li><a href="/art/2022/1/{20 - i}/art_12377_{i}.html" title="{t}">{t[:5]}...</a><b>2022-01-{20 - i:02d}</b></li>]]></record>'
        for i, t in enumerate(
            ["定西市文明祭祀倡议书全文", "环保督察整改完成情况公示", "政府网站年度工作报表"]
        )
    )
    xml = f'<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup><recordset>{recs}</recordset></datastore>'
    f = extract(xml)
    assert f.page_type == "list"
    assert [i.title for i in f.list.items] == [
        "定西市文明祭祀倡议书全文",
        "环保督察整改完成情况公示",
        "政府网站年度工作报表",
    ]
    assert f.list.newest_date == "2022-01-20"
    assert f.list.source == "datastore"


def test_json_in_script_list():
    data = [
        {"title": f"政策文件{i}号", "url": f"/zc/{i}.html", "pubDate": f"2023-0{i}-15 10:00"}
        for i in range(1, 5)
    ]
    html = page(
        CRUMB + f'<ul id="list"></ul><script>var listData = {json.dumps(data, ensure_ascii=False)};</script>'
    )
    f = extract(html)
    assert f.page_type == "list"
    assert len(f.list.items) == 4
    assert f.list.newest_date == "2023-04-15"
    assert f.list.source == "script-json"


def test_month_day_dates_take_the_year_from_the_url():
    lis = "".join(
        f'<li><a href="./202306/t202306{d}_{d}.html">第{d}号防汛通知公告</a> [06-{d}]</li>'
        for d in ("20", "18", "11")
    )
    f = extract(page(CRUMB + f"<ul>{lis}</ul>"))
    assert [i.date for i in f.list.items] == ["2023-06-20", "2023-06-18", "2023-06-11"]


def test_month_day_dates_take_the_year_from_the_heading():
    lis = "".join(
        f'<li><a href="/x/{d}.html">第{d}号防汛通知公告</a> [06-{d}]</li>' for d in ("20", "18", "11")
    )
    f = extract(page(CRUMB + f"<h2>2022年通知公告</h2><ul>{lis}</ul>"))
    assert f.list.newest_date == "2022-06-20"


def test_blank_column_says_no_information():
    f = extract(page(CRUMB + '<div class="list"><p>暂无信息</p></div>'))
    assert f.page_type == "list"
    assert f.list.blank is True and f.list.unreadable is False
    assert "暂无信息" in f.list.blank_reason


def test_script_rendered_list_is_unreadable_not_blank():
    html = page(
        CRUMB + '<ul id="list"></ul><script>$.ajax({url:"/api/list",success:function(d){render(d)}})</script>'
    )
    f = extract(html)
    assert f.page_type == "list"
    assert f.list.unreadable is True and f.list.blank is False
    assert "脚本" in f.list.blank_reason


def test_placeholder_text_inside_a_filled_list_is_not_blank():
    f = extract(page(CRUMB + _ul(ITEMS) + '<div ms-if="error">暂无数据</div>'))
    assert f.list.blank is False and len(f.list.items) == 3


def test_list_inside_html_comment_is_read():
    f = extract(page(CRUMB + "<ul><!--" + _ul(ITEMS)[len('<ul class="list">') : -5] + "--></ul>"))
    assert f.list.source == "comment"
    assert f.list.newest_date == "2023-06-20"


def test_pagination_and_total():
    pager = '<div class="page">共 123 条 共 5 页 <a href="index_1.html">2</a><a href="index_1.html">下一页</a><a href="index_4.html">尾页</a></div>'
    f = extract(page(CRUMB + _ul(ITEMS) + pager))
    assert f.list.total == 123
    assert f.list.page_count == 5
    assert f.list.pagination == [
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_1.html",
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_4.html",
    ]


def test_trs_create_page_script():
    html = page(CRUMB + _ul(ITEMS) + '<script>createPageHTML(3, 0, "index", "html");</script>')
    f = extract(html)
    assert f.list.page_count == 3
    assert f.list.pagination[:2] == [
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_1.html",
        "http://www.tongbai.gov.cn/zwgk/tzgg/index_2.html",
    ]


def test_script_stated_pager_and_total_are_read_from_the_scripts():
    """A pager or record count written in a live script counts (hit); the same words in a comment beside a
    live list (a template's leftover) or in the page's attributes do not (miss)."""
    live = extract(page(CRUMB + _ul(ITEMS) + "<script>var recordCount = 42; countPage = 4;</script>"))
    assert (live.list.total, live.list.page_count) == (42, 4)
    left = extract(
        page(
            CRUMB
            + _ul(ITEMS)
            + '<!-- <script>createPageHTML(9, 0, "index", "html"); var recordCount = 90;</script> -->'
            + '<div data-note="recordCount = 77"></div>'
        )
    )
    assert (left.list.total, left.list.page_count, left.list.pagination) == (None, None, [])


def test_a_list_left_in_a_comment_keeps_the_pager_beside_it():
    commented = "<!-- " + _ul(ITEMS) + '<script>createPageHTML(3, 0, "index", "html");</script> -->'
    f = extract(page(CRUMB + '<ul class="list"></ul>' + commented))
    assert f.list.source == "comment"
    assert [i.date for i in f.list.items] == [d for _, d in ITEMS]
    assert f.list.page_count == 3
    assert f.list.pagination[0] == "http://www.tongbai.gov.cn/zwgk/tzgg/index_1.html"


def test_parse_json_list_endpoint():
    body = json.dumps(
        {
            "total": 42,
            "data": {
                "list": [
                    {
                        "docTitle": "关于公布权责清单的通知",
                        "docPubUrl": "/a/1.html",
                        "docRelTime": "2023-06-20 09:00:00",
                    }
                ]
            },
        },
        ensure_ascii=False,
    ).encode()
    facts = parse_json_list("http://www.tongbai.gov.cn/api/list?page=1", body)
    assert facts.items[0].title == "关于公布权责清单的通知"
    assert facts.items[0].url == "http://www.tongbai.gov.cn/a/1.html"
    assert facts.newest_date == "2023-06-20"
    assert facts.total == 42 and facts.blank is False


def test_parse_json_list_empty_and_garbage():
    assert parse_json_list("http://a.cn/api", b'{"total":0,"list":[]}').blank is True
    bad = parse_json_list("http://a.cn/api", b"<html>error</html>")
    assert bad.unreadable is True and bad.blank is False
    jsonp = parse_json_list(
        "http://a.cn/api", 'cb({"rows":[{"title":"招聘公告","date":"2023-01-02"}]})'.encode()
    )
    assert jsonp.newest_date == "2023-01-02"


def test_homepage_newest_date_covers_every_block():
    news = _ul(
        [
            ("县长调研防汛工作情况", "2023-06-20"),
            ("县政府召开常务会议", "2023-06-18"),
            ("全县安全生产大检查", "2023-06-10"),
        ]
    )
    notices = '<div class="tz"><p><a href="/t/1.html">关于停电的通知公告</a> 2023-06-25</p></div>'
    f = extract(page(news + notices), url="http://www.tongbai.gov.cn/")
    assert f.list.newest_date == "2023-06-20"  # the main list
    assert f.list.page_newest_date == "2023-06-25"  # anything dated on the page
    assert f.column.url == "http://www.tongbai.gov.cn/"


def test_definition_list_with_date_in_the_dd():
    dl = "".join(
        f'<dl><dt><a href="/a/{i}.html">县政府第{i}次常务会议召开</a></dt><dd>2023-06-{i:02d}</dd></dl>'
        for i in range(1, 5)
    )
    f = extract(page(CRUMB + f'<div class="news">{dl}</div>'))
    assert f.list.newest_date == "2023-06-04"
    assert len(f.list.items) == 4


def test_list_page_whose_article_title_tag_repeats_the_column_name():
    head = '<meta name="ColumnName" content="通知公告"><meta name="ArticleTitle" content="通知公告">'
    f = extract(page(CRUMB + _ul(ITEMS), head))
    assert f.page_type == "list" and f.list.newest_date == "2023-06-20"


def test_placeholder_column_name_falls_back_to_the_breadcrumb():
    f = extract(page(CRUMB + _ul(ITEMS), '<meta name="ColumnName" content="${channel.name}">'))
    assert f.column.name == "通知公告"


def test_main_list_under_the_column_directory_beats_a_longer_sidebar():
    main = "".join(
        f'<li><a href="/zwgk/tzgg/202306/t202306{d:02d}_1.html">第{d}号通知公告全文</a><span>2023-06-{d:02d}</span></li>'
        for d in range(1, 7)
    )
    side = "".join(
        f'<p class="hot"><a href="/xwzx/rd/{d}.html">热点新闻第{d}条标题</a> 2023-07-{d:02d}</p>'
        for d in range(1, 9)
    )
    f = extract(page(CRUMB + f'<ul class="list">{main}</ul><div class="side">{side}</div>'))
    assert f.list.newest_date == "2023-06-06"
    assert f.list.page_newest_date == "2023-07-08"


def test_template_only_placeholder_is_unreadable_not_blank():
    html = page(
        CRUMB + '<ul id="list"><li ms-repeat="list"><a ms-attr-href="el.url">{{el.title}}</a></li></ul>'
        '<div ms-if="error" style="text-align:center">暂无数据</div>'
        '<script>$.ajax({url:"/api/list.json"})</script>'
    )
    f = extract(html)
    assert f.list.blank is False and f.list.unreadable is True


SHORT_ROWS = [("结果公示", "2025-02-11"), ("会议通知", "2024-12-23"), ("招聘公告", "2024-04-24")]


def _dated_box(heading: str, rows: list[tuple[str, str]]) -> str:
    lis = "".join(
        f'<li><a class="title" href="/a/xxgk/cwgkb/{d.replace("-", "")}/{i}.html">{t}</a>'
        f'<span class="info">日期：{d}</span></li>'
        for i, (t, d) in enumerate(rows)
    )
    return f'<div class="box"><div class="hd"><h3>{heading}</h3></div><div class="bd"><ul class="list">{lis}</ul></div></div>'


def test_a_box_of_list_blocks_is_no_article_body():
    """Short titles with long date labels, under a block heading with its first row's date beneath: the
    content box is made of list rows, so the page is a list (hit); a body of prose with a few linked rows
    (attachments) stays an article (miss)."""
    content = '<div class="content">' + CRUMB + _dated_box("财务公开（置顶）", SHORT_ROWS) + "</div>"
    f = extract(page(content), url="http://www.tongbai.gov.cn/xxgk/cwgkb/index.html")
    assert f.page_type == "list"
    assert [i.date for i in f.list.items] == [d for _, d in SHORT_ROWS]
    prose = "本机关按照规定公开政府信息，现将有关事项说明如下。" * 6
    article = (
        '<div class="content"><h1>关于做好防汛工作的通知文件全文</h1><div>发布日期：2023-06-20</div>'
        f"<div>{prose}</div><ul>"
        + "".join(f'<li><a href="/f/{k}.pdf">附件{k}：工作方案表格</a></li>' for k in range(3))
        + "</ul></div>"
    )
    g = extract(page(article), url="http://www.tongbai.gov.cn/zwgk/tzgg/202306/t20230620_1.html")
    assert g.page_type == "article"
