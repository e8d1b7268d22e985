"""Chinese working-day arithmetic (法定节假日 and 调休 make-up days) for deadlines.

Backed by `chinesecalendar`; for years it does not cover, Monday–Friday count as working days.
"""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar

log = logging.getLogger(__name__)
_warned_years: set[int] = set()


def is_workday(day: dt.date) -> bool:
    """True if `day` is a working day in mainland China (make-up Saturdays/Sundays included)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            log.warning("节假日数据未覆盖 %s 年，按周一至周五计算工作日", day.year)
        return day.weekday() < 5


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The date `n` working days after `start` (start itself not counted); n = 0 returns start."""
    if n < 0:
        raise ValueError("工作日数不能为负数")
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            left -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day):
            count += 1
    return count
