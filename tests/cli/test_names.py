"""Names are checked at the command that names them, before anything is written (issue 12, defect 7)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from govinspect.cli import app

runner = CliRunner()


def _run(data: Path, *args: str) -> Result:
    return runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "200"})


def _dump(data: Path) -> list[str]:
    con = sqlite3.connect(data / "govinspect.db")
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory with one unit, one site, one account and a round R."""
    d = tmp_path / "data"
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n县民政局\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n县民政局网站,4113300001,http://mzj.tongbai.gov.cn/,县民政局\n",
        encoding="utf-8",
    )
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("账号名称,平台,账号ID,主办单位\n县民政局发布,微博,tbmzj,县民政局\n", encoding="utf-8")
    for args in (
        ["init"],
        ["registry", "import", str(units), str(sites), str(accounts)],
        ["round", "create", "R", "-c", "2023-06-20", "-p", "tongbai-2021"],
    ):
        res = _run(d, *args)
        assert res.exit_code == 0, res.output
    return d


def _refused(data: Path, *args: str, says: str) -> None:
    before = _dump(data)
    res = _run(data, *args)
    assert res.exit_code == 1, res.output
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("错误：") and says in line, line
    assert _dump(data) == before


def test_unknown_profile_refused_at_round_create(data: Path) -> None:
    _refused(data, "round", "create", "S", "-c", "2023-06-20", "-p", "tongbai-2012", says="“tongbai-2012”")
    _refused(data, "round", "create", "S", "-c", "2023-06-20", "-p", "typo", says="national-2019")


def test_unknown_profile_refused_at_rejudge_and_the_round_keeps_its_profile(data: Path) -> None:
    _refused(data, "round", "rejudge", "R", "-p", "typo", says="没有名为“typo”的检查指标画像")
    assert "tongbai-2021" in _run(data, "round", "list").stdout


def test_unknown_round_refused(data: Path) -> None:
    _refused(data, "round", "run", "NOPE", says="没有名为“NOPE”的检查轮次")
    _refused(data, "round", "rejudge", "NOPE", says="没有名为“NOPE”的检查轮次")
    _refused(data, "round", "show", "NOPE", says="没有名为“NOPE”的检查轮次")


def test_unknown_unit_refused_at_round_create(data: Path) -> None:
    _refused(
        data,
        "round",
        "create",
        "S",
        "-c",
        "2023-06-20",
        "-u",
        "县民政局",
        "-u",
        "县民证局",
        says="“县民证局”",
    )
    assert _run(data, "round", "create", "S", "-c", "2023-06-20", "-u", "县民政局").exit_code == 0


def test_missing_or_malformed_host_map_refused(data: Path, tmp_path: Path) -> None:
    _refused(data, "round", "run", "R", "--host-map", str(tmp_path / "nope.json"), says="找不到文件")
    bad = tmp_path / "hosts.json"
    bad.write_text('{"mzj.tongbai.gov.cn": 8080}', encoding="utf-8")
    _refused(data, "round", "run", "R", "--host-map", str(bad), says="应为 JSON 对象")
    _refused(data, "probe", "--host-map", str(bad), says="应为 JSON 对象")


def test_missing_input_files_refused(data: Path, tmp_path: Path) -> None:
    missing = str(tmp_path / "缺失.xlsx")
    for args in (
        ["findings", "import", "R", missing],
        ["feeds", "import", "R", missing],
        ["ledger", "import", "R", missing],
        ["extract", missing],
    ):
        _refused(data, *args, says=f"找不到文件“{missing}”")


def test_unknown_target_code_and_account_refused(data: Path) -> None:
    _refused(
        data,
        "findings",
        "add",
        "R",
        "9999999999",
        "manual.layout",
        "首页排版混乱",
        says="台账中没有“9999999999”",
    )
    _refused(
        data,
        "findings",
        "add",
        "R",
        "4113300001",
        "manual.layot",
        "首页排版混乱",
        says="没有指标代码“manual.layot”",
    )
    _refused(data, "feeds", "manual", "微博:nobody", "2023-06-01", says="台账中没有账号“微博:nobody”")
    res = _run(data, "feeds", "manual", "微博:tbmzj", "2023-06-01", "--note", "平台无法订阅")
    assert res.exit_code == 0, res.output


def test_imported_findings_on_unknown_targets_refused(data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "人工.csv"
    sheet.write_text(
        "对象,指标代码,问题描述\n4113300001,manual.layout,首页排版混乱\n4113399999,manual.popup,飘窗过大\n",
        encoding="utf-8",
    )
    _refused(data, "findings", "import", "R", str(sheet), says="“4113399999”")
    sheet.write_text("对象,指标代码,问题描述\n4113300001,manual.layuot,首页排版混乱\n", encoding="utf-8")
    _refused(data, "findings", "import", "R", str(sheet), says="“manual.layuot”")
    sheet.write_text("对象,指标代码,问题描述\n4113300001,manual.layout,首页排版混乱\n", encoding="utf-8")
    assert _run(data, "findings", "import", "R", str(sheet)).exit_code == 0


def test_commands_refuse_a_data_directory_without_a_database(tmp_path: Path) -> None:
    """A mistyped --data-dir is refused instead of silently starting an empty registry."""
    data = tmp_path / "dta"
    res = _run(data, "round", "create", "R", "-c", "2023-06-20")
    assert res.exit_code == 1 and "govinspect init" in res.stderr
    assert not data.exists()


def test_unknown_profile_refused_by_profile_show(data: Path) -> None:
    _refused(data, "profile", "show", "nanyang-2032", says="“nanyang-2032”")
    assert "nanyang-2023" in _run(data, "profile", "show", "nanyang-2023").stdout
