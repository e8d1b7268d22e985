"""`govinspect user add|set|passwd|token|list` and the demo's platform lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.config import Settings
from govinspect.store import Store
from govinspect.store.users import UserStore

runner = CliRunner()


def _run(tmp_path: Path, *args: str, stdin: str | None = None) -> Result:
    return runner.invoke(
        app, ["--data-dir", str(tmp_path / "data"), *args], input=stdin, env={"COLUMNS": "200"}
    )


def _store(tmp_path: Path) -> Store:
    s = Store(Settings(data_dir=tmp_path / "data").db_url())
    s.migrate()
    return s


def _with_units(tmp_path: Path) -> Store:
    s = _store(tmp_path)
    s.save_registry(m.Registry(units=(m.Unit(name="县教育局"),)))
    return s


def test_add_with_prompted_password(tmp_path: Path) -> None:
    _with_units(tmp_path)
    res = _run(
        tmp_path,
        "user",
        "add",
        "李四",
        "--role",
        "unit",
        "--unit",
        "县教育局",
        stdin="a-long-password\na-long-password\n",
    )
    assert res.exit_code == 0, res.output
    assert "已创建账号 李四（填报单位·县教育局）" in res.output
    assert UserStore(_store(tmp_path)).check_password("李四", "a-long-password") is not None


def test_add_with_generated_password_prints_it_once(tmp_path: Path) -> None:
    assert (
        _run(tmp_path, "user", "add", "张三", "--role", "supervisor", "--generate").exit_code == 1
    )  # no init yet
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "user", "add", "张三", "--role", "supervisor", "--generate")
    assert res.exit_code == 0, res.output
    password = re.search(r"初始密码（只显示这一次）：(\S+)", res.output)
    assert password
    assert UserStore(_store(tmp_path)).check_password("张三", password.group(1)) is not None


def test_bad_input_is_one_chinese_line_and_changes_nothing(tmp_path: Path) -> None:
    _with_units(tmp_path)
    for args, message in [
        (("--role", "unit", "--generate"), "填报单位账号须指定所属单位"),
        (("--role", "unit", "--unit", "不存在的局", "--generate"), "单位“不存在的局”不在底账中"),
        (("--role", "boss", "--generate"), "角色“boss”不存在"),
    ]:
        res = _run(tmp_path, "user", "add", "王五", *args)
        assert res.exit_code == 1 and message in res.output, res.output
    assert UserStore(_store(tmp_path)).list_users() == []
    assert _run(tmp_path, "user", "add", "王五", "--role", "viewer", "--generate").exit_code == 0
    res = _run(tmp_path, "user", "add", "王五", "--role", "viewer", "--generate")
    assert res.exit_code == 1 and "用户“王五”已存在" in res.output


def test_token_acts_as_the_user(tmp_path: Path) -> None:
    assert _run(tmp_path, "init").exit_code == 0
    _run(tmp_path, "user", "add", "张三", "--role", "supervisor", "--generate")
    res = _run(tmp_path, "user", "token", "张三")
    token = re.search(r"(gi_\S+)", res.output)
    assert res.exit_code == 0 and token
    user = UserStore(_store(tmp_path)).token_user(token.group(1))
    assert user is not None and user.name == "张三"
    assert _run(tmp_path, "user", "token", "无此人").exit_code == 1
    assert re.search(r"张三\s+督查员\s+（全辖区）\s+正常", _run(tmp_path, "user", "list").output)


def test_set_changes_only_what_is_given_and_is_audited(tmp_path: Path) -> None:
    store = _with_units(tmp_path)
    _run(tmp_path, "user", "add", "李四", "--role", "viewer", "--generate")
    res = _run(tmp_path, "user", "set", "李四", "--role", "unit", "--unit", "县教育局")
    assert res.exit_code == 0 and "已修改账号 李四" in res.output, res.output
    assert re.search(r"李四\s+填报单位\s+县教育局\s+正常", _run(tmp_path, "user", "list").output)
    assert _run(tmp_path, "user", "set", "李四", "--disable").exit_code == 0
    user = UserStore(store).get_user("李四")
    assert user is not None and not user.active and user.role == "unit" and user.unit == "县教育局"
    assert "没有变化" in _run(tmp_path, "user", "set", "李四", "--disable").output
    entry = UserStore(store).audit_entries(action="修改用户")[0]
    assert entry.before == {"role": "unit", "unit": "县教育局", "active": True}
    assert entry.after == {"role": "unit", "unit": "县教育局", "active": False}


def test_set_refusals_change_nothing(tmp_path: Path) -> None:
    store = _with_units(tmp_path)
    _run(tmp_path, "user", "add", "管理员", "--role", "admin", "--generate")
    for args, message in [
        (("无此人", "--disable"), "没有名为“无此人”的账号"),
        (("管理员", "--disable"), "唯一在用的系统管理员"),
        (("管理员", "--role", "unit"), "填报单位账号须指定所属单位"),
    ]:
        res = _run(tmp_path, "user", "set", *args)
        assert res.exit_code == 1 and message in res.output, res.output
    user = UserStore(store).get_user("管理员")
    assert user is not None and user.active and user.role == "admin"


def test_passwd_replaces_the_password(tmp_path: Path) -> None:
    store = _with_units(tmp_path)
    _run(tmp_path, "user", "add", "李四", "--role", "viewer", "--generate")
    res = _run(tmp_path, "user", "passwd", "李四", stdin="new-long-password\nnew-long-password\n")
    assert res.exit_code == 0 and "已重置账号 李四 的密码" in res.output, res.output
    assert UserStore(store).check_password("李四", "new-long-password") is not None
    res = _run(tmp_path, "user", "passwd", "李四", stdin="short\nshort\n")
    assert res.exit_code == 1 and "密码至少 10 个字符" in res.output
    assert UserStore(store).check_password("李四", "new-long-password") is not None


def test_demo_lines_name_the_command_and_two_logins(tmp_path: Path) -> None:
    from govinspect.web.users import demo_platform_lines

    store = _with_units(tmp_path)
    store.save_registry(m.Registry(units=(m.Unit(name="县卫健委"),)))
    lines = demo_platform_lines(Settings(data_dir=tmp_path / "data"))
    assert lines[0] == f"打开检查平台：govinspect --data-dir {tmp_path / 'data'} serve"
    creds = [re.search(r"用户名 (\S+)　密码 (\S+)", line) for line in lines[2:]]
    assert [c.group(1) for c in creds if c] == ["demo-supervisor", "demo-unit"]
    users = UserStore(_store(tmp_path))
    for c in creds:
        assert c and users.check_password(c.group(1), c.group(2)) is not None
    assert users.get_user("demo-unit").unit == "县教育局"  # type: ignore[union-attr]  # no results yet: first unit
    assert demo_platform_lines(Settings(data_dir=tmp_path / "data"))[2:] == []  # existing accounts are kept


def test_help_reads_in_chinese() -> None:
    for args in (["serve"], ["user"], ["user", "add"], ["user", "token"], ["user", "list"]):
        out = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"}).output
        assert "用法" in out and "显示本帮助并退出" in out, args
        assert re.search(r"[\u4e00-\u9fff]", out.split("用法", 1)[1]), args


def test_serve_runs_monitoring_except_in_a_demo_directory(tmp_path: Path, monkeypatch: Any) -> None:
    import uvicorn

    import govinspect.jobs.monitoring as monitoring

    started: list[Path] = []

    class Scheduler:
        def shutdown(self, wait: bool = True) -> None:
            started.append(Path("shutdown"))

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    monkeypatch.setattr(
        monitoring, "start_scheduler", lambda s, **k: started.append(s.data_dir) or Scheduler()
    )
    assert _run(tmp_path, "init").exit_code == 0
    res = _run(tmp_path, "serve")
    assert res.exit_code == 0 and "持续监测计划已在本进程中运行" in res.output, res.output
    assert started == [tmp_path / "data", Path("shutdown")]
    assert _run(tmp_path, "serve", "--no-monitor").exit_code == 0 and len(started) == 2
    (tmp_path / "data" / ".govinspect-demo").write_text("demo", encoding="utf-8")
    res = _run(tmp_path, "serve")
    assert "演示数据目录不运行持续监测" in res.output and len(started) == 2
