"""Attachments as .xlsx: one sheet per attachment table, styled frozen header, fitted widths."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from seed_reports import DENGZHOU_FAILING, TONGBAI_INTERPRETATIONS, XINXIANG_COUNTIES, XINXIANG_DEPTS

from govinspect.checks.catalog import check_catalog
from govinspect.reports import blocks as B
from govinspect.reports.render import ReportFiles
from govinspect.reports.xlsx_writer import write_xlsx


def test_one_sheet_per_attachment_with_frozen_header(files000: ReportFiles) -> None:
    wb = load_workbook(files000.attachments_xlsx)
    assert wb.sheetnames == ["附件1", "附件2", "问题明细"]
    ws = wb["附件1"]
    assert ws["A1"].value == "邓州市2023年上半年政府网站检查情况"
    assert [c.value for c in ws[2]] == ["序号", "单位", "网站名称", "结果", "存在问题"]
    assert ws.freeze_panes == "A3"
    assert ws["A2"].font.bold and ws["A2"].fill.fgColor.rgb.endswith("D9E1F2")
    assert [ws.cell(row=r, column=2).value for r in range(3, ws.max_row + 1)] == [
        u for u, *_ in DENGZHOU_FAILING
    ]
    assert ws.cell(row=3, column=1).value == 1  # numbers stay numbers
    assert ws.column_dimensions["E"].width > ws.column_dimensions["A"].width
    assert ws.auto_filter.ref == "A2:E24"


def test_evidence_sheet_lists_findings(files000: ReportFiles) -> None:
    ws = load_workbook(files000.attachments_xlsx)["问题明细"]
    header = ["单位", "检查对象", "检查项", "存在问题", "所在页面", "检查时间", "佐证", "规则依据"]
    assert [c.value for c in ws[2]] == header
    first = [c.value for c in ws[3]]
    assert first[0] == "市民政局" and first[2] == check_catalog()["column.blank"].name
    assert first[4].startswith("http://dz01.dengzhou.example/") and first[5] == "2023年6月20日 10:30"
    assert "最新信息：召开专题会议" in first[6] and "最新日期：2023年3月2日" in first[6]


def test_seed001_sheets_complete(files001: ReportFiles) -> None:
    wb = load_workbook(files001.attachments_xlsx)
    assert wb.sheetnames == ["附件1", "附件2", "附件3", "问题明细"]
    assert wb["附件1"].max_row == 2 + len(XINXIANG_COUNTIES)
    assert wb["附件2"].max_row == 2 + len(XINXIANG_DEPTS)
    assert wb["附件2"]["C3"].value == 100
    assert wb["附件3"].max_row == 2 + 13


def test_seed002_interpretation_sheet(files002: ReportFiles) -> None:
    ws = load_workbook(files002.attachments_xlsx)["附件4"]
    assert [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)] == [
        d for d, *_ in TONGBAI_INTERPRETATIONS
    ]


def test_no_tables_gives_a_placeholder_sheet(tmp_path: Path) -> None:
    wb = load_workbook(write_xlsx([B.Title("无附件")], tmp_path / "x.xlsx"))
    assert wb.sheetnames == ["附件"]


def test_duplicate_sheet_names_are_made_unique(tmp_path: Path) -> None:
    table = B.Table(["a"], [["1"]], name="附件1")
    wb = load_workbook(write_xlsx([table, table], tmp_path / "x.xlsx"))
    assert wb.sheetnames == ["附件1", "附件1(2)"]
