"""整改报告报送情况 derived from the tasks: which units had not handed in their 整改报告 by the deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from govinspect import model as m
from govinspect.rectify.tasks import Task, counts, submitted_late

Problem = tuple[m.TargetKind, str, str]  # target kind, target, indicator code


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


def counted(results: Sequence[m.TargetResult], findings: Sequence[m.Finding]) -> set[Problem]:
    """The problems a round's notice names: its findings that count (`counts`), by target and indicator."""
    by_target = {(r.target_kind, r.target): r for r in results}
    out: set[Problem] = set()
    for f in findings:
        r = by_target.get((f.target_kind, f.target))
        if r is not None and counts(r, f):
            out.add((f.target_kind, f.target, f.code))
    return out


def repeat_offences(previous: set[Problem], current: set[Problem]) -> list[Problem]:
    """屡查屡犯: the same indicator on the same target in this round and the one before it."""
    return sorted(previous & current, key=lambda p: (p[0].value, p[1], p[2]))


def accounts_to_close(rounds: Sequence[set[Problem]], notices: int | None) -> list[str]:
    """Accounts named in at least `notices` rounds' notices (关停整合); none when the profile sets no number."""
    if not notices:
        return []
    named: dict[str, int] = {}
    for problems in rounds:
        for key in {t for kind, t, _ in problems if kind == m.TargetKind.ACCOUNT}:
            named[key] = named.get(key, 0) + 1
    return sorted(k for k, n in named.items() if n >= notices)
