"""One reader for every table a user imports (.xlsx, .xls, .csv): the header row is found by its
headings wherever it sits in the first rows, and every problem names file, sheet, row and column.

Importers describe their columns as a `Layout` and call `read_tables`; they report row problems with
`Row.problem` and refuse the whole file with `ImportRefused`, so nothing half-read is ever written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govinspect.errors import UserError

HEADER_SCAN_ROWS = 10  # the header must be among a sheet's first rows; a later header is an error
BEYOND_SCAN_ROWS = 200  # how far we look past the limit, only to say where the header really is
TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")  # .txt: Excel’s tab-separated text
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF in an OLE2 container)
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx
LISTED_PROBLEMS = 50  # a refusal lists this many problems; the rest are counted
_NOTE_SHEET = re.compile(r"说明|填报要求|填表须知|示例")  # instruction sheets of official templates


@dataclass(frozen=True)
class Problem:
    """One reason an import was refused, with where it is (any part may be unknown)."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # the heading as written in the file (or the expected one)

    def __str__(self) -> str:
        where = [f"文件 {self.file}"]
        if self.sheet:
            where.append(f"工作表 {self.sheet}")
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”列")
        return ("，".join(where) + "：" + self.message).replace("\r", "").replace("\n", " ")


class ImportRefused(UserError):
    """A file was not imported and nothing was written; `problems` says where and why.

    One problem makes one line; several make a heading line and one line each.
    """

    def __init__(self, problems: Sequence[Problem], what: str = "表格") -> None:
        self.problems = list(problems)
        self.what = what
        if len(self.problems) == 1:
            text = f"{what}导入失败，未写入任何数据。{self.problems[0]}"
        else:
            lines = [f"{what}导入失败，共 {len(self.problems)} 处问题，未写入任何数据："]
            lines += [f"  {p}" for p in self.problems[:LISTED_PROBLEMS]]
            if len(self.problems) > LISTED_PROBLEMS:
                lines.append(
                    f"  ……另有 {len(self.problems) - LISTED_PROBLEMS} 处问题未列出，请先改正以上各处"
                )
            text = "\n".join(lines)
        super().__init__(text)


@dataclass(frozen=True)
class Field:
    """A column an importer understands: its key and the headings offices use for it."""

    key: str
    headings: tuple[str, ...]  # the first is the one named in messages
    required: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of table (网站底账, 人工检查结果, …)."""

    kind: str
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


@dataclass
class Sheet:
    """The raw cells of one worksheet (a CSV file is one sheet without a name)."""

    name: str | None
    rows: list[list[Any]]


@dataclass
class Table:
    """A recognised table: where its header is, which column holds which field, and its rows."""

    file: str
    sheet: str | None
    layout: Layout
    header_row: int  # 1-based, as the spreadsheet numbers it
    columns: dict[str, int]  # field key → 0-based column index
    headings: dict[str, str]  # field key → heading as written
    above: list[list[Any]]  # the rows above the header (titles, a notice block …)
    rows: list[Row] = field(default_factory=list)

    def problem(self, message: str, key: str | None = None, row: int | None = None) -> Problem:
        return Problem(self.file, message, self.sheet, row, self.heading(key) if key else None)

    def heading(self, key: str) -> str:
        return self.headings.get(key) or self.layout.field(key).headings[0]


@dataclass
class Row:
    """One non-blank data row; `values` holds the raw cell of every field found in the header."""

    table: Table
    number: int
    values: dict[str, Any]

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))

    def problem(self, key: str | None, message: str) -> Problem:
        return self.table.problem(message, key, self.number)


def cell_text(value: Any) -> str:
    """A cell as the user reads it: dates as YYYY-MM-DD, whole numbers without “.0”, trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _norm(heading: Any) -> str:
    """A heading as compared: no spaces or line breaks, ASCII brackets, no 必填 marks (*, （必填）)."""
    text = re.sub(r"\s+", "", cell_text(heading)).replace("（", "(").replace("）", ")")
    text = re.sub(r"\((?:必填|选填|可选)\)$", "", text)
    return text.strip("*＊:：").lower()


# -- reading files ------------------------------------------------------------------


def read_sheets(path: Path) -> list[Sheet]:
    """Every visible sheet of an .xlsx/.xls workbook, or the one table of a CSV file."""
    name = path.name
    if not path.is_file():
        raise ImportRefused([Problem(name, "文件不存在")])
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        kinds = "、".join(TABLE_SUFFIXES)
        raise ImportRefused([Problem(name, f"不支持的文件类型“{suffix or '无扩展名'}”（支持 {kinds}）")])
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE2_MAGIC):
        return _read_xls(path)
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return [Sheet(None, _read_csv(path))]
    raise ImportRefused([Problem(name, "文件已损坏或不是 Excel 文件，请在 Excel/WPS 中打开后另存为 .xlsx")])


def _read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or encrypted file
        why = "无法读取 .xlsx 文件，文件可能已损坏或加密，请在 Excel/WPS 中打开后重新保存"
        raise ImportRefused([Problem(path.name, why)]) from None
    try:
        return [
            Sheet(ws.title, [list(r) for r in ws.iter_rows(values_only=True)])
            for ws in wb.worksheets
            if ws.sheet_state == "visible" and hasattr(ws, "iter_rows")
        ]
    finally:
        wb.close()


