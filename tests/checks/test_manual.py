"""人工 findings: CLI helper and XLSX/CSV import (all-or-nothing, errors with file/row/column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from govinspect.checks.manual import load_manual_findings, manual_finding
from govinspect.model import TargetKind, Verdict
from govinspect.rules import load_profile
from govinspect.scoring import TargetInfo, score_target
from govinspect.tables import ImportRefused


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEADER: list[object] = [
    "对象类型",
    "对象",
    "指标代码",
    "问题描述",
    "网址",
    "检查时间",
    "扣分",
    "单项否决",
    "检查人",
]


def test_load_xlsx(tmp_path: Path) -> None:
    f = xlsx(
        tmp_path / "人工.xlsx",
        [
            HEADER,
            [
                "网站",
                "4107000001",
                "manual.layout",
                "首页排版混乱错位",
                "http://x.gov.cn/",
                dt.datetime(2023, 2, 3),
                None,
                "是",
                "张三",
            ],
            [
                "政务新媒体",
                "微信公众号:hqmz",
                "manual.other",
                "菜单含商业广告",
                None,
                "2023-02-04",
                2,
                "否",
                None,
            ],
            [None, None, None, None, None, None, None, None, None],
        ],
    )
    a, b = load_manual_findings(f)
    assert a.manual and a.code == "manual.layout" and a.target_kind == TargetKind.SITE
    assert a.evidence.detail == {"source": "人工", "veto": True, "inspector": "张三"}
    assert a.evidence.captured_at is not None and a.evidence.captured_at.tzinfo is not None
    assert b.target_kind == TargetKind.ACCOUNT and b.evidence.detail["points"] == 2.0
    assert b.evidence.detail["veto"] is False


def test_load_csv(tmp_path: Path) -> None:
    f = tmp_path / "m.csv"
    f.write_text("对象,指标代码,问题描述\n4107000001,manual.popup,飘窗过大\n", encoding="utf-8-sig")
    (x,) = load_manual_findings(f)
    assert (x.target, x.code, x.message, x.manual) == ("4107000001", "manual.popup", "飘窗过大", True)


def test_errors_reported_with_row_and_column(tmp_path: Path) -> None:
    f = xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            ["网页", "s1", "manual.layout", "x", None, None, None, None, None],
            ["网站", "", "layout", "x", None, "昨天", -1, "也许", None],
            ["网站", "s3", "manual.layout", "ok", None, None, None, None, None],
        ],
    )
    with pytest.raises(ImportRefused) as ei:
        load_manual_findings(f)
    msgs = [str(e) for e in ei.value.problems]
    assert msgs[0] == "文件 bad.xlsx，工作表 Sheet，第 2 行，“对象类型”列：“网页”应为“网站”或“政务新媒体”"
    cols = {(e.row, e.column) for e in ei.value.problems}
    assert {(3, "对象"), (3, "指标代码"), (3, "检查时间"), (3, "扣分"), (3, "单项否决")} <= cols
    assert "人工检查结果导入失败" in str(ei.value)


def test_missing_required_column(tmp_path: Path) -> None:
    f = xlsx(tmp_path / "h.xlsx", [["对象", "问题描述"], ["s1", "x"]])
    with pytest.raises(ImportRefused, match="指标代码"):
        load_manual_findings(f)


def test_unsupported_file(tmp_path: Path) -> None:
    f = tmp_path / "m.doc"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(ImportRefused, match="xlsx"):
        load_manual_findings(f)


def test_manual_scored_like_others() -> None:
    p = load_profile("national-2019")
    t = TargetInfo(TargetKind.SITE, "s1", "u", "n")
    r = score_target([manual_finding("s1", "manual.popup", "飘窗过大")], p, t)
    assert r.score == 98 and r.findings[0].manual
    r = score_target([manual_finding("s1", "manual.other", "其他问题", points=7)], p, t)
    assert r.score == 93
    r = score_target([manual_finding("s1", "manual.other", "首页被篡改", veto=True)], p, t)
    assert r.verdict == Verdict.FAIL


def test_manual_code_format() -> None:
    with pytest.raises(ValueError, match="格式"):
        manual_finding("s1", "layout", "x")


def test_load_gbk_csv_with_title_rows(tmp_path: Path) -> None:
    """Spreadsheets saved by WPS/Excel on Chinese Windows are GBK; offices put a title above the header."""
    f = tmp_path / "人工.csv"
    text = "2023年第二季度人工检查结果,,\n,,\n对象,指标代码,问题描述\n4107000001,manual.popup,飘窗过大\n"
    f.write_bytes(text.encode("gbk"))
    (x,) = load_manual_findings(f)
    assert (x.target, x.code, x.message) == ("4107000001", "manual.popup", "飘窗过大")
    f.write_bytes(text.replace("manual.popup", "popup").encode("gbk"))
    with pytest.raises(ImportRefused) as ei:
        load_manual_findings(f)
    assert [str(p) for p in ei.value.problems] == [
        "文件 人工.csv，第 4 行，“指标代码”列：“popup”格式不正确，应形如 manual.layout"
    ]


def test_cli_import_refuses_a_bad_gbk_file_and_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govinspect.cli import app
    from govinspect.store import Store

    def run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), *args], env={"COLUMNS": "300"})

    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n市民政局网站,4107000001,http://mzj.xx.gov.cn/,市民政局\n"
    )
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n市民政局\n")
    assert run("init").exit_code == 0
    assert run("registry", "import", str(units), str(sites)).exit_code == 0
    assert run("round", "create", "R", "-c", "2023-03-01", "-p", "xinxiang-2023").exit_code == 0
    f = tmp_path / "人工.csv"
    f.write_bytes("对象,指标代码,问题描述,扣分\n4107000001,manual.popup,飘窗过大,-2\n".encode("gbk"))
    res = run("findings", "import", "R", str(f))
    assert res.exit_code == 1
    assert (
        "人工检查结果导入失败，未写入任何数据。文件 人工.csv，第 2 行，“扣分”列：“-2”不是非负数" in res.output
    )
    store = Store(f"sqlite:///{tmp_path / 'data' / 'govinspect.db'}")
    assert store.findings("R") == []
    f.write_bytes("对象,指标代码,问题描述,扣分\n4107000001,manual.popup,飘窗过大,2\n".encode("gbk"))
    assert run("findings", "import", "R", str(f)).exit_code == 0
    [x] = store.findings("R")
    assert x.manual and x.evidence.detail["points"] == 2.0
