"""The notice's wording and figures reproduce the seed notices (Markdown/HTML/markup)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from seed_reports import (
    DENGZHOU_FAILING,
    DENGZHOU_FAILING_SHORT,
    DENGZHOU_NOT_REPORTED,
    TONGBAI_PROBLEM_SITES,
    XINXIANG_DEPTS,
    seed000_report,
)

from govinspect.reports import blocks as B
from govinspect.reports.data import AccountResult, AccountRow, RoundReport
from govinspect.reports.render import ReportFiles, render_notice
from govinspect.reports.templating import TemplateNotFound, TemplateRenderError


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_seed000_overview_figures(files000: ReportFiles) -> None:
    md = squash(files000.notice_md.read_text("utf-8"))
    assert "正在运行的政府二级网站共50个，检查50个，检查率100%，其中：合格28个，合格率56%" in md
    assert f"不合格网站：{DENGZHOU_FAILING_SHORT}等22个（详见附件1）" in md
    assert "在运行的政务新媒体共22个，检查22个，检查率100%，其中：合格21个，合格率95.45%" in md
    assert "不合格1个，名称：“邓州司法行政”微博号，管理单位：市司法局（详见附件2）" in md
    assert (
        "网站运行情况较好的单位：市审计局、市应急管理局、市公路事业发展中心、夏集镇、孟楼镇、桑庄镇等" in md
    )


def test_seed000_rectification_and_deadline(files000: ReportFiles) -> None:
    md = squash(files000.notice_md.read_text("utf-8"))
    assert "三、整改报告报送情况" in md
    assert "名单如下：" + "、".join(DENGZHOU_NOT_REPORTED) + "。" in md
    assert (
        "以上单位务于6月26日前将未报送整改报告的情况说明加盖单位公章，报送至市政府办公室（原市长楼四楼407）"
        in md
    )
    assert "四、下步工作要求" in md and "整改时限为6月26日前" in md


def test_seed000_attachment_tables_list_the_failing_units(files000: ReportFiles) -> None:
    md = files000.notice_md.read_text("utf-8")
    for n, (unit, site, summary, _codes, _short) in enumerate(DENGZHOU_FAILING, 1):
        assert f"| {n} | {unit} | {site} | 不合格 | {summary} |" in md
    assert "| 1 | 市司法局 | 微博 | 邓州司法行政 | 6月6日 | 单否 | 长期不更新（14天） |" in md
    assert "市审计局 |" not in md  # passing sites are not listed in 附件1
    assert "附件：1. 邓州市2023年上半年政府网站检查情况" in squash(md).replace("附件：1.", "附件：1. ")


def test_seed000_head_and_imprint(seed000: RoundReport) -> None:
    blocks = render_notice(seed000, "dengzhou").blocks
    mark = next(b for b in blocks if isinstance(b, B.Mark))
    issue = next(b for b in blocks if isinstance(b, B.IssueLine))
    title = next(b for b in blocks if isinstance(b, B.Title))
    imprint = next(b for b in blocks if isinstance(b, B.Imprint))
    assert mark.text == "邓州政务督查"
    assert (issue.issue, issue.left, issue.right) == ("第24期", "邓州市人民政府办公室", "2023年6月21日")
    assert title.text == "关于2023年上半年全市政府网站与政务新媒体检查及管理情况的通报"
    assert imprint.lines == ["报送：市“四大家”领导。", "发至：各乡镇（街区），市直及驻邓各单位。"]
    assert imprint.printed_date == "2023年6月21日印发"
    assert not any(isinstance(b, B.Signature) for b in blocks)  # 简报 layout: issuer is in the head


def test_seed001_scores_and_groups(files001: ReportFiles) -> None:
    md = files001.notice_md.read_text("utf-8")
    flat = squash(md)
    assert "全市正在运行的政府网站共49个，其中合格47个，不合格2个，合格率为95.9%" in flat
    assert "市退役军人局和市民政局网站不合格" in flat
    assert "本次检查系统内160个政务新媒体，全部合格，合格率为100%" in flat
    assert "第一季度共收到网民留言3条，均已及时回复办结，无超期" in flat
    assert "| 12 | 红旗区 | 87 | 合格 | 咨询建言功能不全-13 |" in md
    assert "| 33 | 市体育局 | 89 | 合格 | 政务服务链接-5；信箱、调查征集-6 |" in md
    assert "| 36 | 市退役军人局 | — | 不合格 | 没有咨询建言（单否）；空白栏目-10 |" in md
    assert "| 13 | 市直单位 | 69 | 69 | 0 | 100% |  |" in md
    for n, (unit, _score, _problem) in enumerate(XINXIANG_DEPTS, 1):
        assert f"| {n} | {unit} |" in md
    assert "@signature" not in md and "新乡市人民政府办公室  \n" not in md
    assert "整改报告报送情况" not in flat  # no rectification data → no section


def test_seed001_signature(seed001: RoundReport) -> None:
    blocks = render_notice(seed001, "xinxiang").blocks
    sig = next(b for b in blocks if isinstance(b, B.Signature))
    assert (sig.name, sig.date) == ("新乡市人民政府办公室", "2023年2月28日")
    assert next(b for b in blocks if isinstance(b, B.DocNo)).text == "新政办〔2023〕5号"


def test_seed002_sections(files002: ReportFiles) -> None:
    flat = squash(files002.notice_md.read_text("utf-8"))
    assert "对全县42个正常运行的政府网站进行了抽查。其中，合格网站30个，合格率为71.4%" in flat
    assert "等21家政府网站存在" in flat
    assert "我县正常使用政务新媒体43个，抽查43个。其中，合格36个，合格率为83.7%" in flat
    assert "民政局、商务局、房管中心、自然资源局的今日头条" in flat
    assert "本季度县长信箱共收到51个电子邮件" in flat and "教体局" in flat
    assert "今年我县共收到依申请公开14个，按时办理回复10个" in flat
    assert "县自然资源局、发改委、环保局、桐柏化工产业集聚区未及时回复引起行政复议4个" in flat
    assert "共解读政策文件6个，发布文字解读稿件4个，图片解读4个" in flat
    assert "须在10月11日前整改到位" in flat and "tbzwzx@163.com" in flat
    assert "本期报：县四大班子领导。" in flat and "发：各乡镇（产业集聚区），县政府各部门。" in flat
    for n, head in enumerate(("一、政府网站抽查情况", "二、政务新媒体抽查情况", "三、县长信箱办理情况",
                              "四、依申请公开办理情况", "五、政策解读情况", "六、下一步工作要求")):  # fmt: skip
        assert head in flat, n


def test_seed002_attachment1_lists_vetoed_and_deducted_sites(files002: ReportFiles) -> None:
    md = files002.notice_md.read_text("utf-8")
    names = {line.split("|")[1].strip() for line in md.splitlines() if line.startswith("| ")}
    assert {site for _u, site, *_ in TONGBAI_PROBLEM_SITES} <= names
    assert "发改委网站" not in names  # clean sites are not listed
    # the notice: 合格，扣12分（每个扣3分）; the points per column are read off the 4 stale-column findings
    assert (
        "| 教体局网站 | 机构设置、财政信息、政府信息公开目录、政府信息公开制度1年内未更新 | "
        "合格，扣12分（栏目更新不及时4个，每个扣3分） |" in md
    )


def test_default_template_has_problem_classes_section(seed000: RoundReport) -> None:
    text = B.plain_text(render_notice(seed000).blocks)
    assert "二、存在的问题" in text
    assert "栏目更新不及时。" in text and "存在空白栏目。" in text
    assert "市民政局、构林镇等2个单位网站存在空白栏目问题，其中2个属单项否决情形" in text


def test_problems_section_absent_without_findings(seed000: RoundReport) -> None:
    for site in seed000.sites:
        site.findings = ()
    seed000.accounts = []
    assert "存在的问题" not in B.plain_text(render_notice(seed000).blocks)


def test_optional_sections_follow_the_data(seed002: RoundReport) -> None:
    text = B.plain_text(render_notice(seed002).blocks)
    assert "县长信箱办理情况" in text and "依申请公开办理情况" in text and "政策解读情况" in text
    seed002.mailbox, seed002.applications, seed002.interpretations = [], None, []
    text = B.plain_text(render_notice(seed002).blocks)
    assert "县长信箱办理情况" not in text and "依申请公开办理情况" not in text and "政策解读情况" not in text
    assert "三、存在的问题" not in text and "二、存在的问题" in text  # numbering stays gap-free


def test_next_steps_text_can_be_replaced_per_round(seed001: RoundReport) -> None:
    seed001.next_steps = "**一是抓整改。**本轮特别要求。"
    text = B.plain_text(render_notice(seed001, "xinxiang").blocks)
    assert "一是抓整改。本轮特别要求。" in text
    assert "夯实政府网站和政务新媒体主办责任" not in text


def test_user_template_dir_overrides_one_block(seed000: RoundReport, tmp_path: Path) -> None:
    (tmp_path / "notice.md.j2").write_text(
        '{% extends "dengzhou/notice.md.j2" %}{% block next_heading %}今后工作安排{% endblock %}', "utf-8"
    )
    text = B.plain_text(render_notice(seed000, str(tmp_path)).blocks)
    assert "四、今后工作安排" in text and "下步工作要求" not in text
    assert "合格率56%" in text  # everything else still from the dengzhou set


def test_unknown_template_is_reported_in_chinese(seed000: RoundReport) -> None:
    with pytest.raises(TemplateNotFound, match="找不到通报模板"):
        render_notice(seed000, "no-such-place")


def test_html_carries_the_same_content(files000: ReportFiles) -> None:
    html = files000.notice_html.read_text("utf-8")
    assert '<div class="mark">邓州政务督查</div>' in html
    assert "合格率56%" in html and "邓州司法行政" in html and "高集镇人民政府" in html
    assert 'src="charts/pass_rate.png"' in html


def test_markdown_embeds_charts(files000: ReportFiles) -> None:
    md = files000.notice_md.read_text("utf-8")
    assert "![各类检查对象合格率](charts/pass_rate.png)" in md
    assert "![历次检查合格率](charts/trend.png)" in md


def test_template_errors_are_reported_in_chinese(seed000: RoundReport, tmp_path: Path) -> None:
    (tmp_path / "notice.md.j2").write_text("{{ r.no_such_field }}", "utf-8")
    with pytest.raises(TemplateRenderError, match="渲染失败"):
        render_notice(seed000, str(tmp_path))
    (tmp_path / "notice.md.j2").write_text("{% if %}", "utf-8")
    with pytest.raises(TemplateRenderError, match=r"语法错误.*第1行"):
        render_notice(seed000, str(tmp_path))


def test_disclosure_section_and_ranking(seed001: RoundReport) -> None:
    from govinspect.reports.data import DisclosureRow

    seed001.disclosure = [
        DisclosureRow("市民政局", 3),
        DisclosureRow("市教育局", 12),
        DisclosureRow("市林业局", 0),
    ]
    blocks = render_notice(seed001).blocks
    text = B.plain_text(blocks)
    assert "信息公开专栏情况" in text
    assert "共发布信息15条，发布数量居前的单位为市教育局、市民政局、市林业局" in text
    assert "市林业局本期未发布信息" in text
    ranking = next(b for b in blocks if isinstance(b, B.Table) and b.header[0] == "排名")
    assert [r[1] for r in ranking.rows] == ["市教育局", "市民政局", "市林业局"]


def test_no_disclosure_section_without_data(seed001: RoundReport) -> None:
    assert "信息公开专栏情况" not in B.plain_text(render_notice(seed001).blocks)


def test_error_reports_overdue_wording(seed001: RoundReport) -> None:
    assert "无超期" in B.plain_text(render_notice(seed001).blocks)
    assert seed001.error_reports is not None
    seed001.error_reports.answered, seed001.error_reports.overdue = 2, 1
    text = B.plain_text(render_notice(seed001).blocks)
    assert "已回复办结2条，超期1条" in text and "无超期" not in text


def test_single_unit_classes_merge_into_other_problems(seed000: RoundReport) -> None:
    text = B.plain_text(render_notice(seed000).blocks)
    assert "3. 其他问题。高集镇网站存在留言答复不及时（单项否决）问题。" in text
    assert "等1个" not in text


def test_account_problem_reads_as_running_text(seed000: RoundReport) -> None:
    seed000.accounts[0].problem = "单否。长期不更新（14天）。"
    text = B.plain_text(render_notice(seed000).blocks)
    assert (
        "市司法局微博“邓州司法行政”最近更新日期为2023年6月6日，存在长期不更新（14天）问题，被单项否决。"
        in text
    )


def test_account_problem_starting_with_cunzai_is_not_doubled(seed000: RoundReport) -> None:
    seed000.accounts[0].problem = "单否。存在严重表述错误。"
    text = B.plain_text(render_notice(seed000).blocks)
    assert "存在严重表述错误问题" in text and "存在存在" not in text


def test_html_sections_are_balanced(files002: ReportFiles) -> None:
    html = files002.notice_html.read_text("utf-8")
    assert html.count("<section") == html.count("</section>") == 4
    assert html.count("<table>") == 4


@pytest.mark.parametrize("template", ["default", "dengzhou", "tongbai", "xinxiang"])
def test_every_notice_names_unverified_accounts(seed000: RoundReport, template: str) -> None:
    seed000.accounts = [
        *seed000.accounts,
        AccountRow("市统计局", "微信", "统计发布", AccountResult.UNVERIFIED),
    ]
    text = B.plain_text(render_notice(seed000, template).blocks)
    assert "另有1个政务新媒体因数据源异常未能读取发布内容（市统计局“统计发布”微信号）" in text
    assert "待核实后另行通报" in text
    clean = B.plain_text(render_notice(seed000_report(), template).blocks)
    assert "待核实" not in clean


def test_dengzhou_counts_only_failing_accounts_as_unqualified(seed000: RoundReport) -> None:
    seed000.accounts = [*seed000.accounts, AccountRow("市统计局", "微信", "统计发布", AccountResult.DEDUCT)]
    text = B.plain_text(render_notice(seed000, "dengzhou").blocks)
    assert (
        "不合格1个，名称：“邓州司法行政”微博号" in text
        and "“统计发布”" not in text.split("不合格1个")[1][:80]
    )
