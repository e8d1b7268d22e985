"""Ledger import (XLSX/XLS/CSV): the seed fixtures read as the notices state them; bad files name file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ledger_fixtures import DENGZHOU_MISSING, DENGZHOU_RECTIFICATION, TONGBAI_APPLICATIONS
from openpyxl import Workbook

from govinspect.jobs.ledgers import (
    application_stats,
    mailbox_rows,
    read_ledger_file,
    rectification_status,
)
from govinspect.tables import ImportRefused


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_tongbai_applications_14_received_10_on_time() -> None:
    got = read_ledger_file(TONGBAI_APPLICATIONS)
    stats = application_stats(got["applications"], dt.date(2021, 9, 30))
    assert stats is not None
    assert (stats.received, stats.answered_on_time, stats.reviews) == (14, 10, 4)
    assert stats.late_units == ("县自然资源局", "县发改委", "县环保局", "桐柏化工产业集聚区")


def test_application_on_the_20th_working_day_is_on_time_the_21st_late() -> None:
    # 2021-09-01 (Wed) + 20 working days (中秋 9/19–21 off, 9/18 Sat worked) = 2021-09-29
    rows = [
        {"unit": "甲", "received": "2021-09-01", "answered": "2021-09-29"},
        {"unit": "乙", "received": "2021-09-01", "answered": "2021-09-30"},
        {"unit": "丙", "received": "2021-09-28", "answered": None},  # still within its time limit
    ]
    stats = application_stats(rows, dt.date(2021, 9, 30))
    assert stats is not None
    assert (stats.received, stats.answered_on_time, stats.late_units) == (3, 1, ("乙",))


def test_no_application_rows_no_section() -> None:
    assert application_stats([], dt.date(2021, 9, 30)) is None


def test_dengzhou_rectification_non_submitters() -> None:
    got = read_ledger_file(DENGZHOU_RECTIFICATION)
    status = rectification_status(got["rectification"], got["rectification_notice"], dt.date(2023, 6, 30))
    assert status is not None
    assert status.missing_units == tuple(DENGZHOU_MISSING)
    assert status.notice_title == "关于进一步做好全市政府网站问题整改及自查管理工作的通知"
    assert (status.notice_date, status.due, status.as_of, status.explain_by) == (
        dt.date(2023, 6, 16),
        dt.date(2023, 6, 19),
        dt.date(2023, 6, 20),
        dt.date(2023, 6, 26),
    )


def test_late_report_counts_as_not_submitted(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "z.xlsx",
        {"整改报告报送": [["单位", "报送日期"], ["市审计局", "2023-06-19"], ["市民政局", "2023-06-21"]]},
    )
    notice = {"title": "整改通知", "date": dt.date(2023, 6, 16), "due": dt.date(2023, 6, 19)}
    got = read_ledger_file(path, notice)
    status = rectification_status(got["rectification"], got["rectification_notice"], dt.date(2023, 6, 22))
    assert status is not None and status.missing_units == ("市民政局",)
    assert status.as_of == dt.date(2023, 6, 22)


def test_rectification_without_notice_fields_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "z.xlsx", {"整改报告报送": [["单位", "是否报送"], ["市审计局", "是"]]})
    with pytest.raises(ImportRefused, match="缺少整改通知信息") as e:
        read_ledger_file(path)
    assert {p.column for p in e.value.problems} == {"通知名称", "下发日期", "报送截止日期"}


def test_mailbox_ledger_rows_merge_units(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "x.xlsx",
        {
            "县长信箱": [
                ["单位", "收到", "已回复"],
                ["县教体局", 27, 0],
                ["县市场监管局", 2, 2],
                ["县教体局", 1, 1],
            ]
        },
    )
    rows = {r.unit: (r.received, r.replied) for r in mailbox_rows(read_ledger_file(path)["mailbox"])}
    assert rows == {"县教体局": (28, 1), "县市场监管局": (2, 2)}


def test_every_bad_cell_is_named_and_nothing_is_read(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "bad.xlsx",
        {
            "依申请公开": [
                ["单位", "收到日期", "答复日期", "是否引起复议/诉讼"],
                ["县发改委", "2021-13-01", "2021-05-01", "是"],
                ["", "2021-04-01", None, "否"],
                ["县环保局", "2021-06-07", "2021-06-01", "也许"],
            ],
            "县长信箱": [["单位", "收到", "已回复"], ["县教体局", "二十七", 0], ["县城管局", 1, 2]],
        },
    )
    with pytest.raises(ImportRefused) as e:
        read_ledger_file(path)
    where = {(p.sheet, p.row, p.column) for p in e.value.problems}
    assert where == {
        ("依申请公开", 2, "收到日期"),
        ("依申请公开", 3, "单位"),
        ("依申请公开", 4, "答复日期"),
        ("依申请公开", 4, "是否引起复议/诉讼"),
        ("县长信箱", 2, "收到"),
        ("县长信箱", 3, "已回复"),
    }
    text = str(e.value)
    assert "文件 bad.xlsx，工作表 依申请公开，第 2 行，“收到日期”列：“2021-13-01”不是有效日期" in text
    assert "未写入任何数据" in text


def test_missing_column_and_unknown_sheets(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "c.xlsx", {"依申请公开": [["单位", "答复日期"], ["县发改委", "2021-05-01"]]})
    with pytest.raises(ImportRefused, match="“收到日期”列：缺少该列"):
        read_ledger_file(path)
    other = _xlsx(tmp_path / "o.xlsx", {"Sheet1": [["序号", "名称"], [1, "县发改委"]]})
    with pytest.raises(ImportRefused, match="工作表 Sheet1：前 10 行中找不到可识别的表头"):
        read_ledger_file(other)
    csv = tmp_path / "a.csv"
    csv.write_text("单位\n县发改委\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="“是否报送”列：缺少该列（或“报送日期”列）"):
        read_ledger_file(csv)
    with pytest.raises(ImportRefused, match="文件不存在"):
        read_ledger_file(tmp_path / "none.xlsx")


def test_gbk_csv_ledger_is_recognised_by_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "信箱.csv"
    path.write_bytes("县长信箱办理情况,,\n单位,收到,已回复\n县教体局,27,25\n县民政局,3,3\n".encode("gbk"))
    rows = {r.unit: (r.received, r.replied) for r in mailbox_rows(read_ledger_file(path)["mailbox"])}
    assert rows == {"县教体局": (27, 25), "县民政局": (3, 3)}
