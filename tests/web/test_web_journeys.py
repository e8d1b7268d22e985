"""The platform in Debian's chromium over a real `govinspect serve` on the demo county's round.

Screenshots of each page go to tests/web/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from govinspect.config import Settings
from govinspect.store import Store
from govinspect.store.tables import TargetResultRow
from govinspect.web.users import DemoLogin, create_demo_users
from services import chromium_path, need

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(__file__).parent / "screenshots"
SRC = Path(__file__).resolve().parents[2] / "src"


@dataclass
class Platform:
    url: str
    settings: Settings
    logins: dict[str, DemoLogin]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    need(chromium_path() is not None, "chromium is not installed")
    pytest.importorskip("playwright")
    from govinspect.jobs.demo import run_demo

    data = tmp_path_factory.mktemp("platform") / "data"
    settings = Settings(data_dir=data)
    asyncio.run(run_demo(data))
    store = Store(settings.db_url())
    logins = {d.name: d for d in create_demo_users(store)}
    store.close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "govinspect"), "--data-dir", str(data), "serve", "--port", str(port), "--no-monitor"],
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
        yield Platform(f"http://127.0.0.1:{port}", settings, logins)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def browser_page(platform: Platform) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path())
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.console_errors = errors  # type: ignore[attr-defined]
        yield page
        browser.close()


def _login(page: object, platform: Platform, name: str) -> None:
    login = platform.logins[name]
    page.goto(platform.url + "/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", login.name)  # type: ignore[attr-defined]
    page.fill("input[name=password]", login.password)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def test_supervisor_dashboard_target_and_archive(platform: Platform, browser_page: object) -> None:
    page: object = browser_page
    folder = SHOTS / "supervisor"
    folder.mkdir(parents=True, exist_ok=True)
    _login(page, platform, "demo-supervisor")
    assert page.url.endswith("/dashboard")  # type: ignore[attr-defined]
    page.wait_for_selector(".chart[data-drawn='1'] canvas")  # type: ignore[attr-defined]
    assert page.locator(".chart canvas").count() == 4  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "1-总览.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("button[data-toggle=t-kind]")  # type: ignore[attr-defined]
    assert page.locator("#t-kind").is_visible()  # type: ignore[attr-defined]

    round_name = platform_round(platform)
    page.goto(f"{platform.url}/rounds/{round_name}")  # type: ignore[attr-defined]
    page.select_option("select[name=verdict]", "不合格")  # type: ignore[attr-defined]
    page.wait_for_url("**verdict=*")  # type: ignore[attr-defined]
    rows = page.locator("#results tbody tr")  # type: ignore[attr-defined]
    assert rows.count() >= 1
    assert all(t == "不合格" for t in page.locator("#results td.verdict").all_inner_texts())  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "2-检查结果-不合格.png"), full_page=True)  # type: ignore[attr-defined]

    page.goto(f"{platform.url}/targets/{failing_site_with_archive(platform)}")  # type: ignore[attr-defined]
    assert "不合格" in page.inner_text(".verdict-line")  # type: ignore[attr-defined]
    frame_el = page.locator("details.archive[open] iframe").first  # type: ignore[attr-defined]
    assert frame_el.get_attribute("sandbox") == ""
    frame = frame_el.element_handle().content_frame()
    assert frame is not None
    frame.wait_for_selector(".gi-banner")
    assert frame.locator(".gi-evidence").count() >= 1  # the evidence is marked on the archived page
    assert frame.locator("script").count() == 0
    page.screenshot(path=str(folder / "3-目标详情.png"), full_page=True)  # type: ignore[attr-defined]
    frame_el.screenshot(path=str(folder / "4-存档页面.png"))
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]  # CSP violations included


def test_unit_user_sees_only_its_unit(platform: Platform, browser_page: object) -> None:
    page: object = browser_page
    folder = SHOTS / "unit"
    folder.mkdir(parents=True, exist_ok=True)
    login = platform.logins["demo-unit"]
    _login(page, platform, "demo-unit")
    assert page.url.endswith("/workbench")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "1-单位工作台.png"), full_page=True)  # type: ignore[attr-defined]
    units = set(page.locator("table.data").first.locator("tbody tr td:nth-child(3)").all_inner_texts())  # type: ignore[attr-defined]
    assert units and units <= own_units(platform, login.unit or "")
    page.goto(f"{platform.url}/rounds/{platform_round(platform)}")  # type: ignore[attr-defined]
    shown = set(page.locator("#results tbody tr td:nth-child(3)").all_inner_texts())  # type: ignore[attr-defined]
    assert shown and shown <= own_units(platform, login.unit or "")
    page.screenshot(path=str(folder / "2-检查结果.png"), full_page=True)  # type: ignore[attr-defined]
    other = other_units_result(platform, login.unit or "")
    resp = page.goto(f"{platform.url}/targets/{other}")  # type: ignore[attr-defined]
    assert resp.status == 404
    page.screenshot(path=str(folder / "3-他单位-404.png"))  # type: ignore[attr-defined]


def test_supervisor_imports_the_registry_and_closes_a_site(
    platform: Platform, browser_page: object, tmp_path: Path
) -> None:
    """台账: open it, import a sheet (dry run, then confirm), close the new site from a date, see its history."""
    from govinspect import model as m
    from govinspect.registry import write_registry_xlsx

    page: object = browser_page
    folder = SHOTS / "registry"
    folder.mkdir(parents=True, exist_ok=True)
    _login(page, platform, "demo-supervisor")
    page.click("header nav >> text=台账")  # type: ignore[attr-defined]
    page.wait_for_url("**/registry")  # type: ignore[attr-defined]
    assert page.locator("ul.tree li").count() >= 2  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "1-台账-单位.png"), full_page=True)  # type: ignore[attr-defined]

    store = Store(platform.settings.db_url())
    try:
        reg = store.load_registry()
    finally:
        store.close()
    unit = reg.sites[0].unit
    new = m.Site(code="JOURNEY01", name="旅程测试网站", home_url="http://127.0.0.1:9/", unit=unit)
    sheet = write_registry_xlsx(
        reg.model_copy(update={"sites": (*reg.sites, new)}), tmp_path / "网站底账.xlsx"
    )
    page.click("nav.tabs >> text=导入台账")  # type: ignore[attr-defined]
    bad = tmp_path / "有误的底账.csv"
    bad.write_text(
        f"网站名称,网站标识码,首页网址,主办单位\n错网址网站,BAD0001,www.x.gov.cn,{unit}\n", encoding="utf-8"
    )
    page.set_input_files("input[name=file]", str(bad))  # type: ignore[attr-defined]
    page.click("text=上传并试导入")  # type: ignore[attr-defined]
    page.wait_for_selector("div.error")  # type: ignore[attr-defined]
    refusal = page.inner_text("div.error")  # type: ignore[attr-defined]
    assert "未写入任何数据" in refusal and "第 2 行" in refusal and "首页网址" in refusal
    page.screenshot(path=str(folder / "2-导入有误.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]  # type: ignore[attr-defined]
    page.console_errors.clear()  # type: ignore[attr-defined]  # the refusal's own 400; nothing else may fail
    page.set_input_files("input[name=file]", str(sheet))  # type: ignore[attr-defined]
    page.click("text=上传并试导入")  # type: ignore[attr-defined]
    page.wait_for_selector("text=尚未写入")  # type: ignore[attr-defined]
    assert "网站：新增 1 个，修改 0 个，删除 0 个" in page.inner_text("ul.summary")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "3-试导入.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("text=确认导入")  # type: ignore[attr-defined]
    page.wait_for_selector("text=导入完成")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "4-导入完成.png"), full_page=True)  # type: ignore[attr-defined]

    page.goto(f"{platform.url}/registry/sites?q=JOURNEY01")  # type: ignore[attr-defined]
    page.click("text=旅程测试网站")  # type: ignore[attr-defined]
    page.click("text=变更运行状态")  # type: ignore[attr-defined]
    page.select_option("select[name=status]", "关停")  # type: ignore[attr-defined]
    page.fill("input[name=since]", "2030-01-01")  # type: ignore[attr-defined]
    page.click("text=保存状态")  # type: ignore[attr-defined]
    page.wait_for_selector("text=已保存")  # type: ignore[attr-defined]
    assert page.inner_text("dd.status") == "关停（2030-01-01 起）"  # type: ignore[attr-defined]
    history = page.inner_text("table.history")  # type: ignore[attr-defined]
    assert "变更网站状态" in history and "导入台账" in history and "demo-supervisor" in history
    page.screenshot(path=str(folder / "5-网站-状态与变更记录.png"), full_page=True)  # type: ignore[attr-defined]

    page.click("text=修改网站信息和栏目")  # type: ignore[attr-defined]  # a platform under a portal's path
    home = page.input_value("input[name=home_url]").rstrip("/")  # type: ignore[attr-defined]
    page.fill("input[name=home_url]", f"{home}/xxgk/")  # type: ignore[attr-defined]
    page.fill("input[name=path_prefix]", "/xxgk/")  # type: ignore[attr-defined]
    page.click("details[open] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=已保存")  # type: ignore[attr-defined]
    assert "/xxgk/（门户网站中的信息公开平台" in page.inner_text("dl.facts")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "6-网站-路径前缀.png"), full_page=True)  # type: ignore[attr-defined]
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]


def _rows(platform: Platform) -> list[TargetResultRow]:
    from sqlalchemy import select

    store = Store(platform.settings.db_url())
    try:
        with store.session() as s:
            return list(s.scalars(select(TargetResultRow).order_by(TargetResultRow.id)))
    finally:
        store.close()


def platform_round(platform: Platform) -> str:
    return _rows(platform)[0].round_name


def failing_site_with_archive(platform: Platform) -> int:
    """A failing site whose first finding points at a captured page (read from the round's findings)."""
    from govinspect.web.evidence import archived_page_url, highlight_terms

    store = Store(platform.settings.db_url())
    try:
        rnd = platform_round(platform)
        findings = store.findings(rnd)
    finally:
        store.close()
    for r in _rows(platform):
        if r.verdict != "不合格" or r.target_kind != "网站":
            continue
        mine = [f for f in findings if f.target == r.target]
        first = mine[0].evidence.model_dump(mode="json") if mine else {}
        if first and archived_page_url(first) and any(highlight_terms(first)):
            return r.id
    raise AssertionError("the demo round has no failing site with archived evidence")


def own_units(platform: Platform, unit: str) -> set[str]:
    from govinspect.web.authz import subtree

    store = Store(platform.settings.db_url())
    try:
        reg = store.load_registry()
    finally:
        store.close()
    return set(subtree(((u.name, u.parent) for u in reg.units), unit))


def other_units_result(platform: Platform, unit: str) -> int:
    mine = own_units(platform, unit)
    return next(r.id for r in _rows(platform) if r.unit not in mine)


def test_supervisor_marks_a_veto_false_positive(platform: Platform, browser_page: object) -> None:
    """The 审核队列 over HTMX: a veto marked 误报 is re-judged at once; the 总览 and the results table follow."""
    page: object = browser_page
    folder = SHOTS / "review"
    folder.mkdir(parents=True, exist_ok=True)
    round_name = platform_round(platform)
    result_id, finding_id = veto_that_decides(platform)
    _login(page, platform, "demo-supervisor")
    page.goto(f"{platform.url}/dashboard?round={round_name}")  # type: ignore[attr-defined]
    rate_before = page.inner_text(".totals strong >> nth=1")  # type: ignore[attr-defined]
    queue_before = int(page.inner_text("#queue-size"))  # type: ignore[attr-defined]
    assert queue_before >= 1

    page.goto(f"{platform.url}/review?round={round_name}")  # type: ignore[attr-defined]
    row = page.locator(f"#review-{finding_id}")  # type: ignore[attr-defined]
    assert row.get_attribute("data-state") == "待审核"
    page.screenshot(path=str(folder / "1-审核队列.png"), full_page=True)  # type: ignore[attr-defined]
    page.fill("fieldset.batch input[name=reason]", "经人工核实，该问题不成立")  # type: ignore[attr-defined]
    page.click(f"button[value='误报:{finding_id}']")  # type: ignore[attr-defined]
    page.wait_for_selector("#queue .notice")  # type: ignore[attr-defined]  # swapped in by HTMX
    assert "已将 1 条问题标为“误报”" in page.inner_text("#queue .notice")  # type: ignore[attr-defined]
    assert page.locator(f"#review-{finding_id}").count() == 0  # no longer 待审核
    page.screenshot(path=str(folder / "2-标为误报后.png"), full_page=True)  # type: ignore[attr-defined]

    page.goto(f"{platform.url}/targets/{result_id}")  # type: ignore[attr-defined]
    assert page.inner_text(".verdict-line .verdict") == "合格"  # type: ignore[attr-defined]
    assert "经人工核实，该问题不成立" in page.inner_text(f"#finding-{finding_id}")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "3-目标详情-重新评分.png"), full_page=True)  # type: ignore[attr-defined]

    page.goto(f"{platform.url}/dashboard?round={round_name}")  # type: ignore[attr-defined]
    assert page.inner_text(".totals strong >> nth=1") != rate_before  # type: ignore[attr-defined]
    assert int(page.inner_text("#queue-size")) == queue_before - 1  # type: ignore[attr-defined]
    page.wait_for_selector(".chart[data-drawn='1'] canvas")  # type: ignore[attr-defined]
    page.screenshot(path=str(folder / "4-总览-合格率变化.png"), full_page=True)  # type: ignore[attr-defined]

    page.goto(f"{platform.url}/rounds/{round_name}")  # type: ignore[attr-defined]
    link = page.locator(f"#results a[href='/targets/{result_id}']")  # type: ignore[attr-defined]
    assert link.locator("xpath=ancestor::tr").locator("td.verdict").inner_text() == "合格"
    page.screenshot(path=str(folder / "5-检查结果.png"), full_page=True)  # type: ignore[attr-defined]
    assert not page.console_errors, page.console_errors  # type: ignore[attr-defined]