def _read_xls(path: Path) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except Exception:  # xlrd raises XLRDError, struct.error, … for damaged or encrypted files
        why = "无法读取 .xls 文件，文件可能已损坏或加密，请在 Excel/WPS 中另存为 .xlsx 后再导入"
        raise ImportRefused([Problem(path.name, why)]) from None
    try:
        sheets = []
        for sh in book.sheets():
            if sh.visibility != 0:
                continue
            rows = [
                [_xls_value(sh.cell(r, c), book.datemode) for c in range(sh.ncols)] for r in range(sh.nrows)
            ]
            sheets.append(Sheet(sh.name, rows))
        return sheets
    finally:
        book.release_resources()


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value


def decode_text(raw: bytes) -> str | None:
    """Text of a file offices save: UTF-16 with its BOM (Excel's “Unicode 文本”), UTF-8 (BOM or not) or
    GB18030/GBK; None when it is none of them."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(path: Path) -> list[list[Any]]:
    text = decode_text(path.read_bytes())
    if text is None:
        raise ImportRefused([Problem(path.name, "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")])
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error:
        raise ImportRefused([Problem(path.name, "CSV 格式错误（引号不成对或含空字符）")]) from None


# -- finding the header -------------------------------------------------------------


def _match(cells: Sequence[Any], layout: Layout) -> dict[str, int]:
    """Field key → column index for the headings of `layout` found among `cells`."""
    normed = [_norm(c) for c in cells]
    found: dict[str, int] = {}
    for f in layout.fields:
        for heading in f.headings:
            want = _norm(heading)
            index = next((i for i, c in enumerate(normed) if c == want and i not in found.values()), None)
            if index is not None:
                found[f.key] = index
                break
    return found


def _score(found: dict[str, int], layout: Layout) -> tuple[int, bool] | None:
    """How well a row matches a layout; None when it cannot be that layout's header."""
    complete = all(f.key in found for f in layout.fields if f.required)
    if len(found) >= 2 or (found and complete):
        return len(found), complete
    return None


def _best_header(
    rows: Sequence[Sequence[Any]], layouts: Sequence[Layout], start: int, stop: int
) -> tuple[int, Layout, dict[str, int]] | None:
    """The row (0-based) and layout matching most headings among rows[start:stop]; earlier wins ties."""
    best: tuple[tuple[int, bool], int, Layout, dict[str, int]] | None = None
    for i in range(start, min(stop, len(rows))):
        for layout in layouts:
            found = _match(rows[i], layout)
            score = _score(found, layout)
            if score is not None and (best is None or score > best[0]):
                best = (score, i, layout, found)
    return None if best is None else best[1:]


def find_table(file: str, sheet: Sheet, layouts: Sequence[Layout]) -> Table | Problem:
    """The table of a sheet, or the problem that stops it being read (header missing or too low)."""
    rows = sheet.rows
    hit = _best_header(rows, layouts, 0, HEADER_SCAN_ROWS)
    if hit is None:
        late = _best_header(rows, layouts, HEADER_SCAN_ROWS, HEADER_SCAN_ROWS + BEYOND_SCAN_ROWS)
        if late is not None:
            return Problem(
                file,
                f"表头应在前 {HEADER_SCAN_ROWS} 行内，请删去表头上方多余的行",
                sheet.name,
                late[0] + 1,
            )
        expected = "；".join("、".join(f.headings[0] for f in lay.fields if f.required) for lay in layouts)
        return Problem(
            file, f"前 {HEADER_SCAN_ROWS} 行中找不到可识别的表头（应含以下列：{expected}）", sheet.name
        )
    at, layout, columns = hit
    header = rows[at]
    table = Table(
        file,
        sheet.name,
        layout,
        at + 1,
        columns,
        {k: re.sub(r"\s+", "", cell_text(header[i])) for k, i in columns.items()},  # one line in messages
        [list(r) for r in rows[:at]],
    )
    for number, values in enumerate(rows[at + 1 :], start=at + 2):
        cells = {k: (values[i] if i < len(values) else None) for k, i in columns.items()}
        if any(cell_text(v) for v in cells.values()):
            table.rows.append(Row(table, number, cells))
    return table


def missing_columns(table: Table) -> list[Problem]:
    """A problem for each required column the header lacks."""
    return [
        Problem(table.file, "缺少该列", table.sheet, table.header_row, f.headings[0])
        for f in table.layout.fields
        if f.required and f.key not in table.columns
    ]


def read_tables(
    path: Path,
    layouts: Sequence[Layout],
    *,
    what: str,
    by_sheet_name: Mapping[str, Layout] | None = None,
) -> list[Table]:
    """Every table of the file, each recognised as one of `layouts`; refuse the file otherwise.

    A non-empty sheet that is not recognised is an error (instruction sheets such as 填表说明
    excepted), as is a required column that is missing. `by_sheet_name` ties a sheet title to
    its layout (e.g. 依申请公开); then only that layout is tried on that sheet.
    """
    try:
        sheets = read_sheets(path)
    except ImportRefused as e:
        raise ImportRefused(e.problems, what) from None
    problems: list[Problem] = []
    tables: list[Table] = []
    for sheet in sheets:
        if not any(cell_text(c) for row in sheet.rows for c in row):
            continue
        named = (by_sheet_name or {}).get((sheet.name or "").strip())
        found = find_table(path.name, sheet, [named] if named else layouts)
        if isinstance(found, Problem):
            if named is None and sheet.name and _NOTE_SHEET.search(sheet.name):
                continue
            problems.append(found)
            continue
        problems += missing_columns(found)
        tables.append(found)
    if not tables and not problems:
        problems.append(Problem(path.name, "文件中没有数据"))
    if problems:
        raise ImportRefused(problems, what)
    return tables


def table_rows(tables: Iterable[Table]) -> list[Row]:
    """The rows of several tables, in file order."""
    return [row for t in tables for row in t.rows]
