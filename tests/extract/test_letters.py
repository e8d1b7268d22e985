"""Mailbox pages: letters read by table header; statistics block; an ordinary list is not a mailbox."""

from __future__ import annotations

from .conftest import extract, page

TABLE = """
<h2>县长信箱</h2>
<table class="letters">
<tr><th>信件标题</th><th>类型</th><th>来信时间</th><th>回复时间</th><th>回复单位</th><th>状态</th></tr>
<tr><td><a href="/xx/1.html">关于小区路灯不亮的问题</a></td><td>投诉</td><td>2023-06-01</td><td>2023-06-05</td><td>县城管局</td><td>已回复</td></tr>
<tr><td><a href="/xx/2.html">咨询社保缴费事宜</a></td><td>咨询</td><td>2023-06-10</td><td></td><td></td><td>办理中</td></tr>
<tr><td><a href="/xx/3.html">建议增设公交线路</a></td><td>建议</td><td>2023-05-20</td><td>2023-05-30</td><td>县交通运输局</td><td>已办结</td></tr>
</table>
<div class="tj">信件统计：共收到 128 件，已回复 120 件</div>
"""


def test_mailbox_table():
    f = extract(page(TABLE))
    assert f.page_type == "mailbox"
    first = f.letters[0]
    assert (first.title, first.type, first.asked, first.replied, first.replier, first.status) == (
        "关于小区路灯不亮的问题",
        "投诉",
        "2023-06-01",
        "2023-06-05",
        "县城管局",
        "已回复",
    )
    assert f.letters[1].replied is None and f.letters[1].status == "办理中"
    assert f.letter_stats is not None
    assert (f.letter_stats.received, f.letter_stats.replied) == (128, 120)
    assert f.to_json()["letters"][2]["type"] == "建议"


def test_ordinary_list_is_not_a_mailbox():
    lis = "".join(
        f'<li><a href="/a/{i}.html">县政府召开第{i}次常务会议</a><span>2023-06-{i:02d}</span></li>'
        for i in range(1, 6)
    )
    f = extract(page(f"<ul>{lis}</ul>"))
    assert f.page_type == "list" and f.letters == []


def test_empty_mailbox_is_still_a_mailbox():
    html = page(
        '<div class="mailbox"><h2>咨询投诉</h2><table class="letters"><tr><th>标题</th><th>类型</th>'
        '<th>留言时间</th><th>答复时间</th><th>状态</th></tr></table><p class="no-data">暂无公开信件</p></div>'
    )
    f = extract(html)
    assert f.page_type == "mailbox"
    assert f.letters == []
    assert f.list is not None and f.list.blank is True


def test_stats_with_words_between_label_and_number():
    from govinspect.extract.letters import letter_stats

    stats = letter_stats("留言统计：本年度共收到留言 12 件，已答复 11 件，答复率 92%。")
    assert stats is not None and (stats.received, stats.replied) == (12, 11)
    assert letter_stats("本页没有统计信息") is None
