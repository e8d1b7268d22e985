"""`govinspect task …`: the same moves as the web, acting as a named account; errors in one line."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
from pathlib import Path

from rectify_fixtures import judged_round, office, result, stale
from typer.testing import CliRunner

from govinspect import model as m
from govinspect.cli import app
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.rectify import create_tasks, get_task, submit, transition
from govinspect.sim import build_world, load_scenario
from govinspect.sim.server import start
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


def test_recheck_from_the_command_line_over_the_simulator(tmp_path: Path) -> None:
    """`task recheck --host-map` reads the item's column again (today: long stale → 疑似未整改)."""
    world = build_world(load_scenario(Path(__file__).with_name("loop_scenario.yaml")))
    data = tmp_path / "data"
    assert _run(data, "init").exit_code == 0
    store = Store(f"sqlite:///{data / 'govinspect.db'}")
    store.migrate()
    reg = world.registry()
    store.save_registry(
        reg.model_copy(update={"sites": tuple(s.model_copy(update={"crawl": SIM_CRAWL}) for s in reg.sites)})
    )
    site = world.sites[0]
    column = next(c for c in site.columns if c.name == "工作动态")
    store.create_round(m.Round(name="R", checkpoint=m.checkpoint_at(dt.date(2023, 9, 20))))
    store.save_results("R", [result(site.code, site.unit, m.Verdict.PASS, ("column.stale",))])
    store.add_findings("R", [stale(site.code, column.url)])
    users = UserStore(store)
    boss = users.add_user("督查员甲", "supervisor", "correct-horse-battery")
    mine = users.add_user("教育局填报", "unit", "correct-horse-battery", site.unit)
    (task,) = create_tasks(store, "R", store.results("R"), store.findings("R"), workdays=5)
    transition(store, task.id, "issue", boss, None, on=dt.date.today() - dt.timedelta(days=14))
    transition(store, task.id, "sign", mine, frozenset({site.unit}))
    report = tmp_path / "整改报告.png"
    report.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    try:
        hosts = tmp_path / "hosts.json"
        hosts.write_text(json.dumps(server.host_map), encoding="utf-8")
        due = _run(data, "task", "precheck", "--user", "督查员甲", "--host-map", str(hosts))
        assert due.exit_code == 0, due.output
        assert f"整改任务 {task.id}（{site.unit}）中期复查：疑似未整改" in due.output
        assert get_task(store, task.id).state == "整改中"  # the nightly look moves nothing
        submit(
            store,
            data,
            task.id,
            mine,
            frozenset({site.unit}),
            answers={task.items[0].id: "已更新"},
            report=report,
        )
        assert get_task(store, task.id).items[0].recheck is None  # a new submission awaits its own re-check
        res = _run(data, "task", "recheck", str(task.id), "--user", "督查员甲", "--host-map", str(hosts))
    finally:
        asyncio.run_coroutine_threadsafe(server.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
    assert res.exit_code == 0, res.output
    assert f"[{task.items[0].id}] 疑似未整改" in res.output
    checked = get_task(store, task.id)
    assert checked.state == "复核中" and (checked.items[0].recheck_evidence or {})["url"] == column.url
