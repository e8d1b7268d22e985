"""Number cells of attachments.xlsx are numbers: 评分 numeric, 合格率 a percentage with the printed decimals."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from govinspect.reports import blocks as B
from govinspect.reports.xlsx_writer import write_xlsx


def _sheet(tmp_path: Path, header: list[str], rows: list[list[str]]):  # type: ignore[no-untyped-def]
    path = write_xlsx([B.Table(header=header, rows=rows, name="附件1")], tmp_path / "a.xlsx")
    return load_workbook(path)["附件1"]


def test_scores_counts_and_rates_are_numbers(tmp_path: Path) -> None:
    ws = _sheet(
        tmp_path,
        ["序号", "单位", "评分", "合格率", "标识码", "电话"],
        [
            ["1", "市民政局", "87.5", "95.9%", "4107830001", "0371"],
            ["2", "市统计局", "100", "100%", "—", "无"],
        ],
    )
    first, second = ws[3], ws[4]
    assert first[0].value == 1 and first[2].value == 87.5 and first[2].number_format == "0.0"
    assert first[3].value == 0.959 and first[3].number_format == "0.0%"
    assert second[2].value == 100 and second[3].value == 1 and second[3].number_format == "0%"
    # codes and numbers with a leading zero stay text; so do dashes and words
    assert first[4].value == "4107830001" and first[5].value == "0371"
    assert second[4].value == "—" and second[5].value == "无"


def test_two_decimal_rate_keeps_its_decimals(tmp_path: Path) -> None:
    ws = _sheet(tmp_path, ["单位", "合格率"], [["邓州市", "95.45%"]])
    assert ws["B3"].value == 0.9545 and ws["B3"].number_format == "0.00%"
