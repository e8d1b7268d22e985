"""New-media checks: a hit and a miss per code, plus the three seed notices' account tables."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect.checks.media import find_duplicates, links_to_check, run_account_checks
from govinspect.feeds.post import AccountFacts, Post
from govinspect.jobs.reporting import account_notice_row
from govinspect.model import (
    TZ,
    Account,
    Finding,
    FormerName,
    Platform,
    TargetKind,
    Unit,
    UnitKind,
    checkpoint_at,
)
from govinspect.reports.data import AccountResult, AccountRow
from govinspect.reports.figures import group_accounts, group_row
from govinspect.rules.profile import Profile, load_profile
from govinspect.rules.rates import rate_text as pct
from govinspect.scoring.engine import TargetInfo, score_target

NATIONAL = load_profile("national-2019")
TONGBAI = load_profile("tongbai-2021")
CP_000 = checkpoint_at(dt.date(2023, 6, 20))
CAPTURED = dt.datetime(2023, 6, 20, 9, 0, tzinfo=TZ)


def _with_media(profile: Profile, **changes: object) -> Profile:
    return profile.model_copy(update={"media": profile.media.model_copy(update=changes)})


def _account(
    name: str = "邓州司法行政", unit: str = "市司法局", platform: Platform = Platform.WEIBO, **kw: object
) -> Account:
    return Account(
        platform=platform,
        name=name,
        account_id=kw.pop("account_id", name),  # type: ignore[arg-type]
        unit=unit,
        feed_url=f"http://rsshub.test/weibo/user/{name}",
        **kw,  # type: ignore[arg-type]
    )


def _post(account: Account, day: dt.date, title: str = "工作动态", **kw: object) -> Post:
    return Post(account.key, title, dt.datetime.combine(day, dt.time(9, 30), tzinfo=TZ), **kw)  # type: ignore[arg-type]


def _facts(account: Account, **kw: object) -> AccountFacts:
    base: dict[str, object] = {"source_url": account.feed_url, "captured_at": CAPTURED}
    base.update(kw)
    return AccountFacts(account.key, **base)  # type: ignore[arg-type]


def _daily(account: Account, first: dt.date, last: dt.date, every: int = 1) -> list[Post]:
    """Posts every `every` days, counted back from `last` (always included) to `first`."""
    out = []
    day = last
    while day >= first:
        out.append(_post(account, day, f"{day:%m月%d日}工作动态"))
        day -= dt.timedelta(days=every)
    return out


def notice_row(
    account: Account,
    posts: list[Post],
    findings: list[Finding],
    checkpoint: dt.datetime,
    profile: Profile,
    period_start: dt.date | None = None,
    unit: Unit | None = None,
) -> AccountRow:
    """The account's line in the notice, as a round makes it: scored by the profile, then laid out."""
    result = score_target(findings, profile, TargetInfo.from_account(account, unit))
    county = (unit.parent or "") if unit else ""
    return account_notice_row(result, account, posts, checkpoint, period_start, county)


def _codes(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.code for f in findings]


# --------------------------------------------------------------------------- seed 000 (邓州)


def test_seed_000_dengzhou_weibo_vetoed_14_days() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 6), "民法典进社区"), _post(account, dt.date(2023, 6, 1))]
    facts = _facts(account)
    findings = run_account_checks(account, None, posts, facts, CP_000, NATIONAL)
    assert _codes(findings) == ["media.not_updated"]
    finding = findings[0]
    assert finding.message == "长期不更新 (14 天)"
    assert finding.target_kind is TargetKind.ACCOUNT and finding.target == "微博:邓州司法行政"
    assert finding.evidence.url == "http://rsshub.test/weibo/user/邓州司法行政"
    assert finding.evidence.captured_at == CAPTURED
    assert finding.evidence.detail["last_post_title"] == "民法典进社区"
    assert finding.evidence.detail["days"] == 14
    row = notice_row(account, posts, findings, CP_000, NATIONAL)
    assert (row.result, row.last_post) == (AccountResult.VETO, dt.date(2023, 6, 6))
    assert "内容长期不更新" in row.problem and not row.passed


