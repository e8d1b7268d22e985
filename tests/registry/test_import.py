"""Registry import: all-or-nothing with file/row/column errors, idempotent re-import, export round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from govinspect import model as m
from govinspect.registry import read_registry, write_registry_xlsx
from govinspect.store import Store
from govinspect.tables import ImportRefused

SITE_HEAD = ["序号", "网站名称", "网站标识码", "首页网址", "主办单位", "网站类型", "运行状态", "其他域名"]
ACC_HEAD = ["账号名称", "平台", "账号ID", "主办单位", "认证主体"]


def make_workbook(path: Path, n_sites: int = 50, bad: dict[int, tuple[str, str]] | None = None) -> Path:
    """A 底账 workbook of `n_sites` sites; `bad` maps site index → (heading, bad value)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "单位类型", "上级单位", "曾用名"])
    ws.append(["邓州市人民政府", "县区", "", ""])
    for i in range(n_sites):
        ws.append(
            [
                f"单位{i:02d}",
                "部门",
                "邓州市人民政府",
                "邓州市安全生产监督管理局（2019-03-20）" if i == 0 else "",
            ]
        )
    ws = wb.create_sheet("网站底账")
    ws.append(["邓州市政府网站底账（2023年6月）"])  # a title row above the header
    ws.append(SITE_HEAD)
    for i in range(n_sites):
        row = {
            "序号": i + 1,
            "网站名称": f"邓州市单位{i:02d}网站",
            "网站标识码": f"41138100{i:02d}",
            "首页网址": f"http://s{i}.dengzhou.gov.cn/",
            "主办单位": f"单位{i:02d}",
            "网站类型": "部门",
            "运行状态": "运行",
            "其他域名": f"www.s{i}.dengzhou.gov.cn" if i % 10 == 0 else "",
        }
        if bad and i in bad:
            head, value = bad[i]
            row[head] = value
        ws.append([row[h] for h in SITE_HEAD])
    ws = wb.create_sheet("政务新媒体底账")
    ws.append(ACC_HEAD)
    ws.append(["邓州司法行政", "微博", "dzsfxz", "单位01", "邓州市司法局"])
    ws.append(["邓州发布", "微信", "gh_dzfb", "单位02", "邓州市人民政府办公室"])
    wb.save(path)
    return path


def test_good_workbook_imports(tmp_path: Path) -> None:
    reg = read_registry([make_workbook(tmp_path / "ok.xlsx")])
    assert len(reg.sites) == 50 and len(reg.accounts) == 2 and len(reg.units) == 51
    assert reg.sites[0].extra_hosts == ("www.s0.dengzhou.gov.cn",)
    assert reg.accounts[1].platform == m.Platform.WECHAT  # 微信 alias
    assert reg.units[1].former_names[0].name == "邓州市安全生产监督管理局"


@pytest.mark.parametrize(
    ("bad", "row", "column", "words"),
    [
        ({17: ("主办单位", "不存在的单位")}, 20, "主办单位", "未知单位"),
        ({30: ("网站标识码", "4113810005")}, 33, "网站标识码", "重复"),
        ({8: ("首页网址", "htp//s8 dengzhou")}, 11, "首页网址", "不能有空格"),
        ({40: ("运行状态", "停用")}, 43, "运行状态", "无法识别"),
        ({3: ("网站名称", "")}, 6, "网站名称", "不能为空"),
    ],
)
def test_one_bad_row_names_row_and_column(tmp_path: Path, bad, row, column, words) -> None:
    path = make_workbook(tmp_path / "bad.xlsx", bad=bad)
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    problems = ei.value.problems
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.row == row and p.column == column and words in p.message
    assert str(p).startswith(f"文件 bad.xlsx，工作表 网站底账，第 {row} 行，“{column}”列：")
    assert "\n" not in str(ei.value) and str(p) in str(ei.value)


