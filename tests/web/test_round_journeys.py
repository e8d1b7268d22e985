"""Rounds and notices in Debian's chromium over a real `govinspect serve --host-map` on the simulated county.

A supervisor creates a round, starts it, watches its progress to the end, previews the draft notice and
downloads it; a reviewer publishes it; a unit sees the published notice and its own 整改通知单 only.
Screenshots go to tests/web/screenshots/rounds/ (not committed) for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PASSWORD
from govinspect.config import Settings
from govinspect.store.users import UserStore
from services import chromium_path, need

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "jobs"))
from county_server import Served, serve_county, set_up_county_round

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).parent / "screenshots" / "rounds"
SRC = Path(__file__).resolve().parents[2] / "src"
ROUND = "2023Q2"
SCOPE = ["县教育局", "县民政局"]


@dataclass
class Served_:
    url: str
    checkpoint: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served_]:
    need(chromium_path() is not None, "chromium is not installed")
    pytest.importorskip("playwright")
    gen = serve_county()
    served: Served = next(gen)
    data = tmp_path_factory.mktemp("rounds") / "data"
    settings = Settings(data_dir=data)
    store, host_map = set_up_county_round(served, settings, ("县发改委",))
    users = UserStore(store)
    users.add_user("sup", "supervisor", PASSWORD)
    users.add_user("rev", "reviewer", PASSWORD)
    users.add_user("edu", "unit", PASSWORD, "县教育局")
    store.close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    exe = str(Path(sys.executable).parent / "govinspect")
    proc = subprocess.Popen(
        [exe, "--data-dir", str(data), "serve", "--port", str(port), "--host-map", str(host_map), "--no-monitor"],
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
        yield Served_(f"http://127.0.0.1:{port}", served.world.scenario.checkpoint.isoformat())
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        gen.close()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path())
        yield b
        b.close()


def _page(browser: object, platform: Served_, name: str) -> object:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True)  # type: ignore[attr-defined]
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


def test_supervisor_runs_a_round_and_reviewer_publishes(
    platform: Served_, browser: object, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page: object = _page(browser, platform, "sup")
    page.goto(platform.url + "/rounds")  # type: ignore[attr-defined]
    page.click("#new-round")  # type: ignore[attr-defined]
    page.fill("input[name=name]", ROUND)  # type: ignore[attr-defined]
    page.fill("input[name=checkpoint]", platform.checkpoint)  # type: ignore[attr-defined]
    page.select_option("select[name=profile]", "meixi-demo")  # type: ignore[attr-defined]
    page.check("input[name=scope][value=units]")  # type: ignore[attr-defined]
    page.select_option("select[name=units]", SCOPE)  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "1-新建检查轮次.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("form.stacked button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"**/rounds/{ROUND}/run")  # type: ignore[attr-defined]
    assert "本轮次尚未运行" in page.inner_text("#progress")  # type: ignore[attr-defined]

    page.click("#start")  # type: ignore[attr-defined]
    page.wait_for_selector("#progress[data-active='1'] .total", timeout=60_000)  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "2-运行中.png"), full_page=True)  # type: ignore[attr-defined]
    page.wait_for_selector("#progress[data-active='0'] .ok", timeout=400_000)  # type: ignore[attr-defined]  # polled every 2 s
    text = page.inner_text("#progress")  # type: ignore[attr-defined]
    assert "运行检查已结束" in text
    done, total = page.inner_text("#progress .done"), page.inner_text("#progress .total")  # type: ignore[attr-defined]
    assert done == total and int(total) > 0
    page.screenshot(path=str(SHOTS / "3-运行完成.png"), full_page=True)  # type: ignore[attr-defined]

    page.click("text=通报与附件")  # type: ignore[attr-defined]
    page.click("#draft")  # type: ignore[attr-defined]
    page.wait_for_selector(".preview iframe", timeout=120_000)  # type: ignore[attr-defined]
    frame = page.locator(".preview iframe").element_handle().content_frame()  # type: ignore[attr-defined]
    frame.wait_for_selector("h1")
    assert "草稿" in frame.inner_text("body")
    assert frame.locator("script").count() == 0
    assert frame.locator("img").count() >= 1  # the charts, served from the same version's files
    frame.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert all(frame.evaluate("() => [...document.images].map(i => i.naturalWidth > 0)"))
    page.screenshot(path=str(SHOTS / "4-通报草稿预览.png"), full_page=True)  # type: ignore[attr-defined]
    with page.expect_download() as got:  # type: ignore[attr-defined]
        page.locator("table.files.draft a.download").first.click()  # type: ignore[attr-defined]
    download = got.value
    assert download.suggested_filename == f"{ROUND}_通报_草稿.docx"
    saved = tmp_path / "notice.docx"
    download.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    assert "发布通报" not in page.inner_text(".actions")  # type: ignore[attr-defined]  # the reviewer's
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]

    rev: object = _page(browser, platform, "rev")
    rev.goto(f"{platform.url}/rounds/{ROUND}/notice")  # type: ignore[attr-defined]
    rev.click("#publish")  # type: ignore[attr-defined]  # vetoes still 待审核: refused, nothing published
    rev.wait_for_selector("text=单项否决问题待审核", timeout=120_000)  # type: ignore[attr-defined]
    rev.screenshot(path=str(SHOTS / "5-发布前须审核.png"), full_page=True)  # type: ignore[attr-defined]
    rev.console_errors.clear()  # type: ignore[attr-defined]  # the refusal's own 409, expected
    rev.goto(f"{platform.url}/review?round={ROUND}")  # type: ignore[attr-defined]
    rev.fill("input[name=reason]", "已逐条电话核实，限期内须印发")  # type: ignore[attr-defined]
    rev.click("text=放行，允许印发通报")  # type: ignore[attr-defined]
    rev.wait_for_selector("text=通报可以印发")  # type: ignore[attr-defined]
    rev.goto(f"{platform.url}/rounds/{ROUND}/notice")  # type: ignore[attr-defined]
    rev.click("#publish")  # type: ignore[attr-defined]
    rev.wait_for_selector("p.frozen", timeout=120_000)  # type: ignore[attr-defined]
    assert "rev 于" in rev.inner_text("p.frozen")  # type: ignore[attr-defined]
    assert rev.locator("#publish").count() == 0  # type: ignore[attr-defined]
    assert "通报预览（发布版）" in rev.inner_text("main")  # type: ignore[attr-defined]
    rev.screenshot(path=str(SHOTS / "6-审核员发布.png"), full_page=True)  # type: ignore[attr-defined]
    assert not rev.console_errors, rev.console_errors  # type: ignore[attr-defined]

    unit: object = _page(browser, platform, "edu")
    unit.goto(f"{platform.url}/rounds/{ROUND}/notice")  # type: ignore[attr-defined]
    files = unit.locator("table.files td:first-child").all_inner_texts()  # type: ignore[attr-defined]
    assert "通报（Word）" in files and "附件表（Excel）" not in files
    assert all("县民政局" not in f for f in files)
    assert unit.locator("table.files.draft").count() == 0  # type: ignore[attr-defined]
    unit.screenshot(path=str(SHOTS / "7-单位下载.png"), full_page=True)  # type: ignore[attr-defined]
