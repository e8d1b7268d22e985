"""Every column judged as the notices do: directory, 村务公开, 概况 and letter columns by class and window."""

from __future__ import annotations

import pytest
from site_fixtures import HOME, healthy, list_page, replace_page

from govinspect.checks.inputs import SiteInput
from govinspect.checks.site import run_site_checks
from govinspect.extract.columns import classify_column
from govinspect.model import Finding
from govinspect.rules.profile import Profile, load_profile

NATIONAL = load_profile("national-2019")


def stale_of(inp: SiteInput, profile: Profile = NATIONAL) -> list[Finding]:
    return [f for f in run_site_checks(inp, profile) if f.code == "column.stale"]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("财政专项资金", "财政与监管"),
        ("行政事业性收费", "财政与监管"),
        ("政府采购", "财政与监管"),
        ("双随机公开", "财政与监管"),
        ("重大决策事项目录", "主动公开事项"),
        ("重大建设项目", "主动公开事项"),
        ("统计信息", "主动公开事项"),
        ("规划计划", "人事规划"),
        ("人事信息", "人事规划"),
        ("村务公开", "村务公开"),
        ("财务公开", "村务公开"),
        ("惠民惠农补贴", "村务公开"),
        ("服务公开", "村务公开"),
        ("公示公告", "通知公告"),
        ("单位简介", "概况"),
        ("来信处理", "互动交流"),
        ("环保热线", "互动交流"),
    ],
)
def test_column_classified_by_name(name: str, category: str) -> None:
    assert classify_column(name) == category


# (column name, category, a date just outside the class's national window, one just inside), checkpoint 2023-06-20
CASES = [
    ("财政专项资金", "财政与监管", "2022-12-19", "2022-12-20"),
    ("村务公开", "村务公开", "2022-12-19", "2022-12-20"),
    ("重大决策事项目录", "主动公开事项", "2022-06-19", "2022-06-20"),
    ("单位简介", "概况", "2022-06-19", "2022-06-20"),
    ("特色农业", "其他", "2022-06-19", "2022-06-20"),
]


@pytest.mark.parametrize(("name", "category", "old", "fresh"), CASES)
def test_every_class_has_a_national_window(name: str, category: str, old: str, fresh: str) -> None:
    url = HOME + "col/"
    hit = replace_page(healthy(), url, list_page(url, name, [old], category))
    (f,) = stale_of(hit)
    assert f.evidence.detail["column"] == name and f.evidence.detail["category"] == category
    miss = replace_page(healthy(), url, list_page(url, name, [fresh], category))
    assert stale_of(miss) == []


def test_letter_column_judged_by_its_newest_letter_nationally_not_in_tongbai() -> None:
    url = HOME + "lxcl/"
    hit = replace_page(healthy(), url, list_page(url, "来信处理", ["2022-06-19"], "互动交流"))
    (f,) = stale_of(hit)
    assert f.evidence.detail["column"] == "来信处理"
    assert (
        stale_of(replace_page(healthy(), url, list_page(url, "来信处理", ["2022-06-20"], "互动交流"))) == []
    )
    assert (
        stale_of(hit, load_profile("tongbai-2021")) == []
    )  # the local notice judges letters by replies only


def test_ten_should_update_columns_veto_nationally() -> None:
    """Clause (b) of 栏目不更新: ≥ 10 应更新但长期未更新 columns, whatever their class."""
    from govinspect.model import TargetKind, Verdict
    from govinspect.scoring import TargetInfo, score_target

    inp = healthy()
    for i in range(10):
        url = f"{HOME}c{i}/"
        inp = replace_page(inp, url, list_page(url, f"特色栏目{i}", ["2021-01-01"], "其他"))
    fs = run_site_checks(inp, NATIONAL)
    assert sum(1 for f in fs if f.code == "column.stale") == 10
    r = score_target(fs, NATIONAL, TargetInfo(TargetKind.SITE, inp.site.code, "某局", "某局网站"))
    assert r.verdict == Verdict.FAIL and "应更新但长期未更新栏目超过（含）10个" in r.summary
