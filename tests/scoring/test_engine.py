"""Scoring reproduces the seed notices' rules: vetoes, capped deductions, 4/3 scaling, summaries."""

from __future__ import annotations

import pytest

from govinspect.model import Evidence, Finding, TargetKind, UnitKind, Verdict
from govinspect.rules import load_profile
from govinspect.scoring import TargetInfo, score_round, score_target
from govinspect.scoring.engine import totals_line


def F(code: str, target: str = "s1", count: int = 1, **detail: object) -> Finding:
    return Finding(
        code=code,
        target_kind=TargetKind.SITE,
        target=target,
        message=f"{code} 问题",
        evidence=Evidence(url=f"http://{target}.gov.cn/", detail=dict(detail)),
        count=count,
    )


def stale(
    name: str, pos: int, target: str = "s1", category: str = "其他", label: str = " 1 年", days: int = 360
) -> Finding:
    return F(
        "column.stale",
        target,
        column=name,
        category=category,
        window=label.strip(),
        window_label=label,
        window_days=days,
        position=pos,
    )


def site(target: str = "s1", **kw: object) -> TargetInfo:
    return TargetInfo(TargetKind.SITE, target, kw.pop("unit", "某单位"), kw.pop("name", "某网站"), **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------- 桐柏 (002)


def test_tongbai_four_stale_columns_minus_12_pass() -> None:
    p = load_profile("tongbai-2021")
    names = ["新闻发布", "财政信息", "政府信息公开目录", "政府信息公开制度"]
    r = score_target([stale(n, i) for i, n in enumerate(names)], p, site())
    assert r.score == 88 and r.verdict == Verdict.PASS and not r.vetoes
    assert sum(d.points for d in r.deductions) == 12
    assert r.summary == "新闻发布、财政信息、政府信息公开目录、政府信息公开制度 1 年内未更新"


def test_tongbai_six_stale_columns_veto_and_listing() -> None:
    p = load_profile("tongbai-2021")
    fs = [stale("通知公告", 0, category="通知公告", label=" 6 个月", days=180)]
    fs += [
        stale(n, i + 1)
        for i, n in enumerate(["表格下载", "领导简介", "新闻信息发布", "财政信息", "特色栏目"])
    ]
    r = score_target(fs, p, site())
    assert r.verdict == Verdict.FAIL and r.score is None
    assert r.vetoes == ("column.stale",)
    assert (
        r.summary
        == "通知公告 6 个月内未更新；表格下载、领导简介、新闻信息发布、财政信息、特色栏目 1 年内未更新"
    )


def test_tongbai_five_is_veto_four_is_not() -> None:
    p = load_profile("tongbai-2021")
    five = [stale(f"栏目{i}", i) for i in range(5)]
    assert score_target(five, p, site()).verdict == Verdict.FAIL
    assert score_target(five[:4], p, site()).verdict == Verdict.PASS


def test_tongbai_one_stale_minus_3() -> None:
    r = score_target([stale("政府信息公开制度", 0)], load_profile("tongbai-2021"), site())
    assert r.score == 97 and r.summary == "政府信息公开制度 1 年内未更新"


# ---------------------------------------------------------------- 新乡 (001)


def test_xinxiang_hongqi_87() -> None:
    p = load_profile("xinxiang-2023")
    fs = [F("link.broken_entry", category="留言"), F("interaction.late_reply")]
    r = score_target(fs, p, site(name="红旗区"))
    assert r.score == 87 and r.verdict == Verdict.PASS
    assert r.summary == "咨询建言功能不全-13"


def test_xinxiang_fagai_94_and_chengguan_84() -> None:
    p = load_profile("xinxiang-2023")
    r = score_target([F("interaction.no_display"), F("interaction.no_stats")], p, site())
    assert (r.score, r.summary) == (94, "历史信件展示、统计-6")
    chengguan = [F("interaction.no_display"), F("interaction.no_stats"), F("interaction.no_solicitation")]
    chengguan.append(F("link.wrong_service"))
    r = score_target(chengguan, p, site())
    assert (r.score, r.summary) == (84, "政务服务链接-5;历史信件展示、统计-6;意见征集不更新-5")


def test_xinxiang_tiyu_89_and_ziyuan_84() -> None:
    p = load_profile("xinxiang-2023")
    tiyu = [F("link.wrong_service"), F("interaction.no_stats"), F("interaction.late_reply")]
    assert score_target(tiyu, p, site()).score == 89
    ziyuan = [
        F("link.wrong_service"),
        F("link.dead_external"),
        F("interaction.no_display"),
        F("interaction.no_stats"),
    ]
    assert score_target(ziyuan, p, site()).score == 84


def test_xinxiang_service_links_capped_at_10() -> None:
    p = load_profile("xinxiang-2023")
    r = score_target([F("link.wrong_service", target="s1") for _ in range(3)], p, site())
    assert r.score == 90 and r.summary == "政务服务链接-10"


def test_xinxiang_tuiyijunren_veto_with_deduction() -> None:
    p = load_profile("xinxiang-2023")
    r = score_target([F("interaction.no_channel"), F("column.blank", column="a")], p, site())
    assert r.verdict == Verdict.FAIL
    assert r.summary == "没有咨询建言(单否);空白栏目-10"


def test_xinxiang_minzheng_manual_layout_veto() -> None:
    p = load_profile("xinxiang-2023")
    manual = Finding(
        code="manual.layout",
        target_kind=TargetKind.SITE,
        target="s1",
        message="首页排版混乱错位",
        manual=True,
    )
    r = score_target([manual, F("link.wrong_service"), F("link.wrong_service")], p, site())
    assert r.verdict == Verdict.FAIL and r.vetoes == ("manual.layout",)
    assert r.summary == "首页布局混乱(单否);政务服务链接-10"


def test_no_findings_pass_100() -> None:
    for name in ("national-2019", "xinxiang-2023", "tongbai-2021", "nanyang-2023"):
        r = score_target([], load_profile(name), site())
        assert r.score == 100 and r.verdict == Verdict.PASS
    assert score_target([], load_profile("xinxiang-2023"), site()).summary == "无"


# ---------------------------------------------------------------- 邓州 / 南阳 (000)

NEWS = "动态要闻"


def test_nanyang_stale_veto_with_news_variant() -> None:
    p = load_profile("nanyang-2023")
    fs = [stale("工作动态", 0, category=NEWS, label="1个月", days=30)]
    fs += [stale(f"栏目{i}", i + 1, label="6个月", days=180) for i in range(5)]
    r = score_target(fs, p, site())
    assert r.verdict == Verdict.FAIL
    assert r.summary == (
        "单否。监测时间点前超过1个月动态、新闻类栏目未更新，以及其他栏目超过（含）5个长期（超过6个月）未更新。"
    )


def test_nanyang_stale_veto_without_news() -> None:
    p = load_profile("nanyang-2023")
    r = score_target([stale(f"栏目{i}", i, label="6个月", days=180) for i in range(5)], p, site())
    assert r.summary == "单否。栏目超过（含）5个长期（超过6个月）未更新。"
    r4 = score_target([stale(f"栏目{i}", i, label="6个月", days=180) for i in range(4)], p, site())
    assert r4.verdict == Verdict.PASS


def test_nanyang_blank_counted_across_group() -> None:
    p = load_profile("nanyang-2023")
    news = [stale("工作动态", 0, category=NEWS, label="1个月", days=30)]
    news += [stale(f"栏目{i}", i + 1, label="6个月", days=180) for i in range(5)]
    fs = [F("column.blank", "a", column="x1"), F("column.blank", "a", column="x2"), *news]
    fs += [F("column.blank", "b", column=f"y{i}") for i in range(3)]
    targets = [site("a", group="dz"), site("b", group="dz"), site("c", group="dz")]
    rs = score_round(targets, [*fs, *[f.model_copy(update={"target": "a"}) for f in news]], p, unjudged={})
    by = {r.target: r for r in rs.results}
    # 5 blank columns across the group: the sites holding them fail, the clean one does not
    assert by["b"].verdict == Verdict.FAIL and by["b"].summary == "单否。存在多个空白栏目。"
    assert by["c"].verdict == Verdict.PASS
    assert by["a"].summary == (
        "单否。1. 存在多个空白栏目；2. 监测时间点前超过1个月动态、新闻类栏目未更新，"
        "以及其他栏目超过（含）5个长期（超过6个月）未更新。"
    )
    # the same blank columns without a group do not veto
    solo = score_round([site("b")], fs, p, unjudged={})
    assert solo.results[0].verdict == Verdict.PASS


def test_nanyang_unanswered_first() -> None:
    p = load_profile("nanyang-2023")
    fs = [F("interaction.unanswered")]
    fs += [stale("工作动态", 0, category=NEWS, label="1个月", days=30)]
    fs += [stale(f"栏目{i}", i + 1, label="6个月", days=180) for i in range(5)]
    r = score_target(fs, p, site())
    assert r.summary.startswith("单否。1. 网民留言栏目咨询类的答复超期3个月；2. 监测时间点前超过1个月")


# ---------------------------------------------------------------- national


def test_national_caps_and_scaling() -> None:
    p = load_profile("national-2019")
    dead = [F("link.dead_homepage", link=f"u{i}") for i in range(30)]
    r = score_target(dead, p, site())
    assert r.score == 90  # 30 × 1 capped at the indicator's 10
    r2 = score_target(dead, p, site(has_services=False))
    assert r2.score == pytest.approx((75 - 10) * 4 / 3, abs=0.01)
    assert score_target([], p, site(has_services=False)).score == 100


def test_national_no_service_site_skips_service_items() -> None:
    p = load_profile("national-2019")
    r = score_target([F("link.wrong_service")], p, site(has_services=False))
    assert r.score == 100 and not r.deductions
    assert score_target([F("link.wrong_service")], p, site()).score == 95


def test_national_pass_at_60() -> None:
    p = load_profile("national-2019")
    manual = [
        Finding(
            code="manual.other",
            target_kind=TargetKind.SITE,
            target="s1",
            message=f"问题{i}",
            manual=True,
            evidence=Evidence(detail={"points": 10}),
        )
        for i in range(2)
    ]
    fs = [*manual, F("link.dead_homepage", count=10), F("interaction.no_display"), F("interaction.no_stats")]
    fs += [
        F("disclosure.platform_missing"),
        F("disclosure.annual_report_missing"),
        F("disclosure.section_missing", count=1),
    ]
    r = score_target(fs, p, site())
    # manual capped at 20, links 10, letters 4, disclosure 10 → 44
    assert r.score == 56 and r.verdict == Verdict.FAIL


def test_national_column_vetoes() -> None:
    p = load_profile("national-2019")
    blanks = [F("column.blank", column=f"b{i}", category="其他") for i in range(5)]
    assert score_target(blanks[:4], p, site()).verdict == Verdict.PASS
    r = score_target(blanks, p, site())
    assert r.verdict == Verdict.FAIL and r.summary == "单否。空白栏目超过（含）5个。"
    news = [stale(f"n{i}", i, category="动态要闻", label="2周", days=14) for i in range(3)]
    notice = [stale(f"t{i}", 9 + i, category="通知公告", label="6个月", days=180) for i in range(2)]
    assert score_target(news + notice, p, site()).verdict == Verdict.FAIL
    assert score_target(news + notice[:1], p, site()).verdict == Verdict.PASS


def test_serious_error_veto() -> None:
    r = score_target([F("content.serious_error")], load_profile("national-2019"), site())
    assert r.verdict == Verdict.FAIL and r.summary == "单否。存在严重表述错误。"


def test_manual_veto_override() -> None:
    f = Finding(
        code="manual.other",
        target_kind=TargetKind.SITE,
        target="s1",
        message="首页存在违规广告",
        manual=True,
        evidence=Evidence(detail={"veto": True}),
    )
    r = score_target([f], load_profile("national-2019"), site())
    assert r.verdict == Verdict.FAIL and r.summary == "单否。首页存在违规广告。"


def test_media_account_veto() -> None:
    p = load_profile("nanyang-2023")
    f = Finding(
        code="media.not_updated",
        target_kind=TargetKind.ACCOUNT,
        target="微博:1",
        message="长期不更新 (14 天)",
    )
    r = score_target([f], p, TargetInfo(TargetKind.ACCOUNT, "微博:1", "市司法局", "邓州司法行政"))
    # notice 000 附件2: 抽查结果 单否, 存在问题 "长期不更新 (14 天)"
    assert (
        r.verdict == Verdict.FAIL and r.vetoes == ("media.not_updated",) and r.summary == "长期不更新 (14 天)"
    )
    ok = score_target([], p, TargetInfo(TargetKind.ACCOUNT, "微博:2", "x", "y"))
    assert ok.verdict == Verdict.PASS


def account_finding(code: str, target: str, message: str = "x") -> Finding:
    return Finding(code=code, target_kind=TargetKind.ACCOUNT, target=target, message=message)


def test_unreadable_account_is_unverified_not_passed() -> None:
    p = load_profile("national-2019")
    info = TargetInfo(TargetKind.ACCOUNT, "微信公众号:a", "市民政局", "邓州民政")
    why = "数据源异常，无法判定更新情况：订阅源无法访问（HTTP 404）"
    r = score_target([account_finding("media.source_error", info.target, why)], p, info)
    assert (r.verdict, r.score, r.summary) == (Verdict.UNVERIFIED, None, why)
    # a veto found on what could be read still decides
    both = [
        account_finding("media.source_error", info.target),
        account_finding("media.no_interaction", info.target),
    ]
    assert score_target(both, p, info).verdict == Verdict.FAIL


def test_round_stats_leave_unverified_accounts_out() -> None:
    p = load_profile("national-2019")
    accts = [TargetInfo(TargetKind.ACCOUNT, f"a{i}", "u", "n") for i in range(4)]
    fs = [account_finding("media.source_error", "a0"), account_finding("media.not_updated", "a1")]
    stat = score_round(accts, fs, p, unjudged={}).stat(TargetKind.ACCOUNT)
    assert stat is not None
    assert (stat.total, stat.passed, stat.failed, stat.unverified, stat.pass_rate_text) == (
        3,
        2,
        1,
        1,
        "66.7%",
    )
    assert (
        totals_line(score_round(accts, fs, p, unjudged={}).results, 1)
        == "检查 3 个，合格 2 个，合格率 66.7%，待核实 1 个"
    )


def test_findings_of_other_targets_ignored() -> None:
    r = score_target([F("content.serious_error", target="other")], load_profile("national-2019"), site())
    assert r.verdict == Verdict.PASS


# ---------------------------------------------------------------- round


def test_round_pass_rates_by_unit_kind() -> None:
    p = load_profile("national-2019")
    targets = [site(f"d{i}", unit_kind=UnitKind.DEPARTMENT) for i in range(47)]
    targets += [site("t1", unit_kind=UnitKind.TOWNSHIP), site("t2", unit_kind=UnitKind.TOWNSHIP)]
    fs = [F("content.serious_error", "t1"), F("homepage.stale", "t2")]
    rs = score_round(targets, fs, p, unjudged={})
    total = rs.stat(TargetKind.SITE)
    assert total is not None and (total.total, total.passed, total.failed) == (49, 47, 2)
    assert total.pass_rate_text == "95.9%"
    town = rs.stat(TargetKind.SITE, UnitKind.TOWNSHIP)
    assert town is not None and town.pass_rate_text == "0%"
    dep = rs.stat(TargetKind.SITE, UnitKind.DEPARTMENT)
    assert dep is not None and dep.pass_rate_text == "100%"


def test_round_pass_rate_two_decimals_nanyang() -> None:
    p = load_profile("nanyang-2023")
    accts = [TargetInfo(TargetKind.ACCOUNT, f"a{i}", "u", "n") for i in range(22)]
    f = Finding(code="media.not_updated", target_kind=TargetKind.ACCOUNT, target="a3", message="x")
    st = score_round(accts, [f], p, unjudged={}).stat(TargetKind.ACCOUNT)
    assert st is not None and st.pass_rate_text == "95.45%"


def test_determinism() -> None:
    p = load_profile("tongbai-2021")
    fs = [stale(f"栏目{i}", i) for i in range(3)] + [
        F("link.dead", link="x"),
        F("privacy.mobile", matched="1"),
    ]
    targets = [site("s1"), site("s2")]
    a = score_round(targets, fs, p, unjudged={})
    b = score_round(list(reversed(targets)), list(reversed(fs)), p, unjudged={})
    assert a == b
    assert a.results[0].model_dump_json() == b.results[0].model_dump_json()


def test_deductions_reference_findings() -> None:
    r = score_target(
        [F("link.dead", link="a"), F("link.dead", link="b")], load_profile("national-2019"), site()
    )
    (d,) = r.deductions
    assert d.code == "link.dead" and d.points == pytest.approx(0.2) and len(d.findings) == 2
    assert all(r.findings[i].code == "link.dead" for i in d.findings)
    assert r.score == 99.8


def test_nanyang_ungrouped_sites_pool_blank_columns() -> None:
    p = load_profile("nanyang-2023")
    fs = [F("column.blank", "mz", column=f"b{i}") for i in range(3)]
    fs += [F("column.blank", "gl", column=f"c{i}") for i in range(2)]
    rs = score_round([site("mz"), site("gl"), site("ok")], fs, p, unjudged={})
    by = {r.target: r for r in rs.results}
    assert by["mz"].verdict == by["gl"].verdict == Verdict.FAIL and by["ok"].verdict == Verdict.PASS
    # nationally ungrouped sites stand alone
    nat = score_round([site("mz"), site("gl")], fs, load_profile("national-2019"), unjudged={})
    assert all(r.verdict == Verdict.PASS for r in nat.results)


def test_nanyang_homepage_veto_merges_into_news_wording() -> None:
    p = load_profile("nanyang-2023")
    home = F("homepage.stale")
    r = score_target([home], p, site())
    assert r.summary == "单否。监测时间点前超过1个月动态、新闻类栏目未更新。"
    fs = [home, stale("工作动态", 0, category=NEWS, label="1个月", days=30)]
    fs += [stale(f"栏目{i}", i + 1, label="6个月", days=180) for i in range(5)]
    r = score_target(fs, p, site())
    assert r.summary == (
        "单否。监测时间点前超过1个月动态、新闻类栏目未更新，以及其他栏目超过（含）5个长期（超过6个月）未更新。"
    )


def test_unjudged_site_is_unverified_never_clean() -> None:
    """A site whose inspection did not complete has no findings; it is 待核实, not 100 / 合格."""
    p = load_profile("national-2019")
    why = "首页无法访问（检查期间访问3次均未打开：连接被拒绝），未能检查"
    rs = score_round(
        [site("a"), site("b"), site("c")],
        [F("column.blank", "b", column="x")],
        p,
        unjudged={(TargetKind.SITE, "a"): why},
    )
    by = {r.target: r for r in rs.results}
    assert (by["a"].verdict, by["a"].score, by["a"].summary) == (Verdict.UNVERIFIED, None, why)
    assert by["b"].verdict == Verdict.PASS and by["b"].score == 98  # judged as before
    assert by["c"].verdict == Verdict.PASS and by["c"].score == 100
    stat = rs.stat(TargetKind.SITE)
    assert stat is not None and (stat.total, stat.passed, stat.unverified) == (2, 2, 1)
    # a veto proven by what was read still decides
    veto = score_target([F("availability.unreachable")], p, site(), unjudged=why)
    assert veto.verdict == Verdict.FAIL


def test_column_points_by_class_are_profile_data() -> None:
    """A profile may price each column class: 政策文件 at 8, the others at the rule's own points."""
    p = load_profile("national-2019")
    rule = p.rules["column.stale"].model_copy(update={"points_by_category": {"政策文件": 8.0}})
    priced = p.model_copy(update={"rules": {**p.rules, "column.stale": rule}})
    policy = stale("政策文件", 0, category="政策文件", label=" 6 个月", days=180)
    other = stale("领导简介", 1)
    assert score_target([policy], priced, site()).score == 92  # hit: the class's own points
    assert score_target([other], priced, site()).score == 100 - rule.points  # miss: the default
    assert score_target([policy], p, site()).score == 100 - rule.points  # national: one price
