"""Chinese date formats, URL dates, month-day dates completed with a year."""

from __future__ import annotations

import pytest

from govinspect.extract.dates import date_from_url, find_dates, parse_date, short_date, year_in_heading


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-06-20", "2023-06-20"),
        ("2023/6/2", "2023-06-02"),
        ("2023.06.20", "2023-06-20"),
        ("2023年6月20日", "2023-06-20"),
        ("2020年09月15日 09时32分", "2020-09-15 09:32"),
        ("2023-08-19 10∶08", "2023-08-19 10:08"),
        ("2023-11-30  14:52", "2023-11-30 14:52"),
        ("2024.09.30 09:24:36 GMT+08:00", "2024-09-30 09:24:36"),
        ("发布时间：2024-06-25 10:03:27", "2024-06-25 10:03:27"),
    ],
)
def test_full_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text", ["2024年1-2月统计表", "2023-13-01", "2023-02-30", "12023-06-20", "20 25 年 3 月"]
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_url_dates():
    assert date_from_url("http://a.cn/zwgk/202306/t20230620_123.html") == "2023-06-20"
    assert date_from_url("http://a.cn/art/2022/1/20/art_12377_1.html") == "2022-01-20"
    assert date_from_url("http://a.cn/2023-06/20/content_1.htm") == "2023-06-20"
    assert date_from_url("http://a.cn/index.html") is None


def test_month_day_with_year_from_url_or_heading():
    assert short_date("[06-20]", "./202306/t20230620_1.html", None) == "2023-06-20"
    assert short_date("[06-20]", "/news/1.html", 2021) == "2021-06-20"
    assert short_date("6月20日", None, 2022) == "2022-06-20"
    assert short_date("[06-20]", "/news/1.html", None) is None
    assert year_in_heading("2023年通知公告") == 2023
    assert year_in_heading("2023年6月") is None
