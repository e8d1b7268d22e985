"""A hit and a miss for every website check code, on the healthy fixture site with one thing changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from site_fixtures import (
    CP,
    HOME,
    article_page,
    healthy,
    home_page,
    link,
    list_page,
    mailbox_page,
    probes,
    replace_page,
    site,
)

from govinspect.checks.availability import monitoring_gap
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.site import run_site_checks
from govinspect.crawl.records import LinkRecord, ProbeResult
from govinspect.extract.facts import Footer, Letter, NavLink
from govinspect.model import Column, ColumnCategory, Finding, SiteKind, Verdict
from govinspect.rules.profile import Profile, available_profiles, load_profile
from govinspect.scoring import TargetInfo, score_target

NATIONAL = load_profile("national-2019")


def run(inp: SiteInput, profile: Profile = NATIONAL) -> list[Finding]:
    return run_site_checks(inp, profile)


def only(inp: SiteInput, code: str, profile: Profile = NATIONAL) -> list[Finding]:
    return [f for f in run(inp, profile) if f.code == code]


def test_healthy_site_has_no_findings() -> None:
    assert run(healthy()) == []


# ------------------------------------------------------------------ availability


def test_unreachable_hit_and_miss() -> None:
    (f,) = only(healthy(probes=probes(140, failed=5, slow=3)), "availability.unreachable")
    assert f.evidence.detail["failures"] == 8 and f.evidence.detail["attempts"] == 140
    assert f.evidence.captured_at is not None
    assert only(healthy(probes=probes(140, failed=6)), "availability.unreachable") == []  # 4.3 %


def test_unreachable_not_judged_without_enough_probes() -> None:
    assert only(healthy(probes=probes(10, failed=10)), "availability.unreachable") == []
    # 140 probes crowded into the last two days are not ≥ 20 a day over the week: 未监测, no veto
    crowded = healthy(probes=probes(140, failed=140, days=2))
    assert only(crowded, "availability.unreachable") == []
    assert (monitoring_gap(crowded.probes, crowded.checkpoint, NATIONAL) or "").startswith("未监测")
    assert monitoring_gap(probes(140), crowded.checkpoint, NATIONAL) is None


def test_homepage_visits_are_evidence_and_one_failure_is_no_veto() -> None:
    visits = [
        ProbeResult(HOME, "2023-06-20T09:00:00+08:00", False, 503, 40, "http_5xx"),
        ProbeResult(HOME, "2023-06-20T09:10:00+08:00", True, 200, 35),
    ]
    inp = healthy(probes=[])
    inp.homepage_attempts = visits
    (f,) = only(inp, "availability.homepage_down")
    assert "访问2次，1次无法打开" in f.message
    assert [v["status"] for v in f.evidence.detail["attempts"]] == [503, 200]
    r = score_target([f], NATIONAL, TargetInfo.from_site(inp.site))
    assert r.verdict == Verdict.PASS and not r.vetoes  # reported, not a veto (national profile)
    inp.homepage_attempts = [visits[1]]
    assert only(inp, "availability.homepage_down") == []


def test_homepage_down_hit_and_miss() -> None:
    hp = home_page()
    down = PageView(replace(hp.record, status=None, error="timeout"), None)
    (f,) = only(replace_page(healthy(probes=[]), HOME, down), "availability.homepage_down")
    assert f.evidence.detail["error"] == "timeout" and "访问超时" in f.message
    assert only(healthy(probes=[]), "availability.homepage_down") == []
    # a probe series decides instead
    assert only(replace_page(healthy(), HOME, down), "availability.homepage_down") == []


# ------------------------------------------------------------------ freshness


def test_homepage_stale_hit_and_miss() -> None:
    stale = replace_page(healthy(), HOME, home_page(["2023-06-05"]))
    (f,) = only(stale, "homepage.stale")
    assert f.evidence.detail["newest_date"] == "2023-06-05" and f.evidence.detail["newest_title"] == "首页0"
    fresh = replace_page(healthy(), HOME, home_page(["2023-06-06"]))  # exactly 14 days
    assert only(fresh, "homepage.stale") == []


def test_homepage_stale_navigation_portal_uses_columns() -> None:
    nav_only = replace_page(healthy(), HOME, home_page([]))
    assert only(nav_only, "homepage.stale") == []  # 工作动态 updated 2023-06-18
    inp = replace_page(
        nav_only, HOME + "gzdt/", list_page(HOME + "gzdt/", "工作动态", ["2023-06-01"], "动态要闻")
    )
    (f,) = only(inp, "homepage.stale")
    assert f.evidence.detail["basis"] == "二级页面"


def test_homepage_future_dates_ignored() -> None:
    inp = replace_page(healthy(), HOME, home_page(["2023-07-01", "2023-05-01"]))
    assert len(only(inp, "homepage.stale")) == 1


def test_column_stale_hit_and_miss() -> None:
    stale = replace_page(
        healthy(), HOME + "tzgg/", list_page(HOME + "tzgg/", "通知公告", ["2022-12-19"], "通知公告")
    )
    (f,) = only(stale, "column.stale")
    d = f.evidence.detail
    assert (d["column"], d["category"], d["window"], d["newest_date"]) == (
        "通知公告",
        "通知公告",
        "6个月",
        "2022-12-19",
    )
    assert d["newest_title"] == "通知公告0" and d["column_url"] == HOME + "tzgg/"
    assert f.evidence.captured_at is not None
    fresh = replace_page(
        healthy(), HOME + "tzgg/", list_page(HOME + "tzgg/", "通知公告", ["2022-12-20"], "通知公告")
    )
    assert only(fresh, "column.stale") == []


def test_column_stale_news_window() -> None:
    inp = replace_page(
        healthy(), HOME + "gzdt/", list_page(HOME + "gzdt/", "工作动态", ["2023-06-05"], "动态要闻")
    )
    assert [f.evidence.detail["column"] for f in only(inp, "column.stale")] == ["工作动态"]
    nanyang = load_profile("nanyang-2023")
    assert [f.evidence.detail["column"] for f in only(inp, "column.stale", nanyang)] == ["在线访谈"]


def test_column_level2_notice_judged_at_the_national_default() -> None:
    cols = tuple(
        c
        if c.name != "通知公告"
        else Column(name="通知公告", url=c.url, category=ColumnCategory.NOTICE, level=2)
        for c in site().columns
    )
    inp = replace_page(
        healthy(site=site(columns=cols)),
        HOME + "tzgg/",
        list_page(HOME + "tzgg/", "通知公告", ["2020-01-01"], "通知公告"),
    )
    (f,) = only(inp, "column.stale")  # not the 6 months of a 一级栏目: the national default of 1 year
    assert f.evidence.detail["window"] == "1年"
    assert len(only(inp, "column.stale", load_profile("tongbai-2021"))) == 1
    recent = replace_page(
        inp, HOME + "tzgg/", list_page(HOME + "tzgg/", "通知公告", ["2022-10-01"], "通知公告")
    )
    assert only(recent, "column.stale") == []  # 8 months old: stale for a 一级栏目, not for a 二级栏目


def test_column_undated_counts_as_stale() -> None:
    inp = replace_page(
        healthy(), HOME + "zcwj/", list_page(HOME + "zcwj/", "政策文件", [None, None], "政策文件")
    )
    (f,) = only(inp, "column.stale")
    assert f.evidence.detail["reason"] == "无发布日期"


def test_column_blank_hit_and_miss() -> None:
    inp = replace_page(
        healthy(), HOME + "zcwj/", list_page(HOME + "zcwj/", "政策文件", [], "政策文件", blank=True)
    )
    (f,) = only(inp, "column.blank")
    assert f.evidence.detail["column"] == "政策文件"
    assert only(inp, "column.stale") == []  # not counted twice
    assert only(healthy(), "column.blank") == []


def test_column_unreadable_not_judged() -> None:
    inp = replace_page(
        healthy(), HOME + "zcwj/", list_page(HOME + "zcwj/", "政策文件", [], "政策文件", unreadable=True)
    )
    (f,) = [f for f in run(inp) if f.code.startswith("column.")]  # not judged: left to a person
    assert f.code == "column.unverified" and f.evidence.detail["column"] == "政策文件"
    assert f.evidence.detail["newest_date"] is None and "would_be" not in f.evidence.detail


def test_discovered_column_and_pagination() -> None:
    extra = list_page(HOME + "bmdt/", "部门动态", ["2023-01-01"], "动态要闻")
    page2 = list_page(HOME + "bmdt/index_1.html", "部门动态", ["2022-01-01"], "动态要闻")
    assert extra.facts is not None and extra.facts.list is not None
    extra.facts.list.pagination.append(HOME + "bmdt/index_1.html")
    inp = replace(healthy(), pages=[*healthy().pages, extra, page2])
    fs = only(inp, "column.stale")
    assert [(f.evidence.detail["column"], f.evidence.detail["registered"]) for f in fs] == [
        ("部门动态", False)
    ]


def test_column_undated_hit_and_miss() -> None:
    inp = replace_page(
        healthy(), HOME + "gzdt/", list_page(HOME + "gzdt/", "工作动态", ["2023-06-18", None], "动态要闻")
    )
    (f,) = only(inp, "column.undated")
    assert f.evidence.detail["undated"] == 1
    assert only(healthy(), "column.undated") == []


# ------------------------------------------------------------------ links


def with_links(*links: LinkRecord) -> SiteInput:
    inp = healthy()
    return replace(inp, links=[*inp.links, *links])


def test_link_dead_hit_and_miss() -> None:
    (f,) = only(with_links(link(HOME + "x.html", "某文件", error="http_4xx", status=404)), "link.dead")
    assert f.evidence.url == HOME + "gzdt/" and f.evidence.detail["anchor"] == "某文件"
    assert f.evidence.detail["status"] == 404
    assert only(with_links(link(HOME + "x.html", "某文件")), "link.dead") == []
    # robots-disallowed is not a dead link
    assert only(with_links(link(HOME + "x.html", "某文件", error="robots_disallowed")), "link.dead") == []


def test_link_dead_homepage_hit_and_miss() -> None:
    (f,) = only(
        with_links(link(HOME + "y.html", "专题", page=HOME, error="http_5xx", status=502)),
        "link.dead_homepage",
    )
    assert f.evidence.url == HOME
    assert (
        only(with_links(link(HOME + "y.html", "专题", error="http_5xx", status=502)), "link.dead_homepage")
        == []
    )


def test_link_dead_external_hit_and_miss() -> None:
    dead = link("http://old.example.com/", "友情链接", error="dns", status=None, internal=False)
    assert len(only(with_links(dead), "link.dead_external")) == 1
    assert only(with_links(replace(dead, error=None)), "link.dead_external") == []


def test_link_broken_image_hit_and_miss() -> None:
    img = link(HOME + "p.jpg", "img", error="http_4xx", status=404, kind="img")
    assert len(only(with_links(img), "link.broken_image")) == 1
    assert only(with_links(replace(img, error=None)), "link.broken_image") == []


def test_link_wrong_service_hit_and_miss() -> None:
    wrong = link("http://www.some-vendor.com/ban", "政务服务网", page=HOME, internal=False)
    (f,) = only(with_links(wrong), "link.wrong_service")
    assert f.evidence.detail["host"] == "www.some-vendor.com"
    assert only(healthy(), "link.wrong_service") == []
    # redirect to the platform is fine
    ok = replace(wrong, final_url="https://www.hnzwfw.gov.cn/x")
    assert only(with_links(ok), "link.wrong_service") == []
    # without a registered platform nothing is judged
    assert only(replace(with_links(wrong), expected_service_hosts=[]), "link.wrong_service") == []


def test_link_broken_entry_hit_and_miss() -> None:
    entry = link(HOME + "ndbg/2022.html", "2022年年报", page=HOME, error="http_4xx", status=404)
    (f,) = only(with_links(entry), "link.broken_entry")
    assert f.evidence.detail["category"] == "年报"
    assert only(with_links(replace(entry, error=None)), "link.broken_entry") == []


# ------------------------------------------------------------------ content


def with_article(body: str, pub: str = "2023-06-18") -> SiteInput:
    return replace_page(healthy(), HOME + "gzdt/a1.html", article_page(body=body, pub=pub))


def test_serious_error_hit_and_miss() -> None:
    (f,) = only(with_article("各支部扎实开展党史教育。"), "content.serious_error")
    assert f.evidence.detail["correction"] == "党史学习教育"
    assert "党史教育" in f.evidence.detail["context"] and f.evidence.url == HOME + "gzdt/a1.html"
    assert f.evidence.detail["published"] == "2023-06-18"
    assert only(with_article("各支部扎实开展党史学习教育。"), "content.serious_error") == []


def test_outdated_name_hit_and_miss() -> None:
    assert len(only(with_article("县环保局开展执法检查。", "2023-06-18"), "content.outdated_name")) == 1
    assert only(with_article("县环保局开展执法检查。", "2018-06-18"), "content.outdated_name") == []


def test_sensitive_word_hit_and_miss() -> None:
    assert len(only(with_article("北朝鲜代表团来访。"), "content.sensitive_word")) == 1
    assert only(with_article("朝鲜代表团来访。"), "content.sensitive_word") == []


def test_privacy_id_hit_and_miss() -> None:
    (f,) = only(with_article("公示：张三，身份证号11010519491231002X。"), "privacy.id_number")
    assert "11010519491231002X" not in f.message + str(f.evidence.detail)
    assert f.evidence.detail["matched"] == "1101**********002X"
    assert only(with_article("公示：张三，身份证号110105194912310021。"), "privacy.id_number") == []


def test_privacy_mobile_hit_and_miss() -> None:
    assert len(only(with_article("低保户李四，13812345678。"), "privacy.mobile")) == 1
    assert only(with_article("咨询电话：13812345678。"), "privacy.mobile") == []


def test_content_hit_on_many_pages_is_one_finding() -> None:
    inp = with_article("开展党史教育")
    second = article_page(HOME + "gzdt/a2.html", body="继续开展党史教育")
    inp = replace(inp, pages=[*inp.pages, second])
    (f,) = only(inp, "content.serious_error")
    assert f.evidence.detail["page_count"] == 2


# ------------------------------------------------------------------ identity


def with_home(**changes: Any) -> SiteInput:
    hp = home_page()
    assert hp.facts is not None
    facts = replace(hp.facts, **changes)
    return replace_page(healthy(), HOME, PageView(hp.record, facts))


def footer(**changes: Any) -> Footer:
    hp = home_page()
    assert hp.facts is not None
    return replace(hp.facts.footer, **changes)


def test_meta_missing_hit_and_miss() -> None:
    (f,) = only(with_home(meta={"SiteName": "x"}), "identity.meta_missing")
    assert f.evidence.detail["missing"] == {"home": ["SiteDomain"]}  # SiteIDCode: identity.site_code_*
    assert only(healthy(), "identity.meta_missing") == []


def test_site_code_missing_hit_and_miss() -> None:
    meta = {"SiteName": "x", "SiteDomain": "y"}
    assert (
        len(only(with_home(footer=footer(site_id_code=None), meta=meta), "identity.site_code_missing")) == 1
    )
    # the meta tag alone is enough
    assert only(with_home(footer=footer(site_id_code=None)), "identity.site_code_missing") == []


def test_site_code_mismatch_hit_and_miss() -> None:
    (f,) = only(with_home(footer=footer(site_id_code="4113810099")), "identity.site_code_mismatch")
    assert f.evidence.detail == {"seen": "4113810099", "registry_code": "4113810001"}
    assert only(healthy(), "identity.site_code_mismatch") == []
    # registry key that is not a real 标识码 is not compared
    assert only(healthy(site=site(code="dz-test")), "identity.site_code_mismatch") == []


def test_icp_missing_hit_and_miss() -> None:
    assert len(only(with_home(footer=footer(icp=None)), "identity.icp_missing")) == 1
    assert only(healthy(), "identity.icp_missing") == []


def test_gongan_missing_hit_and_miss() -> None:
    assert len(only(with_home(footer=footer(gongan=None)), "identity.gongan_missing")) == 1
    assert only(healthy(), "identity.gongan_missing") == []


def test_zhaocuo_missing_hit_and_miss() -> None:
    assert len(only(with_home(footer=footer(zhaocuo_entry=False)), "identity.zhaocuo_missing")) == 1
    inp = with_home(footer=footer(zhaocuo_entry=False))
    inp = replace(inp, links=[*inp.links, link("https://zfwzzc.www.gov.cn/", "我为政府网站找错", page=HOME)])
    assert only(inp, "identity.zhaocuo_missing") == []


def test_domain_hit_and_miss() -> None:
    other = "http://www.dzmzj.com/"
    (f,) = only(healthy(site=site(home_url=other)), "identity.domain")
    assert f.evidence.detail["host"] == "www.dzmzj.com"
    assert only(healthy(), "identity.domain") == []
    assert only(healthy(site=site(home_url="http://邓州.政务/")), "identity.domain") == []


# ------------------------------------------------------------------ interaction


def test_no_channel_hit_and_miss() -> None:
    hp = home_page()
    assert hp.facts is not None
    nav = [n for n in hp.facts.nav if n.name != "咨询建言"]
    inp = replace_page(with_home(nav=nav), HOME + "zxjy/", None)
    (f,) = only(inp, "interaction.no_channel")
    assert f.message == "无咨询建言渠道"
    # 信访 channels do not count
    inp2 = replace_page(with_home(nav=[*nav, NavLink("网上信访", HOME + "xf/")]), HOME + "zxjy/", None)
    assert len(only(inp2, "interaction.no_channel")) == 1
    assert only(healthy(), "interaction.no_channel") == []


def test_no_channel_when_all_channels_broken() -> None:
    hp = home_page()
    assert hp.facts is not None
    nav = [n for n in hp.facts.nav if n.name != "咨询建言"]
    inp = replace_page(with_home(nav=nav), HOME + "zxjy/", None)
    inp = replace(
        inp, links=[*inp.links, link(HOME + "zxjy/", "咨询建言", page=HOME, error="http_5xx", status=500)]
    )
    (f,) = only(inp, "interaction.no_channel")
    assert f.message == "咨询建言渠道均无法使用"


def with_letters(*letters: Letter, profile_stats: bool = True) -> SiteInput:
    return replace_page(healthy(), HOME + "zxjy/", mailbox_page(list(letters), stats=profile_stats))


def test_unanswered_hit_and_miss() -> None:
    open_letter = Letter(
        title="道路破损何时维修", type="咨询", asked="2023-03-19", status="未回复", url=HOME + "zxjy/1"
    )
    (f,) = only(with_letters(open_letter), "interaction.unanswered")
    assert f.count == 1 and f.evidence.detail["letters"][0]["title"] == "道路破损何时维修"
    recent = replace(open_letter, asked="2023-03-20")  # exactly three months
    assert only(with_letters(recent), "interaction.unanswered") == []
    late = Letter(title="迟复", type="咨询", asked="2023-01-01", replied="2023-04-15", status="已回复")
    assert len(only(with_letters(late), "interaction.unanswered")) == 1
    old = replace(open_letter, asked="2022-05-01")  # outside the one-year look-back
    assert only(with_letters(old), "interaction.unanswered") == []
    xf = replace(open_letter, type="信访")
    assert only(with_letters(xf), "interaction.unanswered") == []


def test_late_reply_hit_and_miss() -> None:
    tongbai = load_profile("tongbai-2021")  # 15 working days
    late = Letter(title="咨询", type="咨询", asked="2023-05-04", replied="2023-06-01", status="已回复")
    (f,) = only(with_letters(late), "interaction.late_reply", tongbai)
    assert f.evidence.detail["letters"][0]["workdays"] == 21
    assert f.evidence.detail["stats"]["replied"] == 1
    ok = replace(late, replied="2023-05-24")  # 15 working days (the 2023-05-06 make-up Saturday counts)
    assert only(with_letters(ok), "interaction.late_reply", tongbai) == []
    no_limit = NATIONAL.model_copy(
        update={"interaction": NATIONAL.interaction.model_copy(update={"reply_working_days": None})}
    )
    assert only(with_letters(late), "interaction.late_reply", no_limit) == []


def test_no_display_hit_and_miss() -> None:
    assert len(only(with_letters(), "interaction.no_display")) == 1
    assert only(healthy(), "interaction.no_display") == []


def test_no_stats_hit_and_miss() -> None:
    letter = Letter(title="x", type="咨询", asked="2023-05-04", replied="2023-05-05", status="已回复")
    assert len(only(with_letters(letter, profile_stats=False), "interaction.no_stats")) == 1
    assert only(healthy(), "interaction.no_stats") == []


def test_no_solicitation_hit_and_miss() -> None:
    old = list_page(HOME + "yjzj/", "意见征集", ["2022-06-19"], "互动交流")
    (f,) = only(replace_page(healthy(), HOME + "yjzj/", old), "interaction.no_solicitation")
    assert f.evidence.detail["newest_date"] == "2022-06-19"
    cols = tuple(c for c in site().columns if c.name != "意见征集")
    gone = replace_page(healthy(site=site(columns=cols)), HOME + "yjzj/", None)
    (g,) = only(gone, "interaction.no_solicitation")
    assert g.message == "未设置意见征集栏目"
    assert only(healthy(), "interaction.no_solicitation") == []


def test_no_interview_hit_and_miss() -> None:
    portal = healthy(site=site(kind=SiteKind.PORTAL))
    old = list_page(HOME + "zxft/", "在线访谈", ["2022-06-01"], "互动交流")
    assert len(only(replace_page(portal, HOME + "zxft/", old), "interaction.no_interview")) == 1
    assert only(portal, "interaction.no_interview") == []
    # department sites are not required to hold interviews (profile: interview_site_kinds)
    assert only(replace_page(healthy(), HOME + "zxft/", old), "interaction.no_interview") == []


# ------------------------------------------------------------------ disclosure


def test_platform_missing_hit_and_miss() -> None:
    cols = tuple(c for c in site().columns if "公开" not in c.name)
    inp = replace_page(with_home(nav=[NavLink("咨询建言", HOME + "zxjy/")]), HOME + "ndbg/", None)
    inp = replace(inp, site=site(columns=cols))
    assert len(only(inp, "disclosure.platform_missing")) == 1
    assert only(healthy(), "disclosure.platform_missing") == []


def test_section_missing_hit_and_miss() -> None:
    hp = home_page()
    assert hp.facts is not None
    nav = [n for n in hp.facts.nav if n.name not in ("政府信息公开制度", "政府信息公开指南")]
    (f,) = only(with_home(nav=nav), "disclosure.section_missing")
    assert f.evidence.detail["missing"] == ["政府信息公开指南", "政府信息公开制度"] and f.count == 2
    assert only(healthy(), "disclosure.section_missing") == []


def test_annual_report_missing_hit_and_miss() -> None:
    only_2021 = list_page(HOME + "ndbg/", "政府信息公开年报", ["2022-01-20"], "信息公开年报")
    assert only_2021.facts is not None and only_2021.facts.list is not None
    only_2021.facts.list.items[0].title = "2021年政府信息公开工作年度报告"
    inp = replace_page(healthy(), HOME + "ndbg/", only_2021)
    (f,) = only(inp, "disclosure.annual_report_missing")
    assert f.evidence.detail["year"] == 2022
    assert only(healthy(), "disclosure.annual_report_missing") == []
    # before the due date nothing is judged
    early = replace(inp, checkpoint=CP.replace(month=1, day=20))
    assert only(early, "disclosure.annual_report_missing") == []


def test_disclosure_not_for_special_sites() -> None:
    cols = tuple(c for c in site().columns if "公开" not in c.name)
    inp = replace_page(with_home(nav=[NavLink("咨询建言", HOME + "zxjy/")]), HOME + "ndbg/", None)
    inp = replace(inp, site=site(columns=cols, kind=SiteKind.SPECIAL))
    assert only(inp, "disclosure.platform_missing") == []


# ------------------------------------------------------------------ determinism


def test_run_site_checks_deterministic() -> None:
    inp = with_article("开展党史教育，县环保局，13812345678")
    inp = replace(
        inp,
        links=[
            *inp.links,
            link(HOME + "b.html", "b", error="timeout"),
            link(HOME + "a.html", "a", error="timeout"),
        ],
    )
    a = run(inp)
    b = run(replace(inp, pages=list(reversed(inp.pages)), links=list(reversed(inp.links))))
    assert a == b and len(a) >= 5


@pytest.mark.parametrize("profile", available_profiles())
def test_every_profile_runs(profile: str) -> None:
    """Every shipped profile judges: a site silent for 400 days is stale under each of them, and the
    healthy site raises at most the stricter local rule (南阳: news columns monthly)."""
    prof = load_profile(profile)
    fresh = {f.code for f in run(healthy(), prof)}
    stale = {f.code for f in run(healthy(checkpoint=CP + dt.timedelta(days=400)), prof)}
    assert {"homepage.stale", "column.stale"} <= stale
    assert fresh <= {"column.stale"} and fresh < stale


def test_checkpoint_is_the_clock() -> None:
    later = healthy(checkpoint=CP + dt.timedelta(days=400))
    codes = {f.code for f in run(later)}
    assert {"homepage.stale", "column.stale"} <= codes


def test_published_count_for_ranking_tables() -> None:
    from govinspect.checks.disclosure import published_count

    counts = published_count(healthy(), dt.date(2023, 4, 1))
    assert counts == {"工作动态": 2, "通知公告": 1}
    assert published_count(healthy(), dt.date(2023, 6, 19)) == {}


def test_reply_stats() -> None:
    from govinspect.checks.interaction import reply_stats

    stats = reply_stats(healthy(), NATIONAL)
    assert stats == {
        "letters": 1,
        "replied": 1,
        "median_workdays": 3,
        "max_workdays": 3,
    }  # 5-6 is a make-up Saturday


def test_broken_column_page_is_not_blank() -> None:
    broken = list_page(HOME + "zcwj/", "政策文件", [], "政策文件", blank=True)
    broken = PageView(replace(broken.record, status=404, error="http_4xx"), broken.facts)
    assert only(replace_page(healthy(), HOME + "zcwj/", broken), "column.blank") == []


def test_old_list_titles_judged_at_their_dates() -> None:
    lst = list_page(HOME + "gzdt/", "工作动态", ["2023-06-18", "2017-05-01"], "动态要闻")
    assert lst.facts is not None and lst.facts.list is not None
    lst.facts.list.items[1].title = "县环保局开展执法检查"
    lst.facts.text += " 县环保局开展执法检查"
    assert only(replace_page(healthy(), HOME + "gzdt/", lst), "content.outdated_name") == []
    lst.facts.list.items[1].date = "2023-05-01"
    assert len(only(replace_page(healthy(), HOME + "gzdt/", lst), "content.outdated_name")) == 1


def test_second_page_of_a_fresh_column_is_not_a_stale_column() -> None:
    tongbai = load_profile("tongbai-2021")
    page2 = list_page(
        HOME + "gzdt/index_1.html", "工作动态", ["2021-01-01", "2020-05-01"], "动态要闻", depth=2
    )
    other = list_page(HOME + "tslm/index_1.html", "特色栏目", ["2020-05-01"], "其他", depth=2)
    inp = replace(healthy(), pages=[*healthy().pages, page2, other])
    stale = only(inp, "column.stale", tongbai)
    # 工作动态's page 2 merges into the fresh registered column; 特色栏目 is a column of its own
    assert [f.evidence.detail["column"] for f in stale] == ["特色栏目"]


def test_menu_group_named_interaction_is_not_a_channel() -> None:
    hp = home_page()
    assert hp.facts is not None
    nav = [n for n in hp.facts.nav if n.name != "咨询建言"] + [NavLink("互动交流", HOME + "yjzj/")]
    inp = replace_page(with_home(nav=nav), HOME + "zxjy/", None)
    assert len(only(inp, "interaction.no_channel")) == 1


def test_letter_shown_twice_counts_once() -> None:
    tongbai = load_profile("tongbai-2021")
    late = Letter(
        title="咨询", type="咨询", asked="2023-05-04", replied="2023-06-01", status="已回复", url=HOME + "l/1"
    )
    detail = mailbox_page([replace(late, url=None)])
    detail = PageView(replace(detail.record, url=HOME + "l/1", final_url=HOME + "l/1"), detail.facts)
    inp = with_letters(late)
    inp = replace(inp, pages=[*inp.pages, detail])
    (f,) = only(inp, "interaction.late_reply", tongbai)
    assert f.count == 1 and f.evidence.detail["letters"][0]["url"] == HOME + "l/1"


def test_empty_mailbox_is_not_a_blank_column() -> None:
    empty = list_page(HOME + "zxjy/", "咨询投诉", [], "互动交流", blank=True)
    inp = replace_page(healthy(), HOME + "zxjy/", empty)
    assert only(inp, "column.blank") == []
    assert len(only(inp, "interaction.no_display")) == 1


def test_stale_report_column_not_penalised_twice() -> None:
    tongbai = load_profile("tongbai-2021")
    old = list_page(HOME + "ndbg/", "政府信息公开年报", ["2021-01-20"], "信息公开年报")
    assert old.facts is not None and old.facts.list is not None
    old.facts.list.items[0].title = "2020年政府信息公开工作年度报告"
    inp = replace_page(healthy(), HOME + "ndbg/", old)
    assert len(only(inp, "column.stale", tongbai)) == 1
    assert only(inp, "disclosure.annual_report_missing", tongbai) == []
    assert len(only(inp, "disclosure.annual_report_missing")) == 1  # nationally the column is not judged


def test_disabled_rule_switches_check_off() -> None:
    inp = with_home(footer=footer(icp=None))
    rules = dict(NATIONAL.rules)
    rules["identity.icp_missing"] = rules["identity.icp_missing"].model_copy(update={"enabled": False})
    off = NATIONAL.model_copy(update={"rules": rules})
    assert len(only(inp, "identity.icp_missing")) == 1
    assert only(inp, "identity.icp_missing", off) == []


def test_every_finding_carries_evidence() -> None:
    inp = with_article("开展党史教育，县环保局，身份证11010519491231002X，李四13812345678，北朝鲜")
    hp = home_page(["2023-05-01"])
    assert hp.facts is not None
    facts = replace(hp.facts, meta={}, footer=Footer(), nav=[NavLink("互动交流", HOME + "yjzj/")])
    inp = replace_page(inp, HOME, PageView(hp.record, facts))
    inp = replace_page(inp, HOME + "zxjy/", None)
    inp = replace_page(inp, HOME + "tzgg/", list_page(HOME + "tzgg/", "通知公告", [], "通知公告", blank=True))
    inp = replace(
        inp,
        probes=probes(140, failed=20),
        links=[
            *inp.links,
            link(HOME + "d.html", "d", error="http_4xx", status=404),
            link(HOME + "h.html", "h", page=HOME, error="timeout", status=None),
            link("http://x.example.com/", "x", error="dns", status=None, internal=False),
            link(HOME + "i.png", "", error="http_4xx", status=404, kind="img"),
            link("http://www.vendor.com/", "政务服务", page=HOME, internal=False),
        ],
        site=site(home_url=HOME.replace("gov.cn", "com")),
    )
    fs = run(inp)
    codes = {f.code for f in fs}
    assert len(codes) >= 20, codes
    for f in fs:
        assert f.evidence.url.startswith("http"), f
        assert f.evidence.captured_at is not None, f
        assert f.message and f.target == inp.site.code


def test_internal_service_channel_is_not_a_wrong_service_link() -> None:
    own = link(HOME + "zwfw/index.html", "政务服务", page=HOME)
    assert only(with_links(own), "link.wrong_service") == []


def test_digit_keywords_match_whole_numbers_only() -> None:
    from govinspect.checks.common import matches_any

    assert matches_any("政务服务便民热线12345", ["12345"]) == "12345"
    assert matches_any("豫ICP备20123456号-1", ["12345"]) is None
    assert matches_any("县长信箱", ["信箱"]) == "信箱"