def test_not_updated_miss_13_days() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 7))]
    assert run_account_checks(account, None, posts, _facts(account), CP_000, NATIONAL) == []


def test_posts_after_checkpoint_do_not_count() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 6)), _post(account, dt.date(2023, 6, 25))]
    findings = run_account_checks(account, None, posts, _facts(account), CP_000, NATIONAL)
    assert _codes(findings) == ["media.not_updated"]


def test_seed_000_table_22_accounts_one_fails() -> None:
    rows = []
    for i in range(22):
        account = _account(f"邓州账号{i}", unit=f"单位{i % 11}", platform=Platform.WECHAT, account_id=f"a{i}")
        last = dt.date(2023, 6, 6) if i == 0 else dt.date(2023, 6, 19)
        posts = [_post(account, last)]
        findings = run_account_checks(account, None, posts, _facts(account), CP_000, NATIONAL)
        rows.append(notice_row(account, posts, findings, CP_000, NATIONAL))
    total = group_row("合计", rows)
    assert (total.count, total.passed, total.failed, pct(total.passed, total.judged, 2)) == (
        22,
        21,
        1,
        "95.45%",
    )


# --------------------------------------------------------------------------- seed 002 (桐柏)

CP_002 = checkpoint_at(dt.date(2021, 9, 30))
SEED_002 = [
    ("民政局", Platform.TOUTIAO, "桐柏县民政局", dt.date(2021, 9, 8)),
    ("商务局", Platform.TOUTIAO, "桐柏商务", dt.date(2021, 9, 8)),
    ("房管中心", Platform.TOUTIAO, "桐柏房管", dt.date(2021, 8, 2)),
    ("自然资源局", Platform.TOUTIAO, "桐柏县自然资源局", dt.date(2021, 8, 11)),
    ("安棚镇人民政府", Platform.WECHAT, "桐柏安棚", dt.date(2021, 8, 21)),
    ("程湾镇人民政府", Platform.WECHAT, "程湾党建", dt.date(2021, 8, 23)),
    ("平氏镇政府", Platform.WECHAT, "桐柏平氏", dt.date(2021, 8, 8)),
]


def test_seed_002_seven_accounts_fail_with_their_dates() -> None:
    rows: list[AccountRow] = []
    for unit, platform, name, last in SEED_002:
        account = _account(name, unit, platform)
        posts = _daily(account, dt.date(2021, 7, 1), last, every=3)
        findings = run_account_checks(
            account, None, posts, _facts(account), CP_002, TONGBAI, period_start=dt.date(2021, 7, 1)
        )
        rows.append(notice_row(account, posts, findings, CP_002, TONGBAI, dt.date(2021, 7, 1)))
    for k in range(36):
        account = _account(f"桐柏正常{k}", f"单位{k}", Platform.WECHAT)
        posts = _daily(account, dt.date(2021, 7, 1), dt.date(2021, 9, 29), every=2)
        findings = run_account_checks(account, None, posts, _facts(account), CP_002, TONGBAI)
        rows.append(notice_row(account, posts, findings, CP_002, TONGBAI))
    failed = [r for r in rows if not r.passed]
    assert [(r.unit, r.name, r.last_post, r.result, r.problem) for r in failed] == [
        (unit, name, last, "单否", "内容长期不更新") for unit, _, name, last in SEED_002
    ]
    total = group_row("合计", rows)
    assert (total.count, total.passed, total.failed, pct(total.passed, total.judged, 1)) == (
        43,
        36,
        7,
        "83.7%",
    )


# --------------------------------------------------------------------------- seed 001 (新乡)

CP_001 = checkpoint_at(dt.date(2023, 2, 10))
SEED_001 = [
    ("延津县", 4), ("原阳县", 1), ("获嘉县", 6), ("新乡县", 4), ("封丘县", 6), ("辉县市", 4), ("卫辉市", 1),
    ("长垣市", 27), ("红旗区", 16), ("凤泉区", 9), ("牧野区", 1), ("卫滨区", 12), ("市直单位", 69),
]  # fmt: skip


