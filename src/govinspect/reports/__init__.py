"""govinspect.reports: the quarterly notice (通报) as .docx/.md/.html, attachments .xlsx, charts, 整改通知单.

Public API: `RoundReport` and its row types (govinspect.reports.data), `write_reports` and
`render_notice` (govinspect.reports.render). Imported lazily so `import govinspect.reports` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govinspect.reports.data import RoundReport
    from govinspect.reports.render import ReportFiles, render_notice, write_reports

__all__ = ["ReportFiles", "RoundReport", "render_notice", "write_reports"]


def __getattr__(name: str) -> Any:
    if name == "RoundReport":
        from govinspect.reports import data

        return data.RoundReport
    if name in ("ReportFiles", "render_notice", "write_reports"):
        from govinspect.reports import render

        return getattr(render, name)
    raise AttributeError(name)
