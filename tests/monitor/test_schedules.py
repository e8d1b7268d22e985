"""Schedule lines, next runs and the "数据已过期" check of the scheduler itself."""

from __future__ import annotations

import datetime as dt

import pytest

from govinspect import model as m
from govinspect.errors import UserError
from govinspect.monitor import is_stale, next_run, period

T = dt.datetime(2023, 6, 20, 0, 10, tzinfo=m.TZ)  # a Tuesday


def test_interval_and_cron_lines() -> None:
    assert next_run("every 30m", T) == T.replace(minute=30)
    assert period("every 30m", T) == dt.timedelta(minutes=30)
    assert next_run("0 6 * * *", T) == T.replace(hour=6, minute=0)
    assert next_run("0 1 * * 1", T) == dt.datetime(2023, 6, 26, 1, 0, tzinfo=m.TZ)  # cron's 1 is Monday
    assert next_run("0 1 * * 0", T) == dt.datetime(2023, 6, 25, 1, 0, tzinfo=m.TZ)  # and 0 Sunday
    assert period("0 1 * * 1", T) == dt.timedelta(days=7)


@pytest.mark.parametrize("line", ["every 0m", "every 5 weeks", "0 6 * *", "61 * * * *", "每天"])
def test_bad_lines_are_refused_in_chinese(line: str) -> None:
    with pytest.raises(UserError, match="计划"):
        next_run(line, T)


def test_stale_after_twice_the_period_without_results() -> None:
    last = T - dt.timedelta(minutes=61)
    assert is_stale("every 30m", T, last, None, None)
    assert is_stale("every 30m", T, None, None, T - dt.timedelta(hours=2))  # planned, never ran
    assert is_stale("every 30m", T, None, T - dt.timedelta(hours=2), None)  # ran, never produced


def test_not_stale_within_twice_the_period() -> None:
    assert not is_stale("every 30m", T, T - dt.timedelta(minutes=59), None, None)
    assert not is_stale("0 6 * * *", T, T - dt.timedelta(hours=30), None, None)
    assert not is_stale("every 30m", T, None, None, None)