def test_seed_001_all_160_pass_per_county_table() -> None:
    units: list[Unit] = []
    rows: list[AccountRow] = []
    for county, count in SEED_001:
        for i in range(count):
            if county == "市直单位":
                unit = Unit(name=f"市直部门{i}", kind=UnitKind.DEPARTMENT)
            else:
                unit = Unit(name=f"{county}部门{i}", kind=UnitKind.DEPARTMENT, parent=county)
            units.append(unit)
            account = _account(f"{unit.name}发布", unit.name, Platform.WECHAT)
            posts = [_post(account, CP_001.date() - dt.timedelta(days=1 + i % 13))]  # within 2 weeks
            findings = run_account_checks(account, unit, posts, _facts(account), CP_001, NATIONAL)
            rows.append(notice_row(account, posts, findings, CP_001, NATIONAL, unit=unit))
    table = group_accounts(rows, default="市直单位")
    assert [(t.unit, t.count, t.passed, t.failed, pct(t.passed, t.judged)) for t in table] == [
        (county, n, n, 0, "100%") for county, n in SEED_001
    ]
    assert sum(t.count for t in table) == 160


def test_account_updated_within_two_weeks_passes() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 8))]
    findings = run_account_checks(account, None, posts, _facts(account), CP_000, NATIONAL)
    row = notice_row(account, posts, findings, CP_000, NATIONAL)
    assert (row.result, row.problem, row.posts_in_round) == ("合格", "无", 1)


# --------------------------------------------------------------------------- frequency and gaps


def test_low_frequency_hit_tongbai_twice_a_week() -> None:
    account = _account()
    posts = _daily(account, dt.date(2021, 9, 3), dt.date(2021, 9, 30), every=7)  # once a week
    findings = run_account_checks(
        account, None, posts, _facts(account), CP_002, TONGBAI, period_start=dt.date(2021, 9, 3)
    )
    assert _codes(findings) == ["media.low_frequency"]
    assert findings[0].count == 4
    assert findings[0].message == "更新频率不足：4 周发布少于每周 2 次"


def test_low_frequency_miss() -> None:
    account = _account()
    posts = _daily(account, dt.date(2021, 9, 3), dt.date(2021, 9, 30), every=3)
    findings = run_account_checks(
        account, None, posts, _facts(account), CP_002, TONGBAI, period_start=dt.date(2021, 9, 3)
    )
    assert findings == []
    # the national profile sets no weekly minimum
    sparse = _daily(account, dt.date(2021, 9, 3), dt.date(2021, 9, 30), every=7)
    assert run_account_checks(account, None, sparse, _facts(account), CP_002, NATIONAL) == []


def test_gap_hit() -> None:
    profile = _with_media(NATIONAL, max_gap_days=10)
    account = _account()
    posts = [_post(account, d) for d in (dt.date(2021, 7, 5), dt.date(2021, 8, 1), dt.date(2021, 9, 25))]
    findings = run_account_checks(
        account, None, posts, _facts(account), CP_002, profile, period_start=dt.date(2021, 7, 1)
    )
    assert _codes(findings) == ["media.gap"]
    assert findings[0].message == "断更 55 天（2021年8月1日至2021年9月25日），超过 10 天"


def test_gap_miss() -> None:
    profile = _with_media(NATIONAL, max_gap_days=10)
    account = _account()
    posts = _daily(account, dt.date(2021, 6, 25), dt.date(2021, 9, 29), every=7)
    findings = run_account_checks(
        account, None, posts, _facts(account), CP_002, profile, period_start=dt.date(2021, 7, 1)
    )
    assert findings == []


def test_zombie_hit_and_miss() -> None:
    account = _account()
    old = [_post(account, dt.date(2023, 3, 1), "春耕")]
    findings = run_account_checks(account, None, old, _facts(account), CP_000, NATIONAL)
    assert _codes(findings) == ["media.not_updated", "media.zombie"]
    assert "建议关停注销" in findings[1].message
    assert findings[1].evidence.detail["recommendation"] == "关停注销"
    recent = [_post(account, dt.date(2023, 4, 1))]
    assert "media.zombie" not in _codes(
        run_account_checks(account, None, recent, _facts(account), CP_000, NATIONAL)
    )


