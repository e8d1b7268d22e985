"""A small healthy department site at checkpoint 2023-06-20, as the checks see it.

`healthy()` returns a SiteInput on which no national check fires; each hit test changes one thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from govinspect.checks.inputs import PageView, SiteInput
from govinspect.crawl.records import LinkRecord, LinkSource, PageRecord, ProbeResult
from govinspect.extract.facts import (
    ArticleFacts,
    ColumnInfo,
    Footer,
    Letter,
    LetterStats,
    ListFacts,
    ListItem,
    NavLink,
    PageFacts,
)
from govinspect.model import TZ, Column, ColumnCategory, Site, checkpoint_at

CP = checkpoint_at(dt.date(2023, 6, 20))
HOME = "http://www.dz.gov.cn/"
CODE = "4113810001"
FETCHED = "2023-06-20T10:00:00+08:00"
SERVICE = "https://www.hnzwfw.gov.cn/"
META_SITE = {"SiteName": "邓州市某局", "SiteDomain": "www.dz.gov.cn", "SiteIDCode": CODE}

COLUMNS = (
    Column(name="工作动态", url=HOME + "gzdt/", category=ColumnCategory.NEWS),
    Column(name="通知公告", url=HOME + "tzgg/", category=ColumnCategory.NOTICE),
    Column(name="政策文件", url=HOME + "zcwj/", category=ColumnCategory.POLICY),
    Column(name="意见征集", url=HOME + "yjzj/", category=ColumnCategory.INTERACTION),
    Column(name="在线访谈", url=HOME + "zxft/", category=ColumnCategory.INTERACTION),
    Column(name="政府信息公开年报", url=HOME + "ndbg/", category=ColumnCategory.DISCLOSURE_REPORT),
)


def record(url: str, depth: int = 1, status: int | None = 200, error: str | None = None) -> PageRecord:
    return PageRecord(
        url=url,
        final_url=url,
        status=status,
        fetched_at=FETCHED,
        elapsed_ms=120,
        size=1000,
        sha1=None,
        depth=depth,
        referrer=None if depth == 0 else HOME,
        error=error,
    )


def items(*dates: str | None, prefix: str = "信息") -> list[ListItem]:
    return [
        ListItem(title=f"{prefix}{i}", url=f"{HOME}a/{prefix}{i}.html", date=d) for i, d in enumerate(dates)
    ]


def list_page(
    url: str,
    name: str,
    dates: list[str | None],
    category: str = "其他",
    blank: bool = False,
    unreadable: bool = False,
    depth: int = 1,
) -> PageView:
    its = [] if blank else items(*dates, prefix=name)
    facts = PageFacts(
        url=url,
        page_type="list",
        title=name,
        meta={**META_SITE, "ColumnName": name, "ColumnType": category},
        footer=Footer(site_id_code=CODE),
        column=ColumnInfo(name=name, category=category),
        list=ListFacts(items=its, newest_date=None, blank=blank, unreadable=unreadable),
        text=name + " " + " ".join(i.title for i in its),
    )
    return PageView(record(url, depth), facts)


def home_page(dates: list[str | None] | None = None) -> PageView:
    nav = [
        NavLink("政府信息公开", HOME + "xxgk/"),
        NavLink("政府信息公开指南", HOME + "xxgk/zn/", kind="submenu", parent="政府信息公开"),
        NavLink("政府信息公开制度", HOME + "xxgk/zd/", kind="submenu", parent="政府信息公开"),
        NavLink("法定主动公开内容", HOME + "xxgk/fd/", kind="submenu", parent="政府信息公开"),
        NavLink("政府信息公开年报", HOME + "ndbg/", kind="submenu", parent="政府信息公开"),
        NavLink("咨询建言", HOME + "zxjy/"),
    ]
    its = items(*(dates if dates is not None else ["2023-06-18", "2023-06-10"]), prefix="首页")
    facts = PageFacts(
        url=HOME,
        page_type="other",
        title="邓州市某局",
        meta=dict(META_SITE),
        footer=Footer(
            site_id_code=CODE,
            icp="豫ICP备12345678号",
            gongan="豫公网安备 41138102000123号",
            party_gov_badge=True,
            zhaocuo_entry=True,
            sponsor="邓州市某局",
        ),
        nav=nav,
        list=ListFacts(items=its),
        text="邓州市某局 首页 " + " ".join(i.title for i in its),
    )
    return PageView(record(HOME, 0), facts)


def article_page(
    url: str = HOME + "gzdt/a1.html", body: str = "全面开展党史学习教育。", pub: str = "2023-06-18"
) -> PageView:
    facts = PageFacts(
        url=url,
        page_type="article",
        title="某局召开工作会议",
        meta={
            **META_SITE,
            "ColumnName": "工作动态",
            "ArticleTitle": "某局召开工作会议",
            "PubDate": pub + " 10:00",
        },
        footer=Footer(site_id_code=CODE),
        column=ColumnInfo(name="工作动态", category="动态要闻"),
        article=ArticleFacts(title="某局召开工作会议", pub_date=pub, body_text=body),
        text="某局召开工作会议 " + body,
    )
    return PageView(record(url, 2), facts)


def mailbox_page(letters: list[Letter] | None = None, stats: bool = True) -> PageView:
    ls = (
        letters
        if letters is not None
        else [
            Letter(
                title="咨询办事流程", type="咨询", asked="2023-05-04", replied="2023-05-08", status="已回复"
            )
        ]
    )
    facts = PageFacts(
        url=HOME + "zxjy/",
        page_type="mailbox",
        title="咨询建言",
        meta={**META_SITE, "ColumnName": "咨询建言", "ColumnType": "互动交流"},
        column=ColumnInfo(name="咨询建言", category="互动交流"),
        letters=ls,
        letter_stats=LetterStats(received=10, replied=10, text="共收到10件，已回复10件") if stats else None,
        text="咨询建言",
    )
    return PageView(record(HOME + "zxjy/", 1), facts)


def link(
    url: str,
    anchor: str,
    page: str = HOME + "gzdt/",
    error: str | None = None,
    status: int | None = 200,
    kind: str = "a",
    internal: bool = True,
    final_url: str | None = None,
) -> LinkRecord:
    return LinkRecord(
        url=url,
        kind=kind,
        internal=internal,
        sources=[LinkSource(page=page, anchor=anchor)],
        status=status,
        final_url=final_url or url,
        error=error,
        checked_at="2023-06-20T11:00:00+08:00",
    )


def probes(n: int = 140, failed: int = 0, slow: int = 0, days: float = 7) -> list[ProbeResult]:
    """n probes spread evenly over the `days` before the checkpoint, the first `failed` failing."""
    start = CP - dt.timedelta(days=days)
    out = []
    for i in range(n):
        at = (start + dt.timedelta(days=days) / n * (i + 1)).astimezone(TZ).isoformat()
        if i < failed:
            out.append(ProbeResult(HOME, at, False, None, 15000, "timeout"))
        elif i < failed + slow:
            out.append(ProbeResult(HOME, at, True, 200, 16000))
        else:
            out.append(ProbeResult(HOME, at, True, 200, 300))
    return out


def column_pages() -> list[PageView]:
    return [
        list_page(HOME + "gzdt/", "工作动态", ["2023-06-18", "2023-06-01"], "动态要闻"),
        list_page(HOME + "tzgg/", "通知公告", ["2023-05-18"], "通知公告"),
        list_page(HOME + "zcwj/", "政策文件", ["2023-03-01"], "政策文件"),
        list_page(HOME + "yjzj/", "意见征集", ["2023-02-01"], "互动交流"),
        list_page(HOME + "zxft/", "在线访谈", ["2022-11-01"], "互动交流"),
        PageView(
            record(HOME + "ndbg/"),
            PageFacts(
                url=HOME + "ndbg/",
                page_type="list",
                title="政府信息公开年报",
                meta={**META_SITE, "ColumnName": "政府信息公开年报", "ColumnType": "信息公开年报"},
                column=ColumnInfo(name="政府信息公开年报", category="信息公开年报"),
                list=ListFacts(
                    items=[
                        ListItem(
                            "邓州市某局2022年政府信息公开工作年度报告", HOME + "ndbg/2022.html", "2023-01-20"
                        ),
                        ListItem(
                            "邓州市某局2021年政府信息公开工作年度报告", HOME + "ndbg/2021.html", "2022-01-20"
                        ),
                    ]
                ),
                text="政府信息公开年报",
            ),
        ),
    ]


def site(**kw: Any) -> Site:
    base: dict[str, Any] = {
        "code": CODE,
        "name": "邓州市某局",
        "home_url": HOME,
        "unit": "邓州市某局",
        "columns": COLUMNS,
    }
    base.update(kw)
    return Site.model_validate(base)


def healthy(**kw: Any) -> SiteInput:
    inp = SiteInput(
        site=site(),
        unit=None,
        checkpoint=CP,
        pages=[home_page(), *column_pages(), article_page(), mailbox_page()],
        links=[
            link(HOME + "gzdt/", "工作动态", page=HOME),
            link(SERVICE + "item/1", "政务服务", page=HOME, internal=False),
            link("http://www.henan.gov.cn/", "河南省人民政府", page=HOME, internal=False),
        ],
        probes=probes(),
        expected_service_hosts=["hnzwfw.gov.cn"],
        group_sites=[CODE],
    )
    return replace(inp, **kw) if kw else inp


def replace_page(inp: SiteInput, url: str, new: PageView | None) -> SiteInput:
    """The input with the page at `url` replaced (or removed when `new` is None)."""
    pages = [p for p in inp.pages if p.record.url != url]
    if new is not None:
        pages.append(new)
    return replace(inp, pages=pages)
