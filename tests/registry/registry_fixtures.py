"""Real 底账 files for the import tests, laid out as offices send them.

`python tests/registry/registry_fixtures.py` rewrites fixtures/底账-Excel97.xls: it builds the
workbook with openpyxl and has LibreOffice save it as Excel 97–2003 (.xls), the format many
offices still use. The .xls is committed, so the tests need no LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook

FIXTURES = Path(__file__).parent / "fixtures"
XLS_REGISTRY = FIXTURES / "底账-Excel97.xls"

UNITS = [
    ("邓州市人民政府", "县区", ""),
    ("邓州市公安局", "部门", "邓州市人民政府"),
    ("邓州市民政局", "部门", "邓州市人民政府"),
]
SITES = [
    ("邓州市公安局网站", "4113810001", "http://gaj.dengzhou.gov.cn/", "邓州市公安局", "部门", "运行"),
    ("邓州市民政局网站", "4113810002", "https://mzj.dengzhou.gov.cn:8443/", "邓州市民政局", "部门", "运行"),
]
ACCOUNTS = [("邓州发布", "微信", "gh_dzfb", "邓州市人民政府")]


def registry_workbook(path: Path) -> Path:
    """An office-style 底账: an instructions sheet, and a 网站底账 whose header is on row 4 below
    a merged title, a merged 填报单位 line and a blank row; blank rows inside the table too."""
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["1. 网站标识码填写全国政府网站基本数据库中的10位标识码。"])
    notes.append(["2. 首页网址须以 http:// 或 https:// 开头。"])
    units = wb.create_sheet("单位")
    units.append(["单位名称", "单位类型", "上级单位"])
    for row in UNITS:
        units.append(list(row))
    sites = wb.create_sheet("网站底账")
    sites.append(["邓州市政府网站底账"])
    sites.merge_cells("A1:G1")
    sites.append(["填报单位：邓州市人民政府办公室", None, None, None, "填报日期", dt.datetime(2023, 6, 30)])
    sites.merge_cells("A2:D2")
    sites.append([])
    sites.append(["序号", "网站名称", "网站标识码", "首页网址", "主办单位", "网站类型", "运行状态"])
    for i, row in enumerate(SITES, start=1):
        sites.append([i, *row])
        sites.append([])
    accounts = wb.create_sheet("政务新媒体底账")
    accounts.append(["账号名称", "平台", "账号ID", "主办单位"])
    for row in ACCOUNTS:
        accounts.append(list(row))
    wb.save(path)
    return path


def write_xls_fixture() -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("需要 LibreOffice（soffice）来生成 .xls 样例")
    with tempfile.TemporaryDirectory() as tmp:
        src = registry_workbook(Path(tmp) / "registry.xlsx")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",  # not another engineer's running office
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        FIXTURES.mkdir(exist_ok=True)
        shutil.copyfile(Path(tmp) / "registry.xls", XLS_REGISTRY)
    return XLS_REGISTRY


if __name__ == "__main__":
    print(write_xls_fixture())
