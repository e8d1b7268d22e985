"""`govinspect task …`: the same moves as the web, acting as a named account; errors in one line."""

from __future__ import annotations

from pathlib import Path

from rectify_fixtures import judged_round, office
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.rectify import create_tasks
from govinspect.store import Store, UserStore

runner = CliRunner()


def _run(data: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data-dir", str(data), *args], env={"COLUMNS": "200"})


def _office(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    data = tmp_path / "data"
    assert _run(data, "init").exit_code == 0
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    store.migrate()
    judged_round(store)
    office(store)
    tasks = create_tasks(store, "2023Q3", store.results("2023Q3"), store.findings("2023Q3"), workdays=5)
    store.close()
    return data, {t.unit: t.id for t in tasks}


def test_issue_sign_submit_and_return_from_the_command_line(tmp_path: Path) -> None:
    data, ids = _office(tmp_path)
    edu = str(ids["县教育局"])
    res = _run(data, "task", "issue", "2023Q3", "--user", "督查员甲", "--on", "2023-09-25")
    assert res.exit_code == 0, res.output
    assert "县教育局，整改期限 2023-10-08" in res.output and "县民政局，整改期限 2023-10-08" in res.output
    assert _run(data, "task", "sign", edu, "--user", "教育局填报").exit_code == 0
    listed = _run(data, "task", "list", "--user", "教育局填报").output
    assert "县教育局  整改中" in listed and "（逾期）" in listed and "县民政局" not in listed
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4\n%%EOF\n")
    shown = _run(data, "task", "show", edu).output
    item = shown.split("[", 1)[1].split("]", 1)[0]
    res = _run(
        data,
        "task",
        "submit",
        edu,
        "--user",
        "教育局填报",
        "--report",
        str(report),
        "--item",
        f"{item}=已更新",
    )
    assert res.exit_code == 0, res.output
    assert "整改情况：已更新" in _run(data, "task", "show", edu, "--user", "教育局填报").output
    res = _run(data, "task", "return", edu, "--user", "督查员甲")
    assert res.exit_code == 1 and res.output.strip() == "错误：退回须写明理由（--reason）"
    assert _run(data, "task", "return", edu, "--user", "督查员甲", "--reason", "未见更新").exit_code == 0
    assert "县教育局  整改中" in _run(data, "task", "list", "2023Q3").output
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    actions = [e.action for e in UserStore(store).audit_entries(actor="督查员甲")]
    assert actions[:2] == ["整改任务退回", "整改任务下发"]


def test_errors_are_one_chinese_line_and_change_nothing(tmp_path: Path) -> None:
    data, ids = _office(tmp_path)
    other = str(ids["县民政局"])
    res = _run(data, "task", "sign", other, "--user", "教育局填报")
    assert res.exit_code == 1 and res.output.strip() == f"错误：没有编号为 {other} 的整改任务"
    res = _run(data, "task", "show", other, "--user", "教育局填报")
    assert res.output.strip() == f"错误：没有编号为 {other} 的整改任务"
    res = _run(data, "task", "accept", other, "--user", "督查员甲")
    assert res.output.strip() == f"错误：整改任务 {other} 当前为“待下发”，不能验收（仅“复核中”的任务可以）"
    res = _run(data, "task", "sign", other, "--user", "无此人")
    assert res.output.strip() == "错误：没有名为“无此人”的可用账号"
    res = _run(data, "task", "submit", other, "--user", "民政局填报", "--report", "x.pdf", "--item", "abc")
    assert res.output.strip() == "错误：整改情况“abc”应写作“问题编号=内容”，如 12=已更新栏目"
    assert "待下发" in _run(data, "task", "show", other).output
