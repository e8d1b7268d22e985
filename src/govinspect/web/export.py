"""Tables the platform offers for download, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from govinspect.store.users import AuditRow
from govinspect.web.queries import ResultView, fmt_time

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


def audit_csv(rows: Sequence[AuditRow]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["时间", "操作人", "操作", "对象", "变更前", "变更后", "地址", "说明"])
    for a in rows:
        w.writerow([cell(v) for v in (fmt_time(a.at), a.actor, a.action, a.object, _json(a.before), _json(a.after),
                                       a.ip, a.detail)])  # fmt: skip
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _json(value: object) -> str:
    import json

    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
