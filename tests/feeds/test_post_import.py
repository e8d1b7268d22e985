"""CSV / XLSX post import: all-or-nothing, every problem named by file, row and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from govinspect.feeds.importer import import_posts, read_post_file
from govinspect.model import TZ, Account, Platform
from govinspect.tables import ImportRefused

ACCOUNTS = [
    Account(platform=Platform.TOUTIAO, name="桐柏商务", account_id="tbsw", unit="商务局"),
    Account(platform=Platform.WECHAT, name="桐柏安棚", account_id="tbap", unit="安棚镇人民政府"),
    Account(platform=Platform.WEIBO, name="桐柏安棚", account_id="tbap-wb", unit="安棚镇人民政府"),
]
HEADER = ["账号名称", "平台", "标题", "发布时间", "链接", "正文"]
GOOD = [
    [
        "桐柏商务",
        "头条号",
        "桐柏县召开外贸企业座谈会",
        "2021-09-08 10:00",
        "https://www.toutiao.com/a/1",
        "座谈会",
    ],
    ["桐柏安棚", "微信公众号", "安棚镇开展秋季防火宣传", "2021年8月21日", "", "防火宣传"],
    ["桐柏商务", "", "消费券发放通知", "2021/8/30", "", ""],
]


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    import csv

    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_csv_good_file(tmp_path: Path) -> None:
    result = import_posts(_csv(tmp_path / "posts.csv", [HEADER, *GOOD]), ACCOUNTS)
    assert sorted(result) == ["今日头条:tbsw", "微信公众号:tbap"]
    sw = result["今日头条:tbsw"]
    assert [p.published for p in sw] == [
        dt.datetime(2021, 9, 8, 10, 0, tzinfo=TZ),
        dt.datetime(2021, 8, 30, tzinfo=TZ),
    ]
    assert sw[0].source == "import"
    assert sw[0].url == "https://www.toutiao.com/a/1"
    assert result["微信公众号:tbap"][0].published == dt.datetime(2021, 8, 21, tzinfo=TZ)


def test_csv_gbk_encoding(tmp_path: Path) -> None:
    rows = read_post_file(_csv(tmp_path / "gbk.csv", [HEADER, GOOD[0]], encoding="gbk"))
    assert rows[0].account_name == "桐柏商务"


def test_xlsx_good_file_with_date_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["桐柏商务", "今日头条", "座谈会", dt.datetime(2021, 9, 8, 10, 0), None, None],
        ["桐柏安棚", "微信", "防火宣传", dt.date(2021, 8, 21), None, "正文"],
    ]
    result = import_posts(_xlsx(tmp_path / "posts.xlsx", rows), ACCOUNTS)
    assert result["今日头条:tbsw"][0].published == dt.datetime(2021, 9, 8, 10, 0, tzinfo=TZ)
    assert result["微信公众号:tbap"][0].published == dt.datetime(2021, 8, 21, tzinfo=TZ)


def test_csv_one_bad_row_rejects_everything(tmp_path: Path) -> None:
    rows = [HEADER, GOOD[0], ["桐柏商务", "头条号", "标题", "上周三", "", ""], GOOD[2]]
    with pytest.raises(ImportRefused) as info:
        import_posts(_csv(tmp_path / "bad.csv", rows), ACCOUNTS)
    assert [str(p) for p in info.value.problems] == [
        "文件 bad.csv，第 3 行，“发布时间”列：无法识别的日期“上周三”"
    ]


def test_xlsx_one_bad_row_rejects_everything(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, GOOD[0], ["桐柏商务", "头条号", "标题", "2021-09-01", "ftp://x", ""]]
    with pytest.raises(ImportRefused) as info:
        import_posts(_xlsx(tmp_path / "bad.xlsx", rows), ACCOUNTS)
    assert [str(p) for p in info.value.problems] == [
        "文件 bad.xlsx，工作表 Sheet，第 3 行，“链接”列：不是有效的网址“ftp://x”"
    ]
    assert "导入失败" in str(info.value)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    rows = [HEADER, ["", "推特", "", "", "", ""], ["桐柏商务", "", "", "2021-09-01", "", ""]]
    with pytest.raises(ImportRefused) as info:
        read_post_file(_csv(tmp_path / "many.csv", rows))
    assert [str(p) for p in info.value.problems] == [
        "文件 many.csv，第 2 行，“账号名称”列：不能为空",
        "文件 many.csv，第 2 行，“标题”列：标题和正文不能同时为空",
        "文件 many.csv，第 2 行，“发布时间”列：不能为空",
        "文件 many.csv，第 2 行，“平台”列：未知平台“推特”",
        "文件 many.csv，第 3 行，“标题”列：标题和正文不能同时为空",
    ]


def test_missing_required_column(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused) as info:
        read_post_file(_csv(tmp_path / "cols.csv", [["账号名称", "标题"], ["桐柏商务", "x"]]))
    assert [str(p) for p in info.value.problems] == ["文件 cols.csv，第 1 行，“发布时间”列：缺少该列"]


def test_unknown_and_ambiguous_accounts(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["桐柏文旅", "", "标题", "2021-09-01", "", ""],
        ["桐柏安棚", "", "标题", "2021-09-01", "", ""],
    ]
    with pytest.raises(ImportRefused) as info:
        import_posts(_csv(tmp_path / "acc.csv", rows), ACCOUNTS)
    assert [str(p) for p in info.value.problems] == [
        "文件 acc.csv，第 2 行，“账号名称”列：“桐柏文旅”不在政务新媒体底账中",
        "文件 acc.csv，第 3 行，“账号名称”列：“桐柏安棚”对应多个账号，请填写“平台”或“账号ID”列",
    ]


def test_account_id_column_resolves_same_names(tmp_path: Path) -> None:
    rows = [["账号名称", "账号ID", "标题", "发布时间"], ["桐柏安棚", "tbap-wb", "微博一条", "2021-09-01"]]
    result = import_posts(_csv(tmp_path / "ids.csv", rows), ACCOUNTS)
    assert list(result) == ["微博:tbap-wb"]


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "posts.doc"
    path.write_text("x")
    with pytest.raises(ImportRefused, match="不支持的文件类型"):
        read_post_file(path)
