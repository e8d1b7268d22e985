"""Manual (人工) findings: problems an inspector sees that automation cannot (首页排版混乱, 飘窗过大 …).

Entered one at a time from the CLI (`manual_finding`) or in bulk from XLSX/CSV
(`load_manual_findings`, all-or-nothing: every bad row is reported with file, row and column).
They are scored like any other finding and marked `manual=True`.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govinspect.checks.common import parse_time
from govinspect.model import TZ, Evidence, Finding, TargetKind

HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("对象类型", "类型"),
    "target": ("对象", "网站标识码", "账号", "检查对象"),
    "code": ("指标代码", "问题代码", "代码"),
    "message": ("问题描述", "存在问题", "问题"),
    "url": ("网址", "页面地址", "链接"),
    "at": ("检查时间", "发现时间"),
    "points": ("扣分", "扣分值"),
    "veto": ("单项否决", "单否"),
    "inspector": ("检查人",),
    "note": ("备注",),
}
REQUIRED = ("target", "code", "message")
TRUE_WORDS = ("是", "单否", "单项否决", "Y", "y", "1", "true", "True")
FALSE_WORDS = ("", "否", "N", "n", "0", "false", "False")


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file} 第{self.row}行「{self.column}」列：{self.message}"


class ManualImportError(ValueError):
    """The file was not imported; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("人工检查结果导入失败：\n" + "\n".join(str(e) for e in errors))


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
        code=code,
        target_kind=kind,
        target=target,
        message=message,
        evidence=Evidence(url=url, captured_at=at, detail=detail),
        manual=True,
    )


def _rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
        return rows
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [list(r) for r in csv.reader(fh)]
    raise ManualImportError([RowError(path.name, 0, "-", "仅支持 .xlsx 或 .csv 文件")])


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def load_manual_findings(path: str | Path) -> list[Finding]:
    """Read 人工 findings from XLSX/CSV; raise ManualImportError listing every bad row."""
    p = Path(path)
    name = p.name
    if not p.exists():
        raise ManualImportError([RowError(name, 0, "-", "文件不存在")])
    rows = _rows(p)
    if not rows:
        raise ManualImportError([RowError(name, 1, "-", "文件为空")])
    header = [_cell(h) for h in rows[0]]
    cols: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                cols[key] = i
                break
    errors = [RowError(name, 1, HEADERS[k][0], "缺少该列") for k in REQUIRED if k not in cols]
    if errors:
        raise ManualImportError(errors)
    out: list[Finding] = []
    for rno, row in enumerate(rows[1:], start=2):
        cells = {k: (row[i] if i < len(row) else None) for k, i in cols.items()}
        if all(_cell(v) == "" for v in cells.values()):
            continue
        row_errors: list[RowError] = []
        for k in REQUIRED:
            if _cell(cells.get(k)) == "":
                row_errors.append(RowError(name, rno, HEADERS[k][0], "不能为空"))
        kind = TargetKind.SITE
        ktext = _cell(cells.get("kind"))
        if ktext:
            try:
                kind = TargetKind(ktext)
            except ValueError:
                row_errors.append(
                    RowError(name, rno, HEADERS["kind"][0], f"“{ktext}”应为“网站”或“政务新媒体”")
                )
        code = _cell(cells.get("code"))
        if code and ("." not in code or " " in code):
            row_errors.append(
                RowError(name, rno, HEADERS["code"][0], f"“{code}”格式不正确，应形如 manual.layout")
            )
        points: float | None = None
        ptext = _cell(cells.get("points"))
        if ptext:
            try:
                points = float(ptext)
                if points < 0:
                    raise ValueError
            except ValueError:
                row_errors.append(RowError(name, rno, HEADERS["points"][0], f"“{ptext}”不是非负数"))
        veto: bool | None = None
        vtext = _cell(cells.get("veto"))
        if vtext in TRUE_WORDS:
            veto = True
        elif vtext and vtext not in FALSE_WORDS:
            row_errors.append(RowError(name, rno, HEADERS["veto"][0], f"“{vtext}”应为“是”或“否”"))
        elif vtext:
            veto = False
        at: dt.datetime | None = None
        raw_at = cells.get("at")
        if isinstance(raw_at, dt.datetime):
            at = raw_at if raw_at.tzinfo else raw_at.replace(tzinfo=TZ)
        elif isinstance(raw_at, dt.date):
            at = dt.datetime.combine(raw_at, dt.time(), tzinfo=TZ)
        elif _cell(raw_at):
            at = parse_time(_cell(raw_at))
            if at is None:
                row_errors.append(RowError(name, rno, HEADERS["at"][0], f"“{_cell(raw_at)}”不是有效日期"))
        if row_errors:
            errors.extend(row_errors)
            continue
        out.append(
            manual_finding(
                _cell(cells["target"]),
                code,
                _cell(cells["message"]),
                kind=kind,
                url=_cell(cells.get("url")),
                at=at,
                points=points,
                veto=veto,
                inspector=_cell(cells.get("inspector")) or None,
                note=_cell(cells.get("note")) or None,
            )
        )
    if errors:
        raise ManualImportError(errors)
    return out
