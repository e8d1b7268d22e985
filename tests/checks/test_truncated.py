"""A page cut at the size limit: its finding, and no "not found" conclusion resting on it."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect.checks.catalog import _absence
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.checks.site import run_site_checks
from govinspect.crawl import PageRecord
from govinspect.extract import extract_page
from govinspect.model import TZ, Site, cn_size
from govinspect.rules import load_profile

HOME = "http://slj.meixi.gov.cn/"
PAGE = (
    '<html><head><meta charset="utf-8"><title>梅溪县水利局</title></head><body>'
    '<ul class="list"><li><a href="/gzdt/1.html">县水利局召开防汛工作部署会</a><span>2023-06-16</span></li>'
)


def site_input(truncated: bool, facts: bool = True) -> SiteInput:
    rec = PageRecord(
        HOME,
        HOME,
        200,
        "2023-06-20T10:00:00+08:00",
        100,
        len(PAGE),
        None,
        0,
        None,
        content_type="text/html",
        truncated=truncated,
        declared_size=52428800 if truncated else None,
    )
    pv = PageView(rec, extract_page(HOME, PAGE.encode(), {"content-type": "text/html"}) if facts else None)
    site = Site(code="4190015007", name="梅溪县水利局", home_url=HOME, unit="梅溪县水利局")
    return SiteInput(site=site, unit=None, checkpoint=dt.datetime(2023, 6, 20, 23, 59, tzinfo=TZ), pages=[pv])


def codes(inp: SiteInput) -> set[str]:
    return {f.code for f in run_site_checks(inp, load_profile("national-2019"))}


def test_absence_findings_are_not_made_on_a_cut_page() -> None:
    whole, cut = codes(site_input(truncated=False)), codes(site_input(truncated=True))
    assert {"identity.icp_missing", "identity.zhaocuo_missing", "interaction.no_channel"} <= whole
    assert "availability.page_truncated" not in whole
    assert "availability.page_truncated" in cut
    assert not {"identity.icp_missing", "identity.zhaocuo_missing", "interaction.no_channel"} & cut


def test_a_cut_attachment_is_not_a_cut_page() -> None:
    found = codes(site_input(truncated=True, facts=False))
    assert "availability.page_truncated" not in found


def test_sizes_read_as_people_write_them() -> None:
    assert cn_size(512) == "512 字节"
    assert cn_size(10 * 1024 * 1024) == "10 MB"
    assert cn_size(1667) == "1.6 KB"
    assert cn_size(52428800) == "50 MB"


def test_an_absence_scope_must_be_page_or_site() -> None:
    assert _absence("x.y", "page") == "page" and _absence("x.y", None) is None
    with pytest.raises(ValueError, match="absence"):
        _absence("x.y", "everywhere")


def test_a_cut_column_page_leaves_the_whole_home_page_judged() -> None:
    """Page-wide absences stand on an uncut page; site-wide ones wait for the cut page to be checked."""
    inp = site_input(truncated=False)
    column = "http://slj.meixi.gov.cn/tzgg/"
    rec = PageRecord(
        column,
        column,
        200,
        "2023-06-20T10:00:00+08:00",
        100,
        len(PAGE),
        None,
        1,
        HOME,
        content_type="text/html",
        truncated=True,
    )
    inp.pages.append(PageView(rec, extract_page(column, PAGE.encode(), {"content-type": "text/html"})))
    found = run_site_checks(inp, load_profile("national-2019"))
    codes = {f.code for f in found}
    assert "identity.icp_missing" in codes  # the home page was read whole: its footer has no ICP number
    assert "interaction.no_channel" not in codes  # a channel could sit past the cut of the column page
    (cut,) = [f for f in found if f.code == "availability.page_truncated"]
    assert cut.evidence.url == column and "无咨询建言渠道" in cut.evidence.detail["unjudged"]
    assert "未标注ICP备案编号" not in cut.evidence.detail["unjudged"]
    assert cut.evidence.detail["declared_size"] is None and "声明" not in cut.message
