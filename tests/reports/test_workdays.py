"""Working-day deadlines: Chinese public holidays and 调休 make-up days count correctly."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from govinspect.calendar import add_workdays, is_workday, workdays_between


def test_dragon_boat_2023_holiday_and_makeup_sunday() -> None:
    # 2023-06-22..24 端午 holiday; Sunday 06-25 is a make-up working day.
    assert not is_workday(dt.date(2023, 6, 22))
    assert is_workday(dt.date(2023, 6, 25))
    assert add_workdays(dt.date(2023, 6, 21), 1) == dt.date(2023, 6, 25)
    assert add_workdays(dt.date(2023, 6, 21), 2) == dt.date(2023, 6, 26)


def test_national_day_2021_makeup_saturday() -> None:
    # 2021-10-09 (Saturday) was a make-up working day after 国庆.
    assert add_workdays(dt.date(2021, 10, 8), 1) == dt.date(2021, 10, 9)
    assert add_workdays(dt.date(2021, 10, 8), 2) == dt.date(2021, 10, 11)


def test_ordinary_weekend_is_skipped() -> None:
    assert add_workdays(dt.date(2023, 3, 3), 1) == dt.date(2023, 3, 6)  # Friday → Monday


def test_twenty_working_days_over_spring_festival() -> None:
    # 依申请公开: 20 working days from 2023-01-16: 01-17..20 (4), make-up 01-28 and 01-29 (6),
    # 01-30..02-03 (11), 02-06..10 (16), 02-13..16 (20); the 01-21..27 holiday does not count.
    assert add_workdays(dt.date(2023, 1, 16), 20) == dt.date(2023, 2, 16)
    assert add_workdays(dt.date(2023, 1, 20), 1) == dt.date(2023, 1, 28)


def test_zero_and_negative() -> None:
    assert add_workdays(dt.date(2023, 6, 24), 0) == dt.date(2023, 6, 24)
    with pytest.raises(ValueError):
        add_workdays(dt.date(2023, 6, 24), -1)


def test_workdays_between() -> None:
    assert workdays_between(dt.date(2023, 6, 21), dt.date(2023, 6, 26)) == 2
    assert workdays_between(dt.date(2023, 6, 26), dt.date(2023, 6, 21)) == 0


def test_years_without_holiday_data_fall_back_to_weekdays(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="govinspect.calendar"):
        assert is_workday(dt.date(2099, 1, 2))  # a Friday
        assert not is_workday(dt.date(2099, 1, 3))  # a Saturday
    assert add_workdays(dt.date(2099, 1, 2), 1) == dt.date(2099, 1, 5)
