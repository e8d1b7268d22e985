"""整改报告报送情况 derived from the tasks: which units had not handed in their 整改报告 by the deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from govinspect.rectify.tasks import Task, submitted_late


@dataclass(frozen=True, slots=True)
class ReportStatus:
    """What the next notice says of an earlier round's 整改: the notice, its deadline, who did not report."""

    notice_title: str
    notice_date: dt.date
    due: dt.date
    as_of: dt.date
    missing_units: tuple[str, ...]


def report_status(tasks: Sequence[Task], as_of: dt.date) -> ReportStatus | None:
    """The round's 整改报告报送情况 as of a day after its deadline; None before that or with no task issued."""
    issued = [t for t in tasks if t.issued_on is not None and t.deadline is not None]
    if not issued:
        return None
    due = max(t.deadline for t in issued if t.deadline is not None)
    if as_of <= due:
        return None
    first = min(issued, key=lambda t: (t.issued_on, t.id))
    assert first.issued_on is not None
    return ReportStatus(
        notice_title=first.notice_title,
        notice_date=first.issued_on,
        due=due,
        as_of=as_of,
        missing_units=tuple(dict.fromkeys(t.unit for t in issued if submitted_late(t))),
    )
