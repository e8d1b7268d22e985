"""`govinspect registry import` on real files: sheets it cannot understand are refused with one
Chinese line and nothing written; --dry-run writes nothing; --replace removes what the file lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from registry_fixtures import XLS_REGISTRY
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.store import Store
from govinspect.tables import HEADER_SCAN_ROWS

runner = CliRunner()
UNITS = ["县人民政府", *(f"县单位{i:02d}" for i in range(30))]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _units_sheet() -> list[list[object]]:
    return [
        ["单位名称", "单位类型", "上级单位"],
        [UNITS[0], "县区", ""],
        *([u, "部门", UNITS[0]] for u in UNITS[1:]),
    ]


def _sites(head: list[str], n: int = 30, port: str = "") -> list[list[object]]:
    values = {
        "网站名称": lambda i: f"县单位{i:02d}网站",
        "网站标识码": lambda i: f"41133000{i:02d}",
        "首页网址": lambda i: f"http://s{i}.tongbai.gov.cn{port if i == 7 else ''}/",
        "主办单位": lambda i: UNITS[i + 1],
        "单位名称": lambda i: UNITS[i + 1],
    }
    return [head, *([values[h](i) for h in head] for i in range(n))]


def _run(store: Store, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", store.url, "registry", "import", *args], env={"COLUMNS": "80"})


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    """A store that already holds a 底账 (so "nothing written" is checked against real rows)."""
    good = _workbook(
        tmp_path / "good.xlsx",
        {"单位": _units_sheet(), "网站底账": _sites(["网站名称", "网站标识码", "首页网址", "主办单位"], n=3)},
    )
    res = _run(store, str(good))
    assert res.exit_code == 0, res.output
    return store


FULL_HEAD = ["网站名称", "网站标识码", "首页网址", "主办单位"]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (
            _sites(["网站名称", "首页网址", "主办单位"]),
            "文件 bad.xlsx，工作表 网站底账，第 1 行，“网站标识码”列：缺少该列",
        ),
        (  # 单位名称 as the unit column and no code: 30 sites, not 30 units
            _sites(["网站名称", "首页网址", "单位名称"]),
            "文件 bad.xlsx，工作表 网站底账，第 1 行，“网站标识码”列：缺少该列",
        ),
        (
            [*([f"标题行 {i}"] for i in range(HEADER_SCAN_ROWS + 1)), *_sites(FULL_HEAD)],
            f"文件 bad.xlsx，工作表 网站底账，第 {HEADER_SCAN_ROWS + 2} 行："
            f"表头应在前 {HEADER_SCAN_ROWS} 行内，请删去表头上方多余的行",
        ),
        (
            _sites(FULL_HEAD, port=":99999"),
            "文件 bad.xlsx，工作表 网站底账，第 9 行，“首页网址”列："
            "首页网址“http://s7.tongbai.gov.cn:99999/”不正确：端口“99999”无效（应为 1–65535）",
        ),
        (  # a 网站底账 sheet is never read as a unit list
            [["单位名称", "域名"], *([u, "www.tongbai.gov.cn"] for u in UNITS[1:])],
            "文件 bad.xlsx，工作表 网站底账：前 10 行中找不到可识别的表头（应含以下列：网站名称、网站标识码、首页网址、主办单位）",
        ),
        (
            [["site", "code", "url"], ["a", "b", "c"]],
            "文件 bad.xlsx，工作表 网站底账：前 10 行中找不到可识别的表头",
        ),
    ],
)
def test_bad_sheet_is_refused_with_one_line_and_nothing_written(
    seeded: Store, tmp_path: Path, sheet: list[list[object]], message: str
) -> None:
    before = seeded.load_registry()
    bad = _workbook(tmp_path / "bad.xlsx", {"单位": _units_sheet(), "网站底账": sheet})
    res = _run(seeded, str(bad))
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：底账导入失败，未写入任何数据。" + message), (
        res.output
    )
    assert seeded.load_registry() == before
    assert len(before.units) == len(UNITS) and len(before.sites) == 3


def test_unreadable_xls_is_refused_in_chinese(seeded: Store, tmp_path: Path) -> None:
    bad = tmp_path / "底账.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    before = seeded.load_registry()
    res = _run(seeded, str(bad))
    assert res.exit_code == 1 and "文件 底账.xls：无法读取 .xls 文件" in res.output
    assert "Traceback" not in res.output and seeded.load_registry() == before


def test_xls_registry_is_imported(store: Store) -> None:
    res = _run(store, str(XLS_REGISTRY))
    assert res.exit_code == 0, res.output
    reg = store.load_registry()
    assert [s.code for s in reg.sites] == ["4113810001", "4113810002"]
    assert reg.sites[1].home_url == "https://mzj.dengzhou.gov.cn:8443/"
    assert [u.name for u in reg.units] == ["邓州市人民政府", "邓州市公安局", "邓州市民政局"]
    assert [a.account_id for a in reg.accounts] == ["gh_dzfb"]


def _with_columns(tmp_path: Path, name: str, codes: list[int], renamed: int | None = None) -> Path:
    """Sites `codes` of the seeded units, each with one 栏目; site `renamed` gets a new name."""
    sites = [FULL_HEAD]
    for i in codes:
        title = f"县单位{i:02d}网站" + ("（新版）" if i == renamed else "")
        sites.append([title, f"41133000{i:02d}", f"http://s{i}.tongbai.gov.cn/", UNITS[i + 1]])
    columns = [["网站标识码", "栏目名称", "栏目地址"]]
    columns += [[f"41133000{i:02d}", "通知公告", f"http://s{i}.tongbai.gov.cn/tzgg/"] for i in codes]
    return _workbook(tmp_path / name, {"网站底账": sites, "栏目": columns})


def test_dry_run_lists_changes_and_writes_nothing(seeded: Store, tmp_path: Path) -> None:
    before = seeded.load_registry()
    path = _with_columns(tmp_path, "new.xlsx", [1, 2, 5], renamed=2)
    res = _run(seeded, "--dry-run", str(path))
    assert res.exit_code == 0, res.output
    out = res.output
    assert "未写入任何数据" in out
    assert "网站：新增 1 个，修改 1 个，删除 0 个" in out
    assert "新增：县单位05网站（4113300005）" in out and "修改：县单位02网站（新版）（4113300002）" in out
    assert "栏目：新增 3 个，修改 0 个，删除 0 个" in out
    assert "单位：新增 0 个，修改 0 个，删除 0 个" in out
    assert seeded.load_registry() == before
    # with --replace too: the plan shows the removals, still nothing written
    res = _run(seeded, "--dry-run", "--replace", str(path))
    assert (
        "网站：新增 1 个，修改 1 个，删除 1 个" in res.output
        and "删除：县单位00网站（4113300000）" in res.output
    )
    assert seeded.load_registry() == before


def test_merge_keeps_and_replace_removes(seeded: Store, tmp_path: Path) -> None:
    res = _run(seeded, str(_with_columns(tmp_path, "a.xlsx", [0, 1, 2])))
    assert res.exit_code == 0, res.output
    assert "栏目：新增 3 个" in res.output
    # merge: a file with fewer sites removes nothing
    res = _run(seeded, str(_with_columns(tmp_path, "b.xlsx", [1])))
    assert "删除 0 个" in res.output and len(seeded.load_registry().sites) == 3
    # replace: the summary first, then only what the file holds is left
    res = _run(seeded, "--replace", str(_with_columns(tmp_path, "c.xlsx", [1, 5])))
    assert res.exit_code == 0, res.output
    out = res.output
    assert "网站：新增 1 个，修改 0 个，删除 2 个" in out and "栏目：新增 1 个，修改 0 个，删除 2 个" in out
    assert out.index("删除 2 个") < out.index("导入完成")
    reg = seeded.load_registry()
    assert [s.code for s in reg.sites] == ["4113300001", "4113300005"]
    assert [c.url for s in reg.sites for c in s.columns] == [
        "http://s1.tongbai.gov.cn/tzgg/",
        "http://s5.tongbai.gov.cn/tzgg/",
    ]
    # units named by the remaining sites (and their parent) stay; the others are removed
    assert sorted(u.name for u in reg.units) == sorted([UNITS[0], UNITS[2], UNITS[6]])
    assert "底账现有单位 3 个，网站 2 个，栏目 2 个，政务新媒体 0 个" in out
    # importing the same file again changes nothing
    res = _run(seeded, "--replace", "--dry-run", str(_with_columns(tmp_path, "c.xlsx", [1, 5])))
    assert res.output.count("新增 0 个，修改 0 个，删除 0 个") == 4, res.output
