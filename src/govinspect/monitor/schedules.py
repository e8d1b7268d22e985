"""Schedules as data: the default set, trigger lines ("every 30m" or 5-field cron), next run times,
and the "数据已过期" check of the scheduler itself.

APScheduler's triggers do the calendar arithmetic; the schedule rows in the store say what runs when.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from govinspect.errors import UserError
from govinspect.model import TZ

JOBS = {
    "probe": "首页可用性监测",
    "daily": "首页、重点栏目和新媒体日常巡检",
    "weekly": "网站全面检查",
    "rectify": "整改复查",
    "digest": "每日汇总",
}

WATCHED_JOBS = ("probe", "daily", "weekly")  # jobs that fetch: "数据已过期" when they stop producing


@dataclass(frozen=True, slots=True)
class DefaultSchedule:
    name: str
    job: str
    trigger: str


# The defaults: ≥ 20 probes a day (every 30 min), a daily pass, a weekly full crawl,
# nightly 整改 re-check, a morning digest inside the sending window.
DEFAULT_SCHEDULES = (
    DefaultSchedule("首页可用性监测", "probe", "every 30m"),
    DefaultSchedule("每日巡检", "daily", "0 6 * * *"),
    DefaultSchedule("每周全面检查", "weekly", "0 1 * * 1"),
    DefaultSchedule("整改复查", "rectify", "0 2 * * *"),
    DefaultSchedule("每日汇总", "digest", "30 8 * * *"),
)

_EVERY = re.compile(r"^every\s+(\d+)\s*([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ANCHOR = dt.datetime(2000, 1, 3, tzinfo=TZ)  # intervals run on a grid from a Monday midnight


def parse_trigger(line: str) -> BaseTrigger:
    """The APScheduler trigger of a schedule line; a line that is neither form is refused in Chinese."""
    text = line.strip()
    m = _EVERY.match(text)
    if m:
        n = int(m.group(1))
        if n <= 0:
            raise UserError(f"计划“{line}”的间隔必须大于 0")
        return IntervalTrigger(**{_UNITS[m.group(2)]: n}, start_date=_ANCHOR, timezone=TZ)
    fields = text.split()
    if len(fields) == 5:  # cron counts weekdays from Sunday (0 or 7), APScheduler from Monday: use names
        fields[4] = re.sub(
            r"\d+", lambda d: _WEEKDAYS[int(d.group())] if int(d.group()) < 8 else d.group(), fields[4]
        )
    try:
        return CronTrigger.from_crontab(" ".join(fields), timezone=TZ)
    except ValueError:
        raise UserError(
            f"计划“{line}”无法识别：请写作“every 30m”（间隔，单位 m/h/d）或 5 段 cron 表达式（如“0 6 * * *”）"
        ) from None


def next_run(line: str, after: dt.datetime) -> dt.datetime:
    """The first fire time strictly after `after`."""
    fire: dt.datetime | None = parse_trigger(line).get_next_fire_time(
        None, after + dt.timedelta(microseconds=1)
    )
    if fire is None:  # pragma: no cover - cron lines always fire again
        raise UserError(f"计划“{line}”不会再运行")
    return fire.astimezone(TZ)


def period(line: str, at: dt.datetime) -> dt.timedelta:
    """How long between two runs from `at` (an interval's length; a cron line's next gap)."""
    first = next_run(line, at)
    return next_run(line, first) - first


def is_stale(
    line: str,
    now: dt.datetime,
    last_produced: dt.datetime | None,
    first_run: dt.datetime | None,
    planned: dt.datetime | None,
) -> bool:
    """True when a schedule has produced nothing for longer than twice its period.

    Measured from its last run with results, else from its first run, else (it never ran) from the
    time it was planned to run: a scheduler that stopped leaves its plans in the past.
    """
    since = last_produced or first_run or planned
    if since is None:
        return False
    return now - since > 2 * period(line, since)