# --------------------------------------------------------------------------- content, links, entity


def test_content_error_hit_in_title() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 19), "庆祝中华人民共合国成立", url="https://weibo.com/1/a")]
    findings = run_account_checks(account, None, posts, _facts(account), CP_000, NATIONAL)
    assert _codes(findings) == ["content.serious_error"]
    detail = findings[0].evidence.detail
    assert (detail["matched"], detail["suggestion"], detail["post_url"]) == (
        "中华人民共合国",
        "中华人民共和国",
        "https://weibo.com/1/a",
    )
    row = notice_row(account, posts, findings, CP_000, NATIONAL)
    assert row.result == "单否"


def test_content_error_in_text_and_miss() -> None:
    account = _account()
    bad = [_post(account, dt.date(2023, 6, 19), "通知", text="低保对象张三 13812345678")]
    assert _codes(run_account_checks(account, None, bad, _facts(account), CP_000, NATIONAL)) == [
        "privacy.mobile"
    ]
    good = [_post(account, dt.date(2023, 6, 19), "庆祝中华人民共和国成立")]
    assert run_account_checks(account, None, good, _facts(account), CP_000, NATIONAL) == []


def test_broken_menu_hit_and_miss() -> None:
    account = _account(menu_links=("http://m.test/guide", "http://m.test/dead"))
    post = _post(account, dt.date(2023, 6, 19), "文章", links=["http://m.test/article-dead"])
    facts = _facts(account)
    wanted = links_to_check(account, [post], facts, CP_000)
    assert wanted == {
        "http://m.test/guide": "自定义菜单",
        "http://m.test/dead": "自定义菜单",
        "http://m.test/article-dead": "《文章》",
    }
    results = {
        "http://m.test/guide": None,
        "http://m.test/dead": "http_4xx",
        "http://m.test/article-dead": "dns",
    }
    findings = run_account_checks(account, None, [post], facts, CP_000, NATIONAL, link_results=results)
    assert _codes(findings) == ["media.broken_menu"]
    assert findings[0].count == 2
    assert findings[0].message == "链接无法打开（自定义菜单链接 1 个、文章链接 1 个）"
    ok = dict.fromkeys(results)
    assert run_account_checks(account, None, [post], facts, CP_000, NATIONAL, link_results=ok) == []


def test_outdated_entity_after_2018_reform() -> None:
    account = _account("济源应急", "济源市应急管理局", Platform.WECHAT)
    unit = Unit(name="济源市应急管理局")
    facts = _facts(account, certified_entity="济源市安全生产监督管理局")
    posts = [_post(account, dt.date(2023, 6, 19))]
    findings = run_account_checks(account, unit, posts, facts, CP_000, NATIONAL)
    assert _codes(findings) == ["media.outdated_entity"]
    assert (
        findings[0].message
        == "认证主体“济源市安全生产监督管理局”含已撤销机构名称“安全生产监督管理局”，现为“应急管理局”"
    )


def test_outdated_entity_former_name_of_unit() -> None:
    unit = Unit(
        name="桐柏县文化广电和旅游局",
        former_names=(FormerName(name="桐柏县文化局", until=dt.date(2019, 3, 1)),),
    )
    account = _account("桐柏文旅", unit.name, Platform.WECHAT, certified_entity="桐柏县文化局")
    findings = run_account_checks(
        account, unit, [_post(account, dt.date(2023, 6, 19))], _facts(account), CP_000, NATIONAL
    )
    assert _codes(findings) == ["media.outdated_entity"]
    assert findings[0].evidence.detail["suggestion"] == "桐柏县文化广电和旅游局"


