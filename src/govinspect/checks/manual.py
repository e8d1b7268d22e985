"""Manual (人工) findings: problems an inspector sees that automation cannot (首页排版混乱, 飘窗过大 …).

Entered one at a time from the CLI (`manual_finding`) or in bulk from XLSX/CSV
(`load_manual_findings`, all-or-nothing: every bad cell is reported with file, sheet, row and
column by `govinspect.tables`).
They are scored like any other finding and marked `manual=True`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govinspect.checks.common import parse_time
from govinspect.model import TZ, Evidence, Finding, TargetKind
from govinspect.rules import canonical_code
from govinspect.tables import Field, ImportRefused, Layout, Problem, read_tables, table_rows

WHAT = "人工检查结果"
LAYOUT = Layout(
    "manual",
    (
        Field("kind", ("对象类型", "类型")),
        Field("target", ("对象", "网站标识码", "账号", "检查对象"), required=True),
        Field("code", ("指标代码", "问题代码", "代码"), required=True),
        Field("message", ("问题描述", "存在问题", "问题"), required=True),
        Field("url", ("网址", "页面地址", "链接")),
        Field("at", ("检查时间", "发现时间")),
        Field("points", ("扣分", "扣分值")),
        Field("veto", ("单项否决", "单否")),
        Field("inspector", ("检查人",)),
        Field("note", ("备注",)),
    ),
)
TRUE_WORDS = ("是", "单否", "单项否决", "Y", "y", "1", "true", "True")
FALSE_WORDS = ("", "否", "N", "n", "0", "false", "False")


def manual_finding(
    target: str,
    code: str,
    message: str,
    *,
    kind: TargetKind = TargetKind.SITE,
    url: str = "",
    at: dt.datetime | None = None,
    points: float | None = None,
    veto: bool | None = None,
    inspector: str | None = None,
    note: str | None = None,
) -> Finding:
    """One 人工 finding. `points` / `veto` override the profile's rule for this finding."""
    if "." not in code:
        raise ValueError(f"指标代码“{code}”格式不正确，应形如 manual.layout")
    detail: dict[str, Any] = {"source": "人工"}
    if points is not None:
        detail["points"] = points
    if veto is not None:
        detail["veto"] = veto
    if inspector:
        detail["inspector"] = inspector
    if note:
        detail["note"] = note
    return Finding(
        code=canonical_code(code),  # a renamed code (catalogue redirects) is recorded under its new code
        target_kind=kind,
        target=target,
        message=message,
        evidence=Evidence(url=url, captured_at=at, detail=detail),
        manual=True,
    )


def load_manual_findings(path: str | Path) -> list[Finding]:
    """Read 人工 findings from XLSX/XLS/CSV; raise `ImportRefused` naming every bad cell."""
    problems: list[Problem] = []
    out: list[Finding] = []
    for row in table_rows(read_tables(Path(path), [LAYOUT], what=WHAT)):
        before = len(problems)
        for key in ("target", "code", "message"):
            if not row.text(key):
                problems.append(row.problem(key, "不能为空"))
        kind = TargetKind.SITE
        if ktext := row.text("kind"):
            try:
                kind = TargetKind(ktext)
            except ValueError:
                problems.append(row.problem("kind", f"“{ktext}”应为“网站”或“政务新媒体”"))
        code = row.text("code")
        if code and ("." not in code or " " in code):
            problems.append(row.problem("code", f"“{code}”格式不正确，应形如 manual.layout"))
        points: float | None = None
        if ptext := row.text("points"):
            try:
                points = float(ptext)
                if points < 0:
                    raise ValueError
            except ValueError:
                problems.append(row.problem("points", f"“{ptext}”不是非负数"))
        veto: bool | None = None
        vtext = row.text("veto")
        if vtext in TRUE_WORDS:
            veto = True
        elif vtext and vtext not in FALSE_WORDS:
            problems.append(row.problem("veto", f"“{vtext}”应为“是”或“否”"))
        elif vtext:
            veto = False
        at: dt.datetime | None = None
        raw_at = row.values.get("at")
        if isinstance(raw_at, dt.datetime):
            at = raw_at if raw_at.tzinfo else raw_at.replace(tzinfo=TZ)
        elif isinstance(raw_at, dt.date):
            at = dt.datetime.combine(raw_at, dt.time(), tzinfo=TZ)
        elif row.text("at"):
            at = parse_time(row.text("at"))
            if at is None:
                problems.append(row.problem("at", f"“{row.text('at')}”不是有效日期"))
        if len(problems) > before:
            continue
        out.append(
            manual_finding(
                row.text("target"),
                code,
                row.text("message"),
                kind=kind,
                url=row.text("url"),
                at=at,
                points=points,
                veto=veto,
                inspector=row.text("inspector") or None,
                note=row.text("note") or None,
            )
        )
    if problems:
        raise ImportRefused(problems, WHAT)
    return out
