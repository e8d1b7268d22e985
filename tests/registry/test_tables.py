"""The one table reader: header found below title rows (within the limit), encodings, .xls, refusals."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from registry_fixtures import XLS_REGISTRY, registry_workbook

from govinspect.tables import (
    HEADER_SCAN_ROWS,
    LISTED_PROBLEMS,
    Field,
    ImportRefused,
    Layout,
    Problem,
    read_sheets,
    read_tables,
)

PEOPLE = Layout(
    "people",
    (
        Field("name", ("姓名", "名字"), required=True),
        Field("unit", ("单位", "所在单位"), required=True),
        Field("phone", ("电话",)),
    ),
)
PLACES = Layout("places", (Field("place", ("地点",), required=True), Field("unit", ("单位",))))


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _refusal(path: Path, layouts: list[Layout] | None = None) -> list[str]:
    with pytest.raises(ImportRefused) as e:
        read_tables(path, layouts or [PEOPLE], what="测试表")
    return [str(p) for p in e.value.problems]


def test_header_on_row_4_below_merged_title_rows(tmp_path: Path) -> None:
    path = registry_workbook(tmp_path / "底账.xlsx")
    sites = Layout("sites", (Field("code", ("网站标识码",), required=True), Field("name", ("网站名称",))))
    units = Layout("units", (Field("name", ("单位名称",), required=True), Field("kind", ("单位类型",))))
    accounts = Layout("accounts", (Field("name", ("账号名称",), required=True), Field("id", ("账号ID",))))
    tables = {t.sheet: t for t in read_tables(path, [sites, units, accounts], what="底账")}
    assert set(tables) == {"单位", "网站底账", "政务新媒体底账"}  # 填表说明 is skipped
    t = tables["网站底账"]
    assert t.header_row == 4 and t.layout is sites
    # blank rows inside the table are skipped; row numbers stay the spreadsheet's
    assert [(r.number, r.text("code")) for r in t.rows] == [(5, "4113810001"), (7, "4113810002")]
    assert t.above[0][0] == "邓州市政府网站底账"


def test_header_below_the_limit_is_refused_naming_sheet_and_row(tmp_path: Path) -> None:
    titles: list[list[object]] = [[f"标题 {i}"] for i in range(HEADER_SCAN_ROWS)]
    path = _xlsx(tmp_path / "low.xlsx", {"名单": [*titles, ["姓名", "单位"], ["张三", "县民政局"]]})
    assert _refusal(path) == [
        f"文件 low.xlsx，工作表 名单，第 {HEADER_SCAN_ROWS + 1} 行：表头应在前 {HEADER_SCAN_ROWS} 行内，"
        "请删去表头上方多余的行"
    ]
    # one row higher it is read
    path = _xlsx(tmp_path / "ok.xlsx", {"名单": [*titles[1:], ["姓名", "单位"], ["张三", "县民政局"]]})
    [t] = read_tables(path, [PEOPLE], what="测试表")
    assert t.header_row == HEADER_SCAN_ROWS and t.rows[0].text("name") == "张三"


def test_missing_required_column_names_file_sheet_and_column(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "c.xlsx", {"名单": [["姓名", "电话"], ["张三", "123"]]})
    assert _refusal(path) == ["文件 c.xlsx，工作表 名单，第 1 行，“单位”列：缺少该列"]


def test_unrecognised_sheet_is_an_error_not_an_empty_import(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "u.xlsx",
        {"名单": [["姓名", "单位"], ["张三", "县民政局"]], "Sheet2": [["name", "dept"], ["x", "y"]]},
    )
    [msg] = _refusal(path)
    assert msg.startswith("文件 u.xlsx，工作表 Sheet2：前 10 行中找不到可识别的表头")
    assert "姓名、单位" in msg


def test_headings_match_across_line_breaks_and_required_marks(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "m.xlsx", {"名单": [["*姓 名", "所在\n单位（必填）", "电话："], ["张三", "县民政局", "1"]]}
    )
    [t] = read_tables(path, [PEOPLE], what="测试表")
    assert t.columns == {"name": 0, "unit": 1, "phone": 2}
    assert t.rows[0].problem("unit", "x").column == "所在单位（必填）"  # one line in messages


def test_the_layout_matching_most_headings_wins(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("地点,单位\n人民广场,县民政局\n", encoding="utf-8")
    [t] = read_tables(path, [PEOPLE, PLACES], what="测试表")
    assert t.layout is PLACES
    path.write_text("姓名,单位,电话\n张三,县民政局,1\n", encoding="utf-8")
    [t] = read_tables(path, [PEOPLE, PLACES], what="测试表")
    assert t.layout is PEOPLE


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "p.csv"
    sep = "\t" if encoding == "utf-16" else ","  # Excel's “Unicode 文本” is tab-separated UTF-16
    path.write_bytes(f"姓名{sep}单位\n张三{sep}县民政局\n\n李四{sep}县公安局\n".encode(encoding))
    [t] = read_tables(path, [PEOPLE], what="测试表")
    assert [(r.number, r.text("name"), r.text("unit")) for r in t.rows] == [
        (2, "张三", "县民政局"),
        (4, "李四", "县公安局"),
    ]


def test_xls_is_read_with_its_dates() -> None:
    sheets = {s.name: s for s in read_sheets(XLS_REGISTRY)}
    assert list(sheets) == ["填表说明", "单位", "网站底账", "政务新媒体底账"]
    assert sheets["网站底账"].rows[1][5] == dt.datetime(2023, 6, 30)
    assert sheets["网站底账"].rows[4][2] == "4113810001"


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.xlsx", b"PK\x03\x04 not really a zip", "无法读取 .xlsx 文件"),
        ("bad.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "无法读取 .xls 文件"),
        ("text.xlsx", "姓名,单位".encode(), "不是 Excel 文件"),
        ("p.doc", b"x", "不支持的文件类型“.doc”"),
        ("bin.csv", b"\x80\xff\xfe\x81", "无法识别文件编码"),
        ("empty.csv", b"", "文件中没有数据"),
    ],
)
def test_unreadable_files_are_refused_in_chinese(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [msg] = _refusal(path)
    assert msg.startswith(f"文件 {name}：") and words in msg
    # Chinese only: no exception class or library text (file suffixes and product names aside)
    assert not re.search(r"[A-Za-z]", re.sub(r"\.[a-z]+|Excel|WPS|UTF-8|GBK|CSV", "", msg.replace(name, "")))


def test_missing_file_and_one_line_message(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as e:
        read_tables(tmp_path / "none.xlsx", [PEOPLE], what="测试表")
    assert str(e.value) == "测试表导入失败，未写入任何数据。文件 none.xlsx：文件不存在"


def test_problem_wording() -> None:
    p = Problem("底账.xlsx", "不能为空", "网站底账", 7, "网站名称")
    assert str(p) == "文件 底账.xlsx，工作表 网站底账，第 7 行，“网站名称”列：不能为空"
    assert str(Problem("a.csv", "缺少该列", None, 1, "单位")) == "文件 a.csv，第 1 行，“单位”列：缺少该列"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".txt"]),
    head=st.sampled_from(
        [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "姓名,单位\n".encode("gbk")]
    ),
    body=st.binary(max_size=400),
)
def test_any_bytes_are_read_or_refused_never_crash(
    tmp_path: Path, suffix: str, head: bytes, body: bytes
) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(head + body)
    try:
        tables = read_tables(path, [PEOPLE, PLACES], what="测试表")
    except ImportRefused as e:
        assert e.problems and all(str(p).startswith("文件 x") for p in e.problems)
    else:
        assert all(t.layout in (PEOPLE, PLACES) for t in tables)


def test_a_refusal_lists_the_first_problems_and_counts_the_rest() -> None:
    problems = [Problem("a.csv", "不能为空", None, i, "姓名") for i in range(2, 2 + LISTED_PROBLEMS + 7)]
    lines = str(ImportRefused(problems, "测试表")).splitlines()
    assert lines[0] == f"测试表导入失败，共 {LISTED_PROBLEMS + 7} 处问题，未写入任何数据："
    assert lines[1] == "  文件 a.csv，第 2 行，“姓名”列：不能为空"
    assert len(lines) == LISTED_PROBLEMS + 2 and "另有 7 处问题未列出" in lines[-1]
