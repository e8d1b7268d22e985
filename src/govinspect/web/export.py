"""Tables the platform offers for download, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from govinspect.store import ROLES, AuditRow
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
    w.writerow(["时间", "操作人", "操作", "对象", "变更", "地址", "说明"])
    for a in rows:
        w.writerow([cell(v) for v in (fmt_time(a.at), a.actor, a.action, a.object, change_text(a.before, a.after),
                                       a.ip, a.detail)])  # fmt: skip
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


CHANGE_LABELS = {
    "role": "角色", "unit": "所属单位", "active": "允许登录", "revoked": "已停用", "name": "名称",
    "state": "审核状态", "reason": "理由", "status": "状态", "status_date": "状态日期", "url": "网址",
    "home_url": "首页网址", "kind": "类别", "profile": "评分规则", "checkpoint": "检查时点",
}  # fmt: skip


def change_text(before: dict[str, object] | None, after: dict[str, object] | None) -> str:
    """An audit entry's change for people: “角色：督查员 → 审核员；允许登录：是 → 否”."""
    before, after = before or {}, after or {}
    parts = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = _value(key, before.get(key)), _value(key, after.get(key))
        label = CHANGE_LABELS.get(key, key)
        if key not in before:
            parts.append(f"{label}：{new}")
        elif key not in after:
            parts.append(f"{label}：{old} → （删除）")
        elif old != new:
            parts.append(f"{label}：{old} → {new}")
    return "；".join(parts)


def _value(key: str, value: object) -> str:
    if value is None or value == "":
        return "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "role" and isinstance(value, str):
        return ROLES.get(value, value)
    if isinstance(value, list | tuple):
        return "、".join(_value(key, v) for v in value) or "无"
    if isinstance(value, dict):
        return "，".join(f"{CHANGE_LABELS.get(str(k), k)} {_value(str(k), v)}" for k, v in value.items())
    return str(value)