def test_unknown_platform_in_accounts(tmp_path: Path) -> None:
    path = tmp_path / "acc.csv"
    path.write_text(
        "账号名称,平台,账号ID,主办单位,认证主体\n桐柏商务,头条号,tbsw,商务局,\n桐柏发布,脸书,tbfb,商务局,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as ei:
        read_registry([path], known_units={"商务局"})
    [p] = ei.value.problems
    assert p.row == 3 and "平台" in (p.column or "") and "脸书" in p.message


def test_csv_in_gbk_is_read(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    text = (
        "网站名称,网站标识码,首页网址,主办单位\n桐柏县公安局,4113300012,http://gaj.tongbai.gov.cn/,县公安局\n"
    )
    path.write_bytes(text.encode("gbk"))
    reg = read_registry([path], known_units={"县公安局"})
    assert reg.sites[0].name == "桐柏县公安局"


def test_yaml_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "units:\n  - name: 县公安局\n    kind: 部门\nsites:\n  - code: '4113300012'\n    name: 桐柏县公安局\n"
        "    home_url: not-a-url\n    unit: 县公安局\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    [p] = ei.value.problems
    assert p.row == 7 and "字段 home_url" in p.message


def test_yaml_with_columns(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "units:\n  - {name: 县公安局, kind: 部门}\nsites:\n  - code: '4113300012'\n    name: 桐柏县公安局\n"
        "    home_url: http://gaj.tongbai.gov.cn/\n    unit: 县公安局\n    columns:\n"
        "      - {name: 通知公告, url: 'http://gaj.tongbai.gov.cn/tzgg/', category: 通知公告}\n",
        encoding="utf-8",
    )
    reg = read_registry([path])
    assert reg.sites[0].columns[0].category == m.ColumnCategory.NOTICE


YAML_SITE = (
    "units:\n  - {name: 县公安局, kind: 部门}\nsites:\n  - code: '4113300012'\n    name: 桐柏县公安局\n"
    "    home_url: http://gaj.tongbai.gov.cn/\n    unit: 县公安局\n    crawl:\n"
)


def test_yaml_crawl_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(YAML_SITE + "      obey_robots: false\n      per_host_rate: 1\n", encoding="utf-8")
    reg = read_registry([path])
    assert reg.sites[0].crawl == {"obey_robots": False, "per_host_rate": 1}


@pytest.mark.parametrize(
    "lines, words",
    [
        ("      obey_robot: false\n", "obey_robot：未知的抓取设置"),
        ("      per_host_concurrency: 0\n", "per_host_concurrency：取值无效"),
        ("      - 2\n", "映射"),
    ],
)
def test_bad_crawl_settings_fail_the_import(tmp_path: Path, lines: str, words: str) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(YAML_SITE + lines, encoding="utf-8")
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    [p] = ei.value.problems
    assert words in p.message and p.row == 9 and "字段 crawl" in p.message


def test_bad_row_leaves_store_unchanged_and_reimport_is_idempotent(store: Store, tmp_path: Path) -> None:
    good = read_registry([make_workbook(tmp_path / "ok.xlsx")])
    store.save_registry(good)
    before = store.load_registry()
    bad = make_workbook(tmp_path / "bad.xlsx", bad={25: ("首页网址", "ftp://x")})
    with pytest.raises(ImportRefused):
        read_registry([bad], known_units=store.unit_names())
    assert store.load_registry() == before
    # Re-import of a changed sheet updates in place, never duplicates.
    changed = good.model_copy(
        update={"sites": tuple(s.model_copy(update={"name": s.name + "（新）"}) for s in good.sites)}
    )
    store.save_registry(changed)
    store.save_registry(changed)
    after = store.load_registry()
    assert len(after.sites) == 50 and len(after.accounts) == 2
    assert all(s.name.endswith("（新）") for s in after.sites)


def test_export_round_trip(tmp_path: Path) -> None:
    reg = read_registry([make_workbook(tmp_path / "ok.xlsx")])
    out = write_registry_xlsx(reg, tmp_path / "export.xlsx")
    again = read_registry([out])
    assert again == reg


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://s8.dengzhou.gov.cn:99999/", "端口“99999”无效"),
        ("http://s8.dengzhou.gov.cn:0/", "端口“0”无效"),
        ("http://s8.dengzhou.gov.cn:80a/", "端口“80a”无效"),
        ("ftp://s8.dengzhou.gov.cn/", "应以 http:// 或 https:// 开头"),
        ("s8.dengzhou.gov.cn", "应以 http:// 或 https:// 开头"),
        ("http://s8.dengzhou .gov.cn/", "不能有空格"),
        ("http://s8.dengzhou.gov.cn/通知\u3000公告/", "不能有空格"),
        ("http://s8_dengzhou.gov.cn/", "主机名“s8_dengzhou.gov.cn”不正确"),
        ("http://dengzhou/", "主机名“dengzhou”不正确"),
        ("http://-s8.dengzhou.gov.cn/", "不正确"),
        ("http://300.1.1.1/", "不是有效的 IP 地址"),
        ("http://admin:pw@s8.dengzhou.gov.cn/", "用户名或密码"),
    ],
)
def test_invalid_home_url_is_refused_naming_row_and_column(tmp_path: Path, url: str, reason: str) -> None:
    path = make_workbook(tmp_path / "bad.xlsx", bad={8: ("首页网址", url)})
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    [p] = ei.value.problems
    assert (p.sheet, p.row, p.column) == ("网站底账", 11, "首页网址") and reason in p.message, p


