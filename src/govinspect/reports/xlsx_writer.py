"""Write the notice's attachment tables (and the evidence list) as an .xlsx, one sheet per table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import govinspect.reports.blocks as B
from govinspect.privacy import mask_personal_data
from govinspect.reports.docx_writer import char_width

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEAD_FONT = Font(name="黑体", bold=True, size=11)
_BODY_FONT = Font(name="仿宋", size=11)
_TITLE_FONT = Font(name="方正小标宋简体", size=14, bold=True)
HEADER_ROW = 2  # row 1 is the attachment title; data starts on row 3


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    out, n = base, 2
    while out in used:
        suffix = f"({n})"
        out = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(out)
    return out


def write_sheet(ws: Worksheet, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Title row, styled header row, bordered cells, fitted widths, frozen header, autofilter.

    Every text cell passes through `mask_personal_data`: no sheet shows a personal number in full.
    """
    ncols = len(header)
    ws.cell(row=1, column=1, value=mask_personal_data(title)).font = _TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 28
    for c, text in enumerate(header, 1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=text)
        cell.font, cell.fill, cell.border = _HEAD_FONT, _HEAD_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [char_width(str(h)) for h in header]
    for r, row in enumerate(rows, HEADER_ROW + 1):
        for c, value in enumerate(row, 1):
            if isinstance(value, str):
                value = mask_personal_data(value)
            number, fmt = _number(value)
            cell = ws.cell(row=r, column=c, value=number)
            if fmt:
                cell.number_format = fmt
            cell.font, cell.border = _BODY_FONT, _BOX
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            widths[c - 1] = max(widths[c - 1], char_width(str(value)))
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = min(60.0, max(6.0, w * 2.1 + 2))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    if rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncols)}{HEADER_ROW + len(rows)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if ncols > 5 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


_DECIMAL = re.compile(r"(?:0|[1-9]\d{0,5})(?:\.(\d{1,4}))?")  # no leading zero: 0371 stays text
_PERCENT = re.compile(r"((?:0|[1-9]\d{0,2})(?:\.(\d{1,4}))?)%")


def _number(value: object) -> tuple[object, str | None]:
    """Counts, scores and rates as numbers so the office can sort and sum them: (value, number format).

    "87" → 87, "87.5" → 87.5, "95.9%" → 0.959 shown as 0.0% (the printed rate, same decimals). Codes
    (网站标识码, 10 digits and more) and anything else stay text.
    """
    if not isinstance(value, str):
        return value, None
    if mt := _PERCENT.fullmatch(value):
        places = len(mt[2] or "")
        return float(Decimal(mt[1]) / 100), "0" + ("." + "0" * places if places else "") + "%"
    if mt := _DECIMAL.fullmatch(value):
        return (float(value), "0." + "0" * len(mt[1])) if mt[1] else (int(value), None)
    return value, None


def write_xlsx(
    blocks: Sequence[B.Block],
    path: Path,
    extra_sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]] = (),
) -> Path:
    """One sheet per attachment table (named 附件1 …), then `extra_sheets` (name, header, rows)."""
    wb = Workbook()
    first = wb.active
    used: set[str] = set()
    current: B.Attachment | None = None
    for b in blocks:
        if isinstance(b, B.Attachment):
            current = b
        elif isinstance(b, B.Table):
            label = b.name or (current.label if current else "表")
            title = current.title if current else label
            ws = wb.create_sheet(_sheet_name(label, used))
            write_sheet(ws, title, b.header, b.rows)
    for name, header, rows in extra_sheets:
        ws = wb.create_sheet(_sheet_name(name, used))
        write_sheet(ws, name, header, rows)
    if first is not None and len(wb.sheetnames) > 1:
        wb.remove(first)
    elif first is not None:
        first.title = "附件"
        first["A1"] = "本期通报无附件表格"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path
