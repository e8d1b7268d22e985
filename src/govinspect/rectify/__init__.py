"""整改闭环: 整改任务 per unit and round, their states and moves, the unit's submission and files.

The re-check that fetches pages lives in `govinspect.jobs.recheck` (it wires crawl and checks).
"""

from govinspect.rectify.files import check_file, store_file
from govinspect.rectify.followup import (
    Problem,
    ReportStatus,
    accounts_to_close,
    counted,
    repeat_offences,
    report_status,
)
from govinspect.rectify.states import MOVES, Move, Recheck, State
from govinspect.rectify.submission import submit
from govinspect.rectify.tasks import (
    Item,
    RectifyError,
    Task,
    check_move,
    counts,
    create_tasks,
    get_task,
    list_tasks,
    precheck_due,
    submitted_late,
    transition,
)

__all__ = [
    "MOVES",
    "Item",
    "Move",
    "Problem",
    "Recheck",
    "RectifyError",
    "ReportStatus",
    "State",
    "Task",
    "accounts_to_close",
    "check_file",
    "check_move",
    "counted",
    "counts",
    "create_tasks",
    "get_task",
    "list_tasks",
    "precheck_due",
    "repeat_offences",
    "report_status",
    "store_file",
    "submit",
    "submitted_late",
    "transition",
]
