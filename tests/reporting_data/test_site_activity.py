"""What a site's extracted pages give the notice: publications, letters and policy interpretations."""

from __future__ import annotations

import datetime as dt

from govinspect import model as m
from govinspect.checks.activity import site_activity
from govinspect.checks.inputs import PageView, SiteInput
from govinspect.crawl.records import PageRecord
from govinspect.extract.facts import ArticleFacts, ColumnInfo, Letter, ListFacts, ListItem, PageFacts
from govinspect.jobs.reporting import round_period_start
from govinspect.rules.profile import load_profile

HOME = "http://fgw.tongbai.gov.cn/"
LIST = HOME + "tzgg/index.html"
CP = m.checkpoint_at(dt.date(2021, 9, 30))
SINCE = dt.date(2021, 7, 1)
PROFILE = load_profile("tongbai-2021")


def _page(url: str, facts: PageFacts, depth: int = 1) -> PageView:
    rec = PageRecord(url, url, 200, CP.isoformat(), 10, 100, None, depth, None, "text/html")
    return PageView(rec, facts)


def _site(*pages: PageView) -> SiteInput:
    site = m.Site(
        code="4113300011",
        name="桐柏县发展和改革委员会",
        home_url=HOME,
        unit="县发改委",
        columns=(m.Column(name="通知公告", url=LIST, category=m.ColumnCategory.NOTICE),),
    )
    home = _page(HOME, PageFacts(url=HOME), depth=0)
    return SiteInput(site=site, unit=None, checkpoint=CP, pages=[home, *pages])


def _list(*dates: str) -> PageView:
    items = [ListItem(f"通知{i}", f"{HOME}tzgg/{i}.html", d) for i, d in enumerate(dates)]
    facts = PageFacts(url=LIST, page_type="list", column=ColumnInfo("通知公告", "通知公告", LIST))
    facts.list = ListFacts(items=items, newest_date=max(dates) if dates else None)
    return _page(LIST, facts)


def _mailbox(*letters: Letter) -> PageView:
    url = HOME + "hdjl/index.html"
    return _page(url, PageFacts(url=url, page_type="mailbox", letters=list(letters)))


def _article(url: str, title: str, day: str, links: tuple[str, ...] = ()) -> PageView:
    art = ArticleFacts(title=title, pub_date=day, interpretation_links=list(links))
    return _page(url, PageFacts(url=url, page_type="article", article=art))


def test_publications_counted_in_the_period_only() -> None:
    act = site_activity(_site(_list("2021-09-20", "2021-07-01", "2021-06-30", "2021-10-08")), PROFILE, SINCE)
    assert act.published == 2


def test_no_lists_no_publications() -> None:
    assert site_activity(_site(), PROFILE, SINCE).published == 0


def test_letters_received_replied_and_overdue() -> None:
    act = site_activity(
        _site(
            _mailbox(
                Letter("关于学校收费问题的反映（1）", "投诉", "2021-09-21", None, status="未回复"),
                Letter("关于道路维修的咨询", "咨询", "2021-07-05", "2021-07-08", status="已回复"),
                Letter("关于噪音扰民的投诉", "投诉", "2021-07-05", "2021-08-30", status="已回复"),
                Letter("关于低保申请的咨询", "咨询", "2021-08-02", None, status="已回复"),  # undated reply
                Letter("上季度的来信", "咨询", "2021-05-10", "2021-05-12", status="已回复"),
            )
        ),
        PROFILE,
        SINCE,
    )
    assert (act.received, act.replied, act.overdue) == (4, 3, 1)


def test_no_letters_in_the_period() -> None:
    act = site_activity(
        _site(_mailbox(Letter("上季度的来信", "咨询", "2021-05-10", "2021-05-12"))), PROFILE, SINCE
    )
    assert (act.received, act.replied, act.overdue) == (0, 0, 0)


def test_interpretations_text_and_picture_per_document() -> None:
    policy = HOME + "zcwj/1.html"
    act = site_activity(
        _site(
            _article(policy, "桐柏县人口发展规划（2021—2030年）", "2021-05-06", (HOME + "zcjd/1.html",)),
            _article(
                HOME + "zcjd/1.html", "《桐柏县人口发展规划（2021—2030年）》政策解读", "2021-05-07", (policy,)
            ),
            _article(
                HOME + "zcjd/2.html", "图解：桐柏县人口发展规划（2021—2030年）", "2021-05-08", (policy,)
            ),
            _article(HOME + "zcjd/3.html", "一图读懂桐柏县“四上”企业培育入库实施方案", "2021-06-01"),
            _article(HOME + "zcjd/4.html", "2020年工作方案解读", "2020-06-01"),  # an earlier year
            _article(HOME + "xwdt/1.html", "县发改委召开重点项目推进会", "2021-09-01"),
        ),
        PROFILE,
        SINCE,
    )
    assert sorted(act.interpretations) == sorted(
        [("桐柏县人口发展规划（2021—2030年）", 1, 1), ("桐柏县“四上”企业培育入库实施方案", 0, 1)]
    )


def test_no_interpretations_without_interpretation_articles() -> None:
    act = site_activity(
        _site(_article(HOME + "xwdt/1.html", "县发改委召开重点项目推进会", "2021-09-01")), PROFILE, SINCE
    )
    assert act.interpretations == []


def test_period_start_from_round() -> None:
    def rnd(name: str, period_start: dt.date | None = None) -> m.Round:
        return m.Round(name=name, checkpoint=CP, period_start=period_start)

    assert round_period_start(rnd("2021Q3")) == dt.date(2021, 7, 1)
    assert round_period_start(rnd("2023H1")) == dt.date(2023, 1, 1)
    assert round_period_start(rnd("R")) == dt.date(2021, 7, 1)
    assert round_period_start(rnd("R", dt.date(2021, 1, 1))) == dt.date(2021, 1, 1)
