"""Tables the platform offers for download, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from govinspect.web.queries import ResultView

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """A cell as text; one that a spreadsheet would run as a formula is prefixed with ' (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def results_csv(rows: Sequence[ResultView]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["名称", "类别", "标识", "单位", "得分", "结论", "单项否决", "扣分", "存在问题"])
    for r in rows:
        score = "" if r.score is None else f"{r.score:g}"
        deducted = f"{r.deducted:g}" if r.deductions else ""
        w.writerow([cell(v) for v in (r.name, r.target_kind, r.target, r.unit, score, r.verdict,
                                       "、".join(r.veto_names), deducted, r.summary)])  # fmt: skip
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