def veto_that_decides(platform: Platform) -> tuple[int, int]:
    """A failing site whose only veto rests on one 待审核 finding, and which passes without it: (result id, finding id)."""
    from sqlalchemy import select

    from govinspect.jobs.review import pending_vetoes
    from govinspect.rules import load_profile
    from govinspect.scoring import TargetInfo, score_target
    from govinspect.store.tables import FindingRow

    store = Store(platform.settings.db_url())
    try:
        rnd = store.get_round(platform_round(platform))
        profile = load_profile(rnd.profile)
        reg = store.load_registry()
        findings = store.findings(rnd.name)
        pending = {(p.target, p.code) for p in pending_vetoes(store, rnd.name)}
        for r in _rows(platform):
            mine = [f for f in findings if f.target == r.target and f.target_kind.value == r.target_kind]
            if r.target_kind != "网站" or len(r.vetoes) != 1 or (r.target, r.vetoes[0]) not in pending:
                continue
            of_code = [f for f in mine if f.code == r.vetoes[0]]
            if len(of_code) != 1:
                continue
            site = next(s for s in reg.sites if s.code == r.target)
            unit = next((u for u in reg.units if u.name == site.unit), None)
            rest = [f for f in mine if f is not of_code[0]]
            if score_target(rest, profile, TargetInfo.from_site(site, unit)).verdict.value != "合格":
                continue
            with store.session() as s:
                fid = s.scalar(
                    select(FindingRow.id).where(
                        FindingRow.round_name == rnd.name, FindingRow.target == r.target,
                        FindingRow.code == r.vetoes[0],
                    )
                )  # fmt: skip
            assert fid is not None
            return r.id, fid
    finally:
        store.close()
    raise AssertionError("the demo round has no site whose verdict rests on one reviewable veto")
