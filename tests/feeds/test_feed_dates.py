"""Feed dates become aware Asia/Shanghai datetimes; naive dates are Beijing time."""

from __future__ import annotations

import datetime as dt

from govinspect.feeds.dates import coerce_datetime, parse_datetime
from govinspect.model import TZ


def test_rfc822_with_offset() -> None:
    value = parse_datetime("Tue, 06 Jun 2023 09:30:00 +0800")
    assert value == dt.datetime(2023, 6, 6, 9, 30, tzinfo=TZ)


def test_rfc822_gmt_converted_to_beijing() -> None:
    value = parse_datetime("Tue, 06 Jun 2023 20:00:00 GMT")
    assert value is not None
    assert value.date() == dt.date(2023, 6, 7)
    assert value.utcoffset() == dt.timedelta(hours=8)


def test_naive_iso_is_beijing_not_utc() -> None:
    assert parse_datetime("2023-06-06 23:30:00") == dt.datetime(2023, 6, 6, 23, 30, tzinfo=TZ)


def test_iso_z() -> None:
    assert parse_datetime("2021-08-20T08:00:00Z") == dt.datetime(2021, 8, 20, 16, 0, tzinfo=TZ)


def test_chinese_forms() -> None:
    assert parse_datetime("2021年9月8日") == dt.datetime(2021, 9, 8, tzinfo=TZ)
    assert parse_datetime("2021/9/8 10:05") == dt.datetime(2021, 9, 8, 10, 5, tzinfo=TZ)
    assert parse_datetime("2021.09.08") == dt.datetime(2021, 9, 8, tzinfo=TZ)


def test_unreadable() -> None:
    assert parse_datetime("昨天") is None
    assert parse_datetime("2021-13-40") is None
    assert parse_datetime("") is None


def test_coerce_cells() -> None:
    assert coerce_datetime(dt.date(2023, 6, 6)) == dt.datetime(2023, 6, 6, tzinfo=TZ)
    assert coerce_datetime(dt.datetime(2023, 6, 6, 8)) == dt.datetime(2023, 6, 6, 8, tzinfo=TZ)
    assert coerce_datetime(12345) is None
