"""govinspect.reports: the quarterly notice (通报) as .docx/.md/.html, attachments .xlsx, charts, 整改通知单.

Public API: `RoundReport` and its row types, `write_reports` and `render_notice`. Other stages import
from this package only; its modules are internal and imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govinspect.lazy import lazy_exports

if TYPE_CHECKING:
    from govinspect.reports.data import (
        AccountGroupRow,
        AccountResult,
        AccountRow,
        ApplicationStats,
        DisclosureRow,
        HistoryPoint,
        InterpretationRow,
        Issuer,
        MailboxRow,
        NoticeBlanks,
        RectificationStatus,
        RoundReport,
        SiteRow,
        level_of,
    )
    from govinspect.reports.evidence import check_label
    from govinspect.reports.figures import group_row
    from govinspect.reports.render import ReportFiles, render_notice, write_reports

_EXPORTS = {
    "AccountGroupRow": "govinspect.reports.data",
    "AccountResult": "govinspect.reports.data",
    "AccountRow": "govinspect.reports.data",
    "ApplicationStats": "govinspect.reports.data",
    "DisclosureRow": "govinspect.reports.data",
    "check_label": "govinspect.reports.evidence",
    "group_row": "govinspect.reports.figures",
    "HistoryPoint": "govinspect.reports.data",
    "InterpretationRow": "govinspect.reports.data",
    "NoticeBlanks": "govinspect.reports.data",
    "Issuer": "govinspect.reports.data",
    "level_of": "govinspect.reports.data",
    "MailboxRow": "govinspect.reports.data",
    "RectificationStatus": "govinspect.reports.data",
    "render_notice": "govinspect.reports.render",
    "ReportFiles": "govinspect.reports.render",
    "RoundReport": "govinspect.reports.data",
    "SiteRow": "govinspect.reports.data",
    "write_reports": "govinspect.reports.render",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)  # importing the package stays cheap

__all__ = [
    "AccountGroupRow",
    "AccountResult",
    "AccountRow",
    "ApplicationStats",
    "DisclosureRow",
    "HistoryPoint",
    "InterpretationRow",
    "Issuer",
    "MailboxRow",
    "NoticeBlanks",
    "RectificationStatus",
    "ReportFiles",
    "RoundReport",
    "SiteRow",
    "check_label",
    "group_row",
    "level_of",
    "render_notice",
    "write_reports",
]
