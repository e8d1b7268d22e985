"""计划任务 and 预警与通知 in Debian's chromium over a real `govinspect serve` on the demo county.

Screenshots go to tests/web/screenshots/monitor/ (not committed) for a person to look at.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_web_journeys import SHOTS, Platform, _login, browser_page, platform

from govinspect import model as m
from govinspect.store import MonitorStore, Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["browser_page", "platform"]  # the fixtures, shared with the round journeys
FOLDER = SHOTS / "monitor"


def test_supervisor_changes_a_trigger_and_sees_the_history(platform: Platform, browser_page: object) -> None:
    page: object = browser_page
    FOLDER.mkdir(parents=True, exist_ok=True)
    _login(page, platform, "demo-supervisor")
    page.click("nav >> text=计划任务")  # type: ignore[attr-defined]
    page.wait_for_url("**/schedules")  # type: ignore[attr-defined]
    store = Store(platform.settings.db_url())
    ms = MonitorStore(store)
    ms.record_run("每日汇总", dt.datetime.now(m.TZ), 1.5, "成功", 3, None, None)
    page.reload()  # type: ignore[attr-defined]
    row = page.locator("tr", has_text="每日汇总").first  # type: ignore[attr-defined]
    row.locator("input[name=trigger]").fill("0 9 * * *")
    row.locator("button", has_text="保存").click()
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "已保存计划任务“每日汇总”：0 9 * * *，启用" in page.inner_text(".notice-ok")  # type: ignore[attr-defined]
    assert ms.schedule("每日汇总").trigger == "0 9 * * *"
    history = page.locator("details", has_text="每日汇总（1 次）")  # type: ignore[attr-defined]
    assert "成功" in history.inner_text()
    page.screenshot(path=str(FOLDER / "1-计划任务.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
    row = page.locator("tr", has_text="每日汇总").first  # type: ignore[attr-defined]
    row.locator("input[name=trigger]").fill("every day")
    row.locator("button", has_text="保存").click()
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "无法识别" in page.inner_text(".notice-error")  # type: ignore[attr-defined]
    page.screenshot(path=str(FOLDER / "2-计划有误.png"), full_page=True)  # type: ignore[attr-defined]
    assert ms.schedule("每日汇总").trigger == "0 9 * * *"  # the refused line changed nothing
    store.close()


def test_unit_user_sees_its_bell_and_alert(platform: Platform, browser_page: object) -> None:
    page: object = browser_page
    FOLDER.mkdir(parents=True, exist_ok=True)
    unit = platform.logins["demo-unit"].unit
    assert unit
    store = Store(platform.settings.db_url())
    ms = MonitorStore(store)
    now = dt.datetime.now(m.TZ)
    other = next(n for n in store.unit_names() if n != unit)
    ms.notify(unit, f"{unit}网站首页无法访问", "首页连续 3 次监测无法访问，请尽快处理。", now)
    ms.notify(other, f"{other}网站首页无法访问", "首页连续 3 次监测无法访问。", now)
    ms.open_condition(
        f"home_down|{unit}", "home_down", unit, "site", True, f"{unit}首页连续 3 次无法访问", now
    )
    _login(page, platform, "demo-unit")
    assert page.inner_text("header .badge") == "1"  # type: ignore[attr-defined]
    page.screenshot(path=str(FOLDER / "3-单位铃铛.png"))  # type: ignore[attr-defined]
    page.click("header a.bell")  # type: ignore[attr-defined]
    page.wait_for_url("**/alerts")  # type: ignore[attr-defined]
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert f"{unit}网站首页无法访问" in text and f"{other}网站首页无法访问" not in text
    assert "未解除的预警（1）" in text and "发送记录" not in text
    page.screenshot(path=str(FOLDER / "4-预警与通知.png"), full_page=True)  # type: ignore[attr-defined]
    page.click("text=标为已读")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator("header .badge").count() == 0  # type: ignore[attr-defined]
    assert "已读" in page.inner_text("table.notifications")  # type: ignore[attr-defined]
    page.screenshot(path=str(FOLDER / "5-已读.png"), full_page=True)  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
    store.close()