def test_entity_miss_current_name() -> None:
    unit = Unit(
        name="济源市应急管理局",
        former_names=(FormerName(name="济源市安全生产监督管理局", until=dt.date(2019, 1, 1)),),
    )
    account = _account("济源应急", unit.name, Platform.WECHAT, certified_entity="济源市应急管理局")
    posts = [_post(account, dt.date(2023, 6, 19))]
    assert run_account_checks(account, unit, posts, _facts(account), CP_000, NATIONAL) == []


def test_no_interaction_hit_and_miss() -> None:
    account = _account()
    posts = [_post(account, dt.date(2023, 6, 19))]
    off = run_account_checks(account, None, posts, _facts(account, interaction=False), CP_000, NATIONAL)
    assert _codes(off) == ["media.no_interaction"]
    assert notice_row(account, posts, off, CP_000, NATIONAL).result == "单否"
    unknown = run_account_checks(account, None, posts, _facts(account, interaction=None), CP_000, NATIONAL)
    assert unknown == []


def test_duplicates_hit_and_miss() -> None:
    a = _account("桐柏民政", "民政局", Platform.TOUTIAO)
    b = _account("桐柏县民政局", "民政局", Platform.TOUTIAO)
    c = _account("桐柏民政微信", "民政局", Platform.WECHAT)
    d = _account("桐柏商务", "商务局", Platform.TOUTIAO)
    findings = find_duplicates([a, b, c, d])
    assert [(f.code, f.target) for f in findings] == [("media.duplicate", a.key), ("media.duplicate", b.key)]
    assert findings[0].message == "民政局在今日头条开设 2 个账号（“桐柏民政”、“桐柏县民政局”），建议整合"
    assert find_duplicates([a, c, d]) == []


# --------------------------------------------------------------------------- sources that fail


@pytest.mark.parametrize(
    "error",
    ["订阅源无法访问（HTTP 404）", "订阅源无法访问（HTTP 500）", "订阅源格式错误：XML 不完整或无法解析"],
)
def test_source_error_is_not_a_veto(error: str) -> None:
    account = _account()
    findings = run_account_checks(account, None, [], _facts(account, source_error=error), CP_000, NATIONAL)
    assert _codes(findings) == ["media.source_error"]
    assert findings[0].message == f"数据源异常，无法判定更新情况：{error}"
    row = notice_row(account, [], findings, CP_000, NATIONAL)
    assert (row.result, row.judged, row.passed) == ("待核实", False, False)
    table = group_row("市司法局", [row])
    assert (table.count, table.failed, table.unverified) == (1, 0, 1)
    assert table.note == "1个账号数据源异常，待核实"


def test_no_posts_without_error_is_source_error_not_veto() -> None:
    account = _account()
    findings = run_account_checks(account, None, [], _facts(account), CP_000, NATIONAL)
    assert _codes(findings) == ["media.source_error"]


def test_manual_record_judged_for_freshness_only() -> None:
    profile = TONGBAI
    account = _account(platform=Platform.CHANNELS)
    manual = [_post(account, dt.date(2021, 9, 20), "人工记录", source="manual")]
    findings = run_account_checks(account, None, manual, _facts(account), CP_002, profile)
    assert findings == []  # 10 days: fresh; weekly frequency not judged from a single manual date


def test_statistics_period_without_round_start_comes_from_the_profile() -> None:
    """With no period_start, frequency is counted over the profile's media.default_period_days."""
    account = _account()
    # one post a week for the last 3 weeks, nothing in the 3 weeks before them
    posts = _daily(account, dt.date(2021, 9, 10), dt.date(2021, 9, 30), every=7)
    three = _with_media(NATIONAL, min_posts_per_week=1, default_period_days=21)
    assert _codes(run_account_checks(account, None, posts, _facts(account), CP_002, three)) == []
    six = _with_media(NATIONAL, min_posts_per_week=1, default_period_days=42)
    six_weeks = run_account_checks(account, None, posts, _facts(account), CP_002, six)
    low = [f for f in six_weeks if f.code == "media.low_frequency"]
    assert len(low) == 1 and low[0].count == 3
    assert low[0].evidence.detail["period_start"] == "2021-08-20"  # 42 days up to 9月30日