@pytest.mark.parametrize(
    "url",
    [
        "http://s8.dengzhou.gov.cn:8080/index.html",
        "https://s8.dengzhou.gov.cn/",
        "http://127.0.0.1:65535/",
        "http://[::1]:8000/",
        "http://政府.中国/",
        "http://xn--mxtq1m.xn--fiqs8s/",
    ],
)
def test_valid_home_urls_are_accepted(tmp_path: Path, url: str) -> None:
    reg = read_registry([make_workbook(tmp_path / "ok.xlsx", bad={8: ("首页网址", url)})])
    assert reg.sites[8].home_url == url


def test_bad_extra_host_and_column_url(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "bad.xlsx", bad={10: ("其他域名", "www.s10.dengzhou.gov.cn:70000")})
    with pytest.raises(ImportRefused) as ei:
        read_registry([path])
    [p] = ei.value.problems
    assert p.column == "其他域名" and "端口“70000”无效" in p.message
    csv = tmp_path / "cols.csv"
    csv.write_text(
        "网站标识码,栏目名称,栏目地址\n4113810001,通知公告,http://s1.dengzhou.gov.cn:123456/tzgg/\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as ei:
        read_registry([make_workbook(tmp_path / "ok.xlsx"), csv])
    [p] = ei.value.problems
    assert (p.file, p.row, p.column) == ("cols.csv", 2, "栏目地址") and "端口“123456”无效" in p.message


def test_gbk_yaml_registry_is_read(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_bytes(
        "units:\n  - {name: 县公安局, kind: 部门}\nsites:\n  - code: '4113300012'\n    name: 桐柏县公安局\n"
        "    home_url: http://gaj.tongbai.gov.cn/\n    unit: 县公安局\n".encode("gbk")
    )
    assert read_registry([path]).sites[0].name == "桐柏县公安局"


def test_reimporting_the_same_file_plans_no_change(store: Store, tmp_path: Path) -> None:
    from govinspect.registry import plan_import

    reg = read_registry([make_workbook(tmp_path / "ok.xlsx")])
    first = plan_import(store.load_registry(), reg)
    assert (len(first.units.added), len(first.sites.added), len(first.accounts.added)) == (51, 50, 2)
    store.save_registry(reg)
    for replace in (False, True):
        assert plan_import(store.load_registry(), reg, replace=replace).empty


def test_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "ok.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    lists = wb.create_sheet("下拉选项")
    lists.append(["部门", "乡镇", "县区"])
    lists.sheet_state = "hidden"
    wb.save(path)
    assert len(read_registry([path]).sites) == 50
    wb = load_workbook(path)
    wb["下拉选项"].sheet_state = "visible"
    wb.save(path)
    with pytest.raises(ImportRefused, match="工作表 下拉选项：前 10 行中找不到可识别的表头"):
        read_registry([path])


@pytest.mark.parametrize("replace", [False, True])
def test_reimport_keeps_a_status_date_unless_the_status_changes(store: Store, replace: bool) -> None:
    """A 底账 sheet has no status date: re-importing the same status keeps it; a new status clears it."""
    import datetime as dt

    from govinspect.registry import plan_import

    unit = m.Unit(name="县民政局")
    site = m.Site(code="mzj1", name="县民政局网站", home_url="http://mzj.example.cn/", unit=unit.name,
                  status=m.SiteStatus.CLOSED)  # fmt: skip
    dated = site.model_copy(update={"status_since": dt.date(2023, 7, 1)})
    store.save_registry(m.Registry(units=(unit,), sites=(dated,)))
    sheet = m.Registry(units=(unit,), sites=(site,))
    plan = plan_import(store.load_registry(), sheet, replace=replace)
    assert plan.empty
    store.save_registry(plan.result if replace else sheet, replace=replace)
    assert store.load_registry().sites[0].status_since == dt.date(2023, 7, 1)
    running = m.Registry(units=(unit,), sites=(site.model_copy(update={"status": m.SiteStatus.RUNNING}),))
    plan = plan_import(store.load_registry(), running, replace=replace)
    assert plan.sites.changed == ("县民政局网站（mzj1）",)
    store.save_registry(plan.result if replace else running, replace=replace)
    after = store.load_registry().sites[0]
    assert (after.status, after.status_since) == (m.SiteStatus.RUNNING, None)
