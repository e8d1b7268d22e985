"""整改任务 in Debian's chromium over a real `govinspect serve --host-map` on a simulated county.

The supervisor issues the task, the unit signs it and hands in its answers with a signed PDF, the
supervisor re-checks the item's column on the simulated site and accepts: the task is 已整改.
Screenshots go to tests/web/screenshots/tasks/ (not committed) for a person to look at.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import PASSWORD
from govinspect import model as m
from govinspect.cli import app as cli
from govinspect.config import Settings
from govinspect.jobs.simulation import SIM_CRAWL
from govinspect.rectify import create_tasks, get_task
from govinspect.sim import build_world, load_scenario
from govinspect.sim.server import start
from govinspect.store import Store
from govinspect.store.users import UserStore
from services import chromium_path, need

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).parent / "screenshots" / "tasks"
SRC = Path(__file__).resolve().parents[2] / "src"
SCENARIO = Path(__file__).resolve().parents[1] / "rectify" / "loop_scenario.yaml"


@dataclass
class Platform:
    url: str
    data: Path
    task_id: int
    column_url: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _office(data: Path, world: object) -> tuple[int, str]:
    """The simulated county's 台账, a judged round with one stale column of 县教育局 and the accounts."""
    assert CliRunner().invoke(cli, ["--data-dir", str(data), "init"]).exit_code == 0
    store = Store(Settings(data_dir=data).db_url())
    store.migrate()
    reg = world.registry()  # type: ignore[attr-defined]
    store.save_registry(
        reg.model_copy(update={"sites": tuple(s.model_copy(update={"crawl": SIM_CRAWL}) for s in reg.sites)})
    )
    site = next(s for s in world.sites if s.unit == "县教育局")  # type: ignore[attr-defined]
    column = next(c for c in site.columns if c.name == "工作动态")
    store.create_round(m.Round(name="2023Q3", checkpoint=m.checkpoint_at(dt.date(2023, 9, 20))))
    result = m.TargetResult(target_kind=m.TargetKind.SITE, target=site.code, unit=site.unit, name=site.name,
                            score=99.0, verdict=m.Verdict.PASS,
                            deductions=(m.Deduction(code="column.stale", points=1, reason="栏目不更新"),))  # fmt: skip
    finding = m.Finding(code="column.stale", target_kind=m.TargetKind.SITE, target=site.code,
                        message="栏目“工作动态”2周内未更新",
                        evidence=m.Evidence(url=column.url, detail={"column": "工作动态"}))  # fmt: skip
    store.save_results("2023Q3", [result])
    store.add_findings("2023Q3", [finding])
    (task,) = create_tasks(store, "2023Q3", store.results("2023Q3"), store.findings("2023Q3"), workdays=10)
    users = UserStore(store)
    users.add_user("sup", "supervisor", PASSWORD)
    users.add_user("edu", "unit", PASSWORD, "县教育局")
    store.close()
    return task.id, column.url


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    need(chromium_path() is not None, "chromium is not installed")
    pytest.importorskip("playwright")
    world = build_world(load_scenario(SCENARIO))
    data = tmp_path_factory.mktemp("tasks") / "data"
    task_id, column_url = _office(data, world)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    sim = asyncio.run_coroutine_threadsafe(start(world), loop).result(30)
    hosts = data.parent / "hosts.json"
    hosts.write_text(json.dumps(sim.host_map), encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    exe = str(Path(sys.executable).parent / "govinspect")
    proc = subprocess.Popen(
        [exe, "--data-dir", str(data), "serve", "--port", str(port), "--host-map", str(hosts), "--no-monitor"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"govinspect serve did not start: {out}")
                time.sleep(0.3)
        yield Platform(f"http://127.0.0.1:{port}", data, task_id, column_url)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        asyncio.run_coroutine_threadsafe(sim.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path())
        yield b
        b.close()


def _page(browser: object, platform: Platform, name: str) -> object:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")  # type: ignore[attr-defined]
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    page.goto(platform.url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def _state(page: object) -> str:
    return str(page.text_content(".task-state")).strip()  # type: ignore[attr-defined]


def _wait_for(page: object, url: str, state: str, seconds: float = 60) -> None:
    """Reload the task page, as a person would, until the background job has moved the task."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)  # type: ignore[attr-defined]
        if _state(page) == state or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert _state(page) == state, page.text_content("body")  # type: ignore[attr-defined]


def test_issue_sign_submit_recheck_accept(platform: Platform, browser: object, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    task_url = f"{platform.url}/tasks/{platform.task_id}"
    sup: object = _page(browser, platform, "sup")
    sup.goto(platform.url + "/tasks")  # type: ignore[attr-defined]
    sup.screenshot(path=str(SHOTS / "1-督查员任务列表.png"), full_page=True)  # type: ignore[attr-defined]
    sup.click("text=下发轮次“2023Q3”全部待下发任务")  # type: ignore[attr-defined]
    sup.goto(task_url)  # type: ignore[attr-defined]
    assert _state(sup) == "已下发"

    unit: object = _page(browser, platform, "edu")
    unit.click("nav >> text=整改任务")  # type: ignore[attr-defined]
    unit.click(f"a[href='/tasks/{platform.task_id}']")  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "2-单位待签收.png"), full_page=True)  # type: ignore[attr-defined]
    unit.click("form.task-sign button")  # type: ignore[attr-defined]
    assert _state(unit) == "整改中"
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    fake = tmp_path / "伪装.pdf"
    fake.write_text("这不是 PDF", encoding="utf-8")
    unit.fill("textarea", "已更新“工作动态”栏目，并明确专人每周更新")  # type: ignore[attr-defined]
    unit.set_input_files("input[name=report]", str(fake))  # type: ignore[attr-defined]
    unit.click("text=提交整改报告")  # type: ignore[attr-defined]
    assert "不是PDF 或图片" in str(unit.text_content(".error"))  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "3-单位上传被拒.png"), full_page=True)  # type: ignore[attr-defined]
    assert [e for e in unit.console_errors if "400" not in e] == []  # type: ignore[attr-defined]
    unit.console_errors.clear()  # type: ignore[attr-defined]  # the refused upload answered 400, as it should
    assert "专人每周更新" in str(unit.input_value("textarea"))  # type: ignore[attr-defined]
    unit.set_input_files("input[name=report]", str(report))  # type: ignore[attr-defined]
    unit.click("text=提交整改报告")  # type: ignore[attr-defined]
    assert _state(unit) == "已提交"
    unit.screenshot(path=str(SHOTS / "4-单位已提交.png"), full_page=True)  # type: ignore[attr-defined]

    assert "复查进行中" in str(unit.text_content(".recheck-job")) or _state(unit) == "复核中"
    _wait_for(sup, task_url, "复核中")  # the submission started the 复查 in the background
    assert "疑似未整改" in str(sup.text_content("#item-" + str(get_item(platform))))  # type: ignore[attr-defined]
    sup.screenshot(path=str(SHOTS / "5-复查结果.png"), full_page=True)  # type: ignore[attr-defined]
    sup.click("form.task-accept button")  # type: ignore[attr-defined]
    assert _state(sup) == "已整改"
    history = str(sup.text_content("body"))  # type: ignore[attr-defined]
    assert all(
        a in history
        for a in (
            "整改任务下发",
            "整改任务签收",
            "整改任务提交整改报告",
            "整改任务复查",
            "整改任务验收",
            "系统自动复查",
        )
    )
    sup.screenshot(path=str(SHOTS / "6-验收已整改.png"), full_page=True)  # type: ignore[attr-defined]
    with sup.expect_download() as got:  # type: ignore[attr-defined]
        sup.click("text=整改报告.pdf")  # type: ignore[attr-defined]
    assert got.value.suggested_filename.endswith("整改报告.pdf")
    assert sup.console_errors == [] and unit.console_errors == []  # type: ignore[attr-defined]


def get_item(platform: Platform) -> int:
    store = Store(Settings(data_dir=platform.data).db_url())
    try:
        return get_task(store, platform.task_id).items[0].id
    finally:
        store.close()


def test_unit_appeals_a_finding_and_the_supervisor_rejects(
    platform: Platform, browser: object, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    unit: object = _page(browser, platform, "edu")
    unit.goto(f"{platform.url}/tasks/{platform.task_id}")  # type: ignore[attr-defined]
    unit.click("a.appeal-link")  # type: ignore[attr-defined]
    proof = tmp_path / "栏目更新记录.png"
    proof.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    unit.fill("textarea[name=reason]", "“工作动态”栏目 9 月 18 日已发布信息，检查时页面缓存未刷新")  # type: ignore[attr-defined]
    unit.set_input_files("input[name=evidence]", str(proof))  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "7-单位提出申诉.png"), full_page=True)  # type: ignore[attr-defined]
    unit.click("text=提交申诉")  # type: ignore[attr-defined]
    assert str(unit.text_content(".appeal-state")).strip() == "待处理"  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "8-申诉待处理.png"), full_page=True)  # type: ignore[attr-defined]

    sup: object = _page(browser, platform, "sup")
    sup.click("nav >> text=申诉")  # type: ignore[attr-defined]
    sup.screenshot(path=str(SHOTS / "9-督查员申诉列表.png"), full_page=True)  # type: ignore[attr-defined]
    sup.click("table.appeals a")  # type: ignore[attr-defined]
    sup.click("button.appeal-reject")  # type: ignore[attr-defined]  # no reason: refused, nothing changes
    assert "驳回申诉须写明理由" in str(sup.text_content(".error"))  # type: ignore[attr-defined]
    sup.console_errors.clear()  # type: ignore[attr-defined]  # the refusal answered 409, as it should
    sup.fill("textarea[name=reason]", "抽查存档页面，该栏目最新信息仍为 8 月 11 日")  # type: ignore[attr-defined]
    sup.click("button.appeal-reject")  # type: ignore[attr-defined]
    assert str(sup.text_content(".appeal-state")).strip() == "已驳回"  # type: ignore[attr-defined]
    assert "驳回申诉" in str(sup.text_content("body"))  # type: ignore[attr-defined]
    sup.screenshot(path=str(SHOTS / "10-申诉已驳回.png"), full_page=True)  # type: ignore[attr-defined]
    unit.goto(f"{platform.url}/tasks/{platform.task_id}")  # type: ignore[attr-defined]
    assert "已驳回" in str(unit.text_content("a.appeal-link"))  # type: ignore[attr-defined]
    assert sup.console_errors == [] and unit.console_errors == []  # type: ignore[attr-defined]
