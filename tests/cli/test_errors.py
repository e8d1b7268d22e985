"""The central error handler: one Chinese line, --debug for the traceback, Ctrl-C exits 130, data printed as is."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from govinspect.cli import app
from govinspect.cli.errors import INTERRUPTED, chinese_usage, explain
from govinspect.errors import UserError

runner = CliRunner()


def _run(tmp_path: Path, *args: str) -> Result:
    return runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args], env={"COLUMNS": "80"})


def _boom(exc: BaseException):  # type: ignore[no-untyped-def]
    def raiser(*_args: object, **_kwargs: object) -> None:
        raise exc

    return raiser


def test_unexpected_error_is_one_chinese_line_with_a_debug_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("govinspect.jobs.office.write_office_template", _boom(RuntimeError("disk on fire")))
    res = _run(tmp_path, "init")
    assert res.exit_code == 1
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("错误：内部错误") and "disk on fire" in line and "--debug" in line
    assert "Traceback" not in res.output


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govinspect.jobs.office.write_office_template", _boom(RuntimeError("disk on fire")))
    res = runner.invoke(app, ["--debug", "--data-dir", str(tmp_path / "data"), "init"])
    assert res.exit_code == 1
    assert "Traceback (most recent call last)" in res.stderr and "RuntimeError: disk on fire" in res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("错误：内部错误")


def test_ctrl_c_exits_130_and_says_how_to_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("govinspect.jobs.office.write_office_template", _boom(KeyboardInterrupt()))
    res = _run(tmp_path, "init")
    assert res.exit_code == 130
    assert res.stderr.strip() == "已中断，重新运行即可续跑"


def test_user_error_keeps_its_message_and_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "govinspect.jobs.office.write_office_template", _boom(UserError("办公室设置无法写入", exit_code=2))
    )
    res = _run(tmp_path, "init")
    assert res.exit_code == 2 and res.stderr.strip() == "错误：办公室设置无法写入"


def test_data_with_rich_markup_prints_as_is(tmp_path: Path) -> None:
    """A unit named like rich markup is listed, and its error printed, character for character."""
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n[/bold]县民政局[red]\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n[bold]网站[/],4113300001,http://mzj.tongbai.gov.cn/,[/bold]县民政局[red]\n",
        encoding="utf-8",
    )
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "registry", "import", str(units), str(sites))
    assert res.exit_code == 0, res.output
    listing = runner.invoke(
        app, ["--data-dir", str(tmp_path / "data"), "registry", "list"], env={"COLUMNS": "200"}
    ).output
    assert "[bold]网站[/]" in listing and "[/bold]县民政局[red]" in listing
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n网站,4113300002,http://x.tongbai.gov.cn/,[/bold]无此单位\n",
        encoding="utf-8",
    )
    res = _run(tmp_path, "registry", "import", str(bad))
    assert res.exit_code == 1 and "[/bold]无此单位" in res.stderr


def test_round_name_with_markup_is_printed_as_is(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "round", "create", "[/bold]2023", "-c", "2023-06-20")
    assert res.exit_code == 0 and "[/bold]2023" in res.stdout


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (FileNotFoundError(2, "No such file", "a.xlsx"), "找不到文件或目录“a.xlsx”"),
        (PermissionError(13, "Permission denied", "a.xlsx"), "没有权限读写“a.xlsx”"),
        (IsADirectoryError(21, "Is a directory", "d"), "“d”是目录"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "文件编码无法识别"),
        (zipfile.BadZipFile("File is not a zip file"), "不是有效的 Excel 文件"),
        (ValueError("年份“二〇二三”无法识别"), "年份“二〇二三”无法识别"),
        (ValueError("invalid literal for int()"), "内容无法识别"),
        (KeyboardInterrupt(), INTERRUPTED),
    ],
)
def test_explain_gives_chinese_for_each_kind_of_error(exc: BaseException, expected: str) -> None:
    message, code = explain(exc, ["a.xlsx"])
    assert expected in message and "\n" not in message
    assert code == (130 if isinstance(exc, KeyboardInterrupt) else 1)


def test_explain_names_line_and_column_of_broken_json_and_yaml() -> None:
    try:
        json.loads('{"a": 1,\n "b": }')
    except json.JSONDecodeError as exc:
        message, _ = explain(exc, ["hosts.json"])
    assert message.startswith("读取“hosts.json”时出错") and "第 2 行第 7 列" in message
    try:
        yaml.safe_load("a: [1, 2\nb: 3")
    except yaml.YAMLError as exc:
        message, _ = explain(exc, ["x.yaml"])
    assert "不是有效的 YAML" in message and "第 " in message


def test_explain_lists_several_problems_one_a_line() -> None:
    from govinspect.tables import ImportRefused, Problem

    one, code = explain(ImportRefused([Problem("a.csv", "缺少该列", column="账号名称")], "发布记录"))
    assert code == 1 and len(one.splitlines()) == 1 and one.startswith("发布记录导入失败，未写入任何数据。")
    many, _ = explain(
        ImportRefused(
            [
                Problem("a.csv", "无法识别", row=2, column="发布时间"),
                Problem("a.csv", "不在底账中", row=3, column="账号名称"),
            ],
            "发布记录",
        )
    )
    lines = many.splitlines()
    assert len(lines) == 3 and "共 2 处问题" in lines[0]
    assert "第 2 行" in lines[1] and "第 3 行" in lines[2]


def test_a_mistyped_office_setting_is_named(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from govinspect.config import OfficeConfig

    with pytest.raises(ValidationError) as caught:
        OfficeConfig.model_validate({"rectify_workdays": "五", "jurisdicton": "桐柏县"})
    message, code = explain(caught.value)
    assert message == "办公室设置 office.yaml 中的 rectify_workdays 有误：应为整数（另有 1 处）"
    assert code == 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["round", "create"], "缺少参数"),
        (["round", "create", "X", "-c", "2023-06-20", "--bogus"], "没有选项 --bogus"),
        (["--bogus", "init"], "没有选项 --bogus"),
        (["round", "nope"], "没有命令“nope”"),
        (["round", "run", "X", "-j", "abc"], "的值无效：应为整数"),
        (["round", "create", "X", "-c", "2023-06-20", "extra"], "多余的参数：extra"),
        (["probe", "--count"], "选项 --count 需要一个值"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    res = _run(tmp_path, *args)
    assert res.exit_code == 2, res.output
    assert expected in res.stderr and "错误" in res.stderr
    assert not re.search(r"Missing|No such|Invalid value|unexpected|requires", res.stderr)


def test_chinese_usage_keeps_unknown_messages_under_a_chinese_lead() -> None:
    assert chinese_usage("Something new happened") == "命令行用法有误：Something new happened"
    assert (
        chinese_usage("Invalid value for '-p': '3x' is not a valid float.") == "'-p' 的值无效：“3x”不是数字"
    )


def test_ctrl_c_on_a_running_command_exits_130(tmp_path: Path) -> None:
    """The real entry point under SIGINT: `probe` waiting between rounds is interrupted cleanly."""
    import os
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "data"
    units = tmp_path / "units.csv"
    units.write_text("单位名称\n县民政局\n", encoding="utf-8")
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "网站名称,网站标识码,首页网址,主办单位\n县民政局网站,4113300001,http://mzj.tongbai.gov.cn/,县民政局\n",
        encoding="utf-8",
    )
    hosts = tmp_path / "hosts.json"
    hosts.write_text('{"mzj.tongbai.gov.cn": "127.0.0.1:9"}', encoding="utf-8")
    assert _run(tmp_path, "init").exit_code == 0
    assert _run(tmp_path, "registry", "import", str(units), str(sites)).exit_code == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = "from govinspect.cli import main; main()"
    args = ["--data-dir", str(data), "probe", "--count", "5", "--interval", "600", "--host-map", str(hosts)]
    proc = subprocess.Popen(
        [sys.executable, "-c", cmd, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while _probes(data) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)  # until the first round of probes is stored and the command waits for the next
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == "已中断，重新运行即可续跑"
    assert "Traceback" not in err


def _probes(data: Path) -> int:
    import sqlite3

    con = sqlite3.connect(data / "govinspect.db")
    try:
        return int(con.execute("select count(*) from probes").fetchone()[0])
    except sqlite3.OperationalError:  # locked by the writer: try again
        return 0
    finally:
        con.close()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("jurisdiction: 桐柏县\n".encode("gbk"), "不是 UTF-8 编码"),
        ("jurisdiction: 桐柏县\nissuer:\n  name: [\n".encode(), "第 4 行不是有效的 YAML"),
        ("- 桐柏县\n".encode(), "应为“设置名: 值”的形式"),
        ("rectify_workdays: 五\n".encode(), "office.yaml 中的 rectify_workdays 有误：应为整数"),
    ],
)
def test_a_broken_office_yaml_is_named_in_one_line(tmp_path: Path, content: bytes, says: str) -> None:
    from govinspect.config import Settings, load_office_config

    (tmp_path / "office.yaml").write_bytes(content)
    with pytest.raises(Exception) as caught:
        load_office_config(Settings(data_dir=tmp_path))
    message, code = explain(caught.value)
    assert says in message and "\n" not in message and code == 1


def test_every_stage_error_type_is_a_user_error() -> None:
    """The handler knows one type: each stage's error derives from UserError, so its Chinese line is shown."""
    from govinspect.errors import UserError
    from govinspect.feeds.parse import FeedError
    from govinspect.rectify import RectifyError
    from govinspect.rules import ProfileError
    from govinspect.sim.scenario import ScenarioError
    from govinspect.store import StoreError
    from govinspect.tables import ImportRefused

    for kind in (FeedError, ProfileError, RectifyError, ScenarioError, StoreError, ImportRefused):
        assert issubclass(kind, UserError), kind


def test_sim_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    import socket

    scenario = Path(__file__).resolve().parents[1] / "sim" / "data" / "small.yaml"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = _run(tmp_path, "sim", "serve", str(scenario), "--port", str(port))
    assert res.exit_code == 1
    [line] = res.stderr.strip().splitlines()
    assert line.startswith("错误：端口已被占用")
