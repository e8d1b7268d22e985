"""Seed notices (000 邓州, 001 新乡, 002 桐柏) as RoundReport fixtures shared by the report tests."""

from __future__ import annotations

import datetime as dt

from govinspect.model import (
    TZ,
    Deduction,
    Evidence,
    Finding,
    Platform,
    SiteKind,
    TargetKind,
    UnitKind,
    Verdict,
    checkpoint_at,
)
from govinspect.reports.data import (
    AccountGroupRow,
    AccountResult,
    AccountRow,
    ApplicationStats,
    ErrorReportStats,
    HistoryPoint,
    InterpretationRow,
    Issuer,
    MailboxRow,
    RectificationStatus,
    RoundReport,
    SiteRow,
)
from govinspect.rules import load_profile

STALE = "监测时间点前超过1个月动态、新闻类栏目未更新，以及其他栏目超过（含）5个长期（超过6个月）未更新。"
STALE_MANY = "栏目超过（含）5个长期（超过6个月）未更新。"

# (unit, site name, summary, finding codes, 简称)
DENGZHOU_FAILING: list[tuple[str, str, str, tuple[str, ...], str]] = [
    (
        "市民政局",
        "邓州市民政局",
        "单否。1. 存在多个空白栏目；2. " + STALE,
        ("column.blank", "column.stale"),
        "",
    ),
    ("市生态环境局", "南阳市生态环境局邓州分局", "单否。" + STALE_MANY, ("column.stale",), ""),
    ("市住建局", "邓州市住房和城乡建设局", "单否。" + STALE, ("column.stale",), ""),
    ("市农业农村局", "邓州市农业农村局", "单否。" + STALE, ("column.stale",), ""),
    ("市统计局", "邓州统计", "单否。" + STALE, ("column.stale",), ""),
    (
        "南水北调对口协作中心",
        "河南省邓州市南水北调（对口协作）办公室",
        "单否。" + STALE,
        ("column.stale",),
        "",
    ),
    ("湍河街道办事处", "邓州市湍河街道办事处", "单否。" + STALE, ("column.stale",), "湍河办"),
    ("刘集镇人民政府", "邓州市刘集镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("白牛镇人民政府", "白牛镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("汲滩镇人民政府", "邓州市汲滩镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    (
        "构林镇人民政府",
        "邓州市构林镇人民政府",
        "单否。1. 存在多个空白栏目；2. " + STALE,
        ("column.blank", "column.stale"),
        "",
    ),
    ("裴营乡人民政府", "邓州市裴营乡人民政府", "单否。" + STALE_MANY, ("column.stale",), ""),
    ("罗庄镇人民政府", "邓州市罗庄镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("都司镇人民政府", "邓州市都司镇政府", "单否。" + STALE, ("column.stale",), ""),
    ("十林镇人民政府", "邓州市十林镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("张村镇人民政府", "中国 邓州 张村", "单否。" + STALE, ("column.stale",), ""),
    ("陶营镇人民政府", "邓州市陶营乡人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("九龙镇人民政府", "邓州市九龙镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("小杨营镇人民政府", "邓州市小杨营镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("彭桥镇人民政府", "邓州市彭桥镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    ("文渠镇人民政府", "邓州市文渠镇人民政府", "单否。" + STALE, ("column.stale",), ""),
    (
        "高集镇人民政府",
        "邓州市高集镇政府",
        "单否。1. 网民留言栏目咨询类的答复超期3个月；2. " + STALE,
        ("interaction.late_reply", "column.stale"),
        "",
    ),
]
DENGZHOU_FAILING_SHORT = (
    "市民政局、市生态环境局、市住建局、市农业农村局、市统计局、南水北调对口协作中心、湍河办、刘集镇、白牛镇、"
    "汲滩镇、构林镇、裴营乡、罗庄镇、都司镇、十林镇、张村镇、陶营镇、九龙镇、小杨营镇、彭桥镇、文渠镇、高集镇"
)
DENGZHOU_PASSING = [
    "市审计局", "市应急管理局", "市公路事业发展中心", "夏集镇人民政府", "孟楼镇人民政府", "桑庄镇人民政府",
    "市教体局", "市发改委", "赵集镇人民政府", "市财政局", "市人社局", "市自然资源局", "市交通运输局", "市水利局",
    "市商务局", "市文广旅局", "市卫健委", "市市场监管局", "市医保局", "市司法局", "市公安局", "花洲街道办事处",
    "古城街道办事处", "东城街道办事处", "龙堰乡人民政府", "穰东镇人民政府", "林扒镇人民政府", "张楼乡人民政府",
]  # fmt: skip
DENGZHOU_NOT_REPORTED = (
    "市教体局", "市民政局", "市生态环境局", "市发改委", "市统计局", "白牛镇", "赵集镇", "都司镇", "十林镇",
    "彭桥镇", "高集镇",
)  # fmt: skip


def _kind(unit: str) -> tuple[UnitKind, SiteKind]:
    if unit.endswith("街道办事处"):
        return UnitKind.SUBDISTRICT, SiteKind.TOWNSHIP
    if unit.endswith(("镇人民政府", "乡人民政府")):
        return UnitKind.TOWNSHIP, SiteKind.TOWNSHIP
    return UnitKind.DEPARTMENT, SiteKind.DEPARTMENT


_MESSAGES = {
    "column.blank": "存在多个空白栏目",
    "column.stale": "动态、新闻类栏目超过1个月未更新，5个及以上栏目超过6个月未更新",
    "interaction.late_reply": "网民留言栏目咨询类的答复超期3个月",
}


def _finding(code: str, target: str, url: str, when: dt.datetime) -> Finding:
    detail: dict[str, object] = {
        "column": "工作动态",
        "newest_title": "召开专题会议",
        "newest_date": dt.date(2023, 3, 2),
    }
    return Finding(
        code=code,
        target_kind=TargetKind.SITE,
        target=target,
        message=_MESSAGES.get(code, code),
        evidence=Evidence(url=url, captured_at=when, detail=detail),
    )


def seed000_report() -> RoundReport:
    when = dt.datetime(2023, 6, 20, 10, 30, tzinfo=TZ)
    sites: list[SiteRow] = []
    for n, (unit, name, summary, codes, short) in enumerate(DENGZHOU_FAILING, 1):
        uk, sk = _kind(unit)
        code = f"dz{n:02d}"
        url = f"http://{code}.dengzhou.example/"
        sites.append(
            SiteRow(
                unit=unit,
                site_name=name,
                verdict=Verdict.FAIL,
                unit_kind=uk,
                site_kind=sk,
                vetoes=codes,
                summary=summary,
                findings=tuple(_finding(c, code, url + "list/1.html", when) for c in codes),
                unit_short=short,
                site_code=code,
                home_url=url,
            )
        )
    for unit in DENGZHOU_PASSING:
        uk, sk = _kind(unit)
        sites.append(
            SiteRow(unit=unit, site_name="邓州市" + unit, verdict=Verdict.PASS, unit_kind=uk, site_kind=sk)
        )
    accounts = [
        AccountRow(
            unit="市司法局",
            platform=Platform.WEIBO,
            name="邓州司法行政",
            result=AccountResult.VETO,
            last_post=dt.date(2023, 6, 6),
            problem="长期不更新（14天）",
        )
    ]
    accounts += [
        AccountRow(
            unit=u,
            platform=Platform.WECHAT,
            name=f"邓州{u.removeprefix('市')}",
            last_post=dt.date(2023, 6, 19),
        )
        for u in DENGZHOU_PASSING[:21]
    ]
    return RoundReport(
        jurisdiction="邓州市",
        issuer=Issuer(
            name="邓州市人民政府办公室",
            date=dt.date(2023, 6, 21),
            mark="邓州政务督查",
            issue_no="第24期",
            report_to="市“四大家”领导",
            send_to="各乡镇（街区），市直及驻邓各单位",
            reply_to="市政府办公室（原市长楼四楼407）",
        ),
        round_name="2023H1",
        period="2023年上半年",
        checkpoint=checkpoint_at(dt.date(2023, 6, 20)),
        check_start=dt.date(2023, 6, 20),
        check_end=dt.date(2023, 6, 21),
        profile="nanyang-2023",
        rate_decimals=2,  # nanyang-2023: report.pass_rate_decimals
        sites=sites,
        accounts=accounts,
        accounts_check_date=dt.date(2023, 6, 20),
        good_units=["市审计局", "市应急管理局", "市公路事业发展中心", "夏集镇", "孟楼镇", "桑庄镇"],
        rectification=RectificationStatus(
            notice_title="关于进一步做好全市政府网站问题整改及自查管理工作的通知",
            notice_date=dt.date(2023, 6, 16),
            due=dt.date(2023, 6, 19),
            as_of=dt.date(2023, 6, 20),
            missing_units=DENGZHOU_NOT_REPORTED,
            explain_by=dt.date(2023, 6, 26),
        ),
        history=[
            HistoryPoint("2022年下半年", (24, 50), (20, 22)),
            HistoryPoint("2023年第一季度", (26, 50), (21, 22)),
        ],
        rectify_workdays=2,  # 6月21日 + 2 个工作日 = 6月26日 (6月25日 is a 调休 workday)
    )


# 桐柏 (seed 002): (unit, site, summary, vetoed, stale count)
TONGBAI_PROBLEM_SITES: list[tuple[str, str, str, bool, int]] = [
    ("房管中心", "房管中心网站", "新闻发布、财政信息、政府信息公开目录、政府信息公开制度1年内未更新", False, 4),
    ("公安局", "公安局网站", "办事指南、表格下载、机构设置、政府信息公开目录、政府信息公开制度、政府信息公开年报1年内未更新", True, 6),
    ("公路局", "公路管理局网站", "办事指南、表格下载、财政信息发布、财政信息、特色栏目、政府信息公开目录、政府信息公开制度1年内未更新", True, 7),
    ("交通局", "交通局网站", "通知公告6个月内未更新；表格下载、领导简介、新闻信息发布、财政信息、特色栏目、政府信息公开目录、政府信息公开制度1年内未更新", True, 8),
    ("教体局", "教体局网站", "机构设置、财政信息、政府信息公开目录、政府信息公开制度1年内未更新", False, 4),
    ("民政局", "民政局网站", "政府信息公开制度1年内未更新", False, 1),
    ("农业农村局", "农业农村局网站", "规划标准、政府信息公开目录、政府信息公开制度1年内未更新", False, 3),
    ("人社局", "人社局网站", "政府信息公开制度1年内未更新", False, 1),
    ("商务局", "商务局网站", "机构设置、当地概况1年内未更新", False, 2),
    ("司法局", "司法局网站", "政策法规6个月内未更新；办事指南、表格下载、政府信息公开制度、领导简介、新闻发布、财政信息1年内未更新", True, 7),
    ("卫健委", "卫健委网站", "表格下载、医院简介、政府信息公开目录、政府信息公开制度、医政医管、规划发展、药物政策与基本药物制度1年内未更新", True, 7),
    ("文广旅局", "文广旅局网站", "通知公告6个月内未更新；办事指南、表格下载、新闻发布、桐柏文学文化研究、文物博物非遗保护1年内未更新", True, 6),
    ("产业集聚区", "产业集聚区网站", "政策法规6个月内未更新；政府信息公开制度、机构设置、领导之窗、社会保障、乡镇经济、精准扶贫、财政信息、招商引资、新闻发布、土地房产、救济救灾1年内未更新", True, 12),
    ("淮源镇", "淮源镇政府网站", "政府信息公开制度1年内未更新", False, 1),
    ("黄岗镇", "黄岗镇政府网站", "招商引资1年内未更新", False, 1),
    ("回龙乡", "回龙乡政府网站", "通知公告、政策法规6个月内未更新；图片新闻、政府信息公开目录、政府信息公开制度、社会保障、乡镇经济1年内未更新", True, 7),
    ("毛集镇", "毛集镇政府网站", "政策法规6个月内未更新；专业合作社1年内未更新", False, 2),
    ("平氏镇", "平氏镇政府网站", "通知公告、政策法规6个月内未更新；政府信息公开目录、政府信息公开制度、精准扶贫、财政信息、招商引资、新闻发布、特色农业1年内未更新", True, 9),
    ("桐柏化工产业集聚区", "桐柏化工产业集聚区网站", "通知公告6个月内未更新；政府信息公开指南、政府信息公开目录、政府信息公开年报、精准扶贫1年内未更新", True, 5),
    ("吴城镇", "吴城镇政府网站", "图画吴城、政府信息公开目录、政府信息公开制度、政府信息公开指南、领导之窗1年内未更新", True, 5),
    ("朱庄镇", "朱庄镇政府网站", "政策法规6个月内未更新；图片新闻、政府信息公开年报、政府信息公开制度、机构设置、领导之窗、精准扶贫、财政信息、新闻发布、特色栏目1年内未更新", True, 10),
]  # fmt: skip
TONGBAI_CLEAN = [
    "发改委", "统计局", "财政局", "审计局", "应急管理局", "住建局", "水利局", "林业局", "市场监管局", "自然资源局",
    "环保局", "城管局", "医保局", "工信局", "乡村振兴局", "城郊乡", "月河镇", "固县镇", "埠江镇", "安棚镇", "程湾镇",
]  # fmt: skip
TONGBAI_ACCOUNTS = [
    ("民政局", Platform.TOUTIAO, "桐柏县民政局", dt.date(2021, 9, 8)),
    ("商务局", Platform.TOUTIAO, "桐柏商务", dt.date(2021, 9, 8)),
    ("房管中心", Platform.TOUTIAO, "桐柏房管", dt.date(2021, 8, 2)),
    ("自然资源局", Platform.TOUTIAO, "桐柏县自然资源局", dt.date(2021, 8, 11)),
    ("安棚镇人民政府", Platform.WECHAT, "桐柏安棚", dt.date(2021, 8, 21)),
    ("程湾镇人民政府", Platform.WECHAT, "程湾党建", dt.date(2021, 8, 23)),
    ("平氏镇政府", Platform.WECHAT, "桐柏平氏", dt.date(2021, 8, 8)),
]
TONGBAI_MAILBOX = [
    ("工信局", 1, 0), ("教体局", 27, 0), ("城管局", 1, 0), ("市场监管局", 2, 2), ("乡村振兴局", 1, 0),
    ("人社局", 2, 0), ("环保局", 3, 0), ("卫健委", 4, 0), ("财政局", 2, 0), ("农业农村局", 2, 0), ("住建局", 1, 0),
    ("公安局", 1, 0), ("民政局", 1, 0), ("埠江镇", 1, 0), ("平氏镇", 1, 0), ("安棚镇", 1, 0),
]  # fmt: skip
TONGBAI_INTERPRETATIONS = [
    ("桐柏县茶产业“十四五”发展意见", "县茶叶局", 1, 0),
    ("桐柏县人民政府办公室关于加强12345热线平台与110报警服务平合协调联动机制建设的通知", "县公安局", 1, 0),
    ("桐柏县2021年度地质灾害防治方案", "县自然资源局", 0, 1),
    ("桐柏县县级现代农业产业园建设工作方案（2021—2022年）", "县农业农村局", 0, 1),
    ("桐柏县“四上”企业培育入库实施方案", "县统计局", 1, 1),
    ("桐柏县人口发展规划（2021—2030年）", "县发改委", 1, 1),
]


def seed002_report() -> RoundReport:
    sites = []
    for unit, name, summary, vetoed, stale in TONGBAI_PROBLEM_SITES:
        kind = UnitKind.TOWNSHIP if unit.endswith(("镇", "乡")) else UnitKind.DEPARTMENT
        deductions = (
            () if vetoed else (Deduction(code="column.stale", points=3.0 * stale, reason="栏目更新不及时"),)
        )
        sites.append(
            SiteRow(
                unit=unit,
                site_name=name,
                verdict=Verdict.FAIL if vetoed else Verdict.PASS,
                unit_kind=kind,
                vetoes=("column.stale",) if vetoed else (),
                deductions=deductions,
                summary=summary,
                findings=(
                    Finding(
                        code="column.stale",
                        target_kind=TargetKind.SITE,
                        target=name,
                        message=summary,
                        count=stale,
                        evidence=Evidence(url=f"http://tongbai.example/{len(sites)}/"),
                    ),
                ),
            )
        )
    for unit in TONGBAI_CLEAN:
        kind = UnitKind.TOWNSHIP if unit.endswith(("镇", "乡")) else UnitKind.DEPARTMENT
        sites.append(SiteRow(unit=unit, site_name=unit + "网站", verdict=Verdict.PASS, unit_kind=kind))
    accounts = [
        AccountRow(
            unit=u, platform=p, name=n, result=AccountResult.VETO, last_post=d, problem="内容长期不更新"
        )
        for u, p, n, d in TONGBAI_ACCOUNTS
    ]
    accounts += [
        AccountRow(
            unit=f"单位{k}", platform=Platform.WECHAT, name=f"桐柏账号{k}", last_post=dt.date(2021, 9, 28)
        )
        for k in range(1, 37)
    ]
    return RoundReport(
        jurisdiction="桐柏县",
        issuer=Issuer(
            name="桐柏县督查落实委员会办公室",
            date=dt.date(2021, 10, 8),
            mark="督查通报",
            mark_upper="桐柏县督查落实委员会办公室",
            issue_no="第11期",
            report_to="县四大班子领导",
            send_to="各乡镇（产业集聚区），县政府各部门",
            reply_to="县政务中心电子邮箱",
            reply_email="tbzwzx@163.com",
        ),
        round_name="2021Q3",
        period="2021年第三季度",
        checkpoint=checkpoint_at(dt.date(2021, 9, 27)),
        check_start=dt.date(2021, 9, 27),
        check_end=dt.date(2021, 9, 30),
        profile="tongbai-2021",
        sites=sites,
        accounts=accounts,
        mailbox=[MailboxRow(u, r, p) for u, r, p in TONGBAI_MAILBOX],
        applications=ApplicationStats(
            14, 10, ("县自然资源局", "发改委", "环保局", "桐柏化工产业集聚区"), reviews=4
        ),
        interpretations=[InterpretationRow(d, u, t, p) for d, u, t, p in TONGBAI_INTERPRETATIONS],
        rectify_workdays=2,  # 10月8日 + 2 个工作日 = 10月11日 (10月9日 is a 调休 Saturday)
    )


XINXIANG_COUNTIES = [
    ("长垣市", 100, ""), ("获嘉县", 100, ""), ("新乡县", 100, ""), ("辉县市", 100, ""), ("牧野区", 100, ""),
    ("凤泉区", 100, ""), ("封丘县", 100, ""), ("卫辉市", 100, ""), ("原阳县", 100, ""), ("延津县", 100, ""),
    ("卫滨区", 95, "无信件展示、统计，互动差；社会调查功能缺失"), ("红旗区", 87, "咨询建言功能不全-13"),
]  # fmt: skip
XINXIANG_DEPTS: list[tuple[str, float | None, str]] = [
    ("市人社局", 100, ""), ("市工信局", 100, ""), ("市文旅局", 100, ""), ("市农业农村局", 100, ""),
    ("市西工区", 100, ""), ("市林业局", 100, ""), ("市科技局", 100, ""), ("市市场监督管理局", 100, ""),
    ("市财政局", 100, ""), ("市政务大数据局", 100, ""), ("市公共资源交易中心", 100, ""), ("市生态环境局", 100, ""),
    ("平原示范区管委会", 100, ""), ("高新区管委会", 100, ""), ("市交通运输局", 100, ""), ("市应急局", 100, ""),
    ("市统计局", 100, ""), ("市公安局", 100, ""), ("市司法局", 100, ""), ("市审计局", 100, ""), ("市医保局", 100, ""),
    ("信用中国(新乡)", 100, ""), ("市住建局", 100, ""), ("市卫健委", 100, ""), ("市教育局", 100, ""),
    ("市信访局", 100, ""), ("市人防办", 100, ""), ("经开区管委会", 100, ""), ("市商务局", 100, ""),
    ("市发改委", 94, "历史信件展示、统计-6"), ("市粮食和储备局", 90, "咨询建言功能不全-10"),
    ("市水利局", 90, "咨询建言-10"), ("市体育局", 89, "政务服务链接-5；信箱、调查征集-6"),
    ("市城管局", 84, "历史信件展示、统计-6；意见征集不更新-7；政务服务-3"),
    ("市资源规划局", 84, "办事服务链接-10；在线信访、办事大厅-6"),
    ("市退役军人局", None, "没有咨询建言（单否）；空白栏目-10"),
    ("市民政局", None, "首页布局混乱（单否）；政务服务链接错误-10"),
]  # fmt: skip
XINXIANG_GROUPS = [
    ("延津县", 4), ("原阳县", 1), ("获嘉县", 6), ("新乡县", 4), ("封丘县", 6), ("辉县市", 4), ("卫辉市", 1),
    ("长垣市", 27), ("红旗区", 16), ("凤泉区", 9), ("牧野区", 1), ("卫滨区", 12), ("市直单位", 69),
]  # fmt: skip


def _scored(unit: str, score: float | None, problem: str, kind: UnitKind) -> SiteRow:
    veto = score is None
    findings: tuple[Finding, ...] = ()
    if problem:
        code = "interaction.no_channel" if "咨询" in problem else "link.wrong_service"
        if "布局" in problem:
            code = "manual.layout"
        findings = (Finding(code=code, target_kind=TargetKind.SITE, target=unit, message=problem),)
    return SiteRow(
        unit=unit,
        site_name=unit + "网站",
        verdict=Verdict.FAIL if veto else Verdict.PASS,
        unit_kind=kind,
        site_kind=SiteKind.PORTAL if kind == UnitKind.COUNTY else SiteKind.DEPARTMENT,
        score=score,
        vetoes=(findings[0].code,) if veto else (),
        summary=problem,
        findings=findings,
    )


def seed001_report() -> RoundReport:
    sites = [_scored(u, s, p, UnitKind.COUNTY) for u, s, p in XINXIANG_COUNTIES]
    sites += [_scored(u, s, p, UnitKind.DEPARTMENT) for u, s, p in XINXIANG_DEPTS]
    return RoundReport(
        jurisdiction="新乡市",
        issuer=Issuer(name="新乡市人民政府办公室", date=dt.date(2023, 2, 28), doc_number="新政办〔2023〕5号"),
        round_name="2023Q1",
        period="2023年第一季度",
        checkpoint=checkpoint_at(dt.date(2023, 2, 5)),
        check_start=dt.date(2023, 2, 1),
        check_end=dt.date(2023, 2, 10),
        profile="national-2019",
        sites=sites,
        account_groups=[AccountGroupRow(u, n, n) for u, n in XINXIANG_GROUPS],
        error_reports=ErrorReportStats(3, 3, 0),
        rectify_workdays=load_profile("national-2019").report.rectify_workdays,  # the notice sets none
    )
