"""计划任务 and 预警与通知 on the platform: scope, roles, CSRF, edit validation, the bell, mark-read, run now."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from fastapi.testclient import TestClient

from conftest import World, log_in
from govinspect import model as m
from govinspect.store import AlertSendRow, MonitorStore, UserStore

AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=m.TZ)
MOBILE = "13812345678"


def _alerts(world: World) -> dict[str, int]:
    """A notification and an open 预警 for 县教育局 and for 县卫健委, and two sends; their notification ids."""
    ms = MonitorStore(world.store)
    ms.notify("县教育局", "县教育局门户网站首页无法访问", "连续 3 次监测无法访问", AT)
    ms.notify("县卫健委", "县卫健委网站首页无法访问", "连续 3 次监测无法访问", AT)
    ms.open_condition(
        "home_down|edu", "home_down", "县教育局", "edu", True, "教育局首页连续 3 次无法访问", AT
    )
    ms.open_condition(
        "home_down|health", "home_down", "县卫健委", "health", True, "卫健委首页连续 3 次无法访问", AT
    )
    for channel, recipient, state in (("sms", MOBILE, "失败"), ("email", "edu@example.gov.cn", "成功")):
        ms.add_send(AlertSendRow(condition_key="home_down|edu", event="预警", unit="县教育局", urgent=True,
                                 channel=channel, recipient=recipient, title="首页无法访问", text="…", state=state,
                                 attempts=1, not_before=AT, created_at=AT))  # fmt: skip
    return {n.unit: n.id for n in ms.notification_page(None, 0)}


def _bell(page: str) -> str | None:
    """The unread count in the header's bell, or None when it shows none."""
    header = page.split("</header>", 1)[0]
    if 'class="badge"' not in header:
        return None
    return header.split('class="badge" title="未读通知">', 1)[1].split("<", 1)[0]


def test_unit_user_sees_only_its_alerts_and_bell(app_client: TestClient, world: World) -> None:
    _alerts(world)
    log_in(app_client, "edu")
    page = app_client.get("/alerts")
    assert page.status_code == 200
    assert "县教育局门户网站首页无法访问" in page.text and "教育局首页连续 3 次无法访问" in page.text
    assert "卫健委" not in page.text
    assert "发送记录" not in page.text  # the send log is the office's
    assert _bell(page.text) == "1"
    items = app_client.get("/api/v1/alerts").json()["items"]
    assert [i["unit"] for i in items] == ["县教育局"]


def test_office_sees_every_unit_and_the_masked_send_log(app_client: TestClient, world: World) -> None:
    _alerts(world)
    log_in(app_client, "sup")
    page = app_client.get("/alerts")
    assert "卫健委首页连续 3 次无法访问" in page.text and "教育局首页连续 3 次无法访问" in page.text
    assert _bell(page.text) == "2"
    log = page.text.split("发送记录", 1)[1]
    assert "138****5678" in log and MOBILE not in page.text
    assert "edu@example.gov.cn" in log
    failed = app_client.get("/alerts?state=失败").text.split("发送记录", 1)[1]
    assert "138****5678" in failed and "edu@example.gov.cn" not in failed
    bad = app_client.get("/alerts?state=已送达")
    assert bad.status_code == 400 and "没有“已送达”这一发送状态" in bad.text


def test_mark_read_in_scope_only(app_client: TestClient, world: World) -> None:
    ids = _alerts(world)
    csrf = log_in(app_client, "edu")
    other = app_client.post(f"/alerts/{ids['县卫健委']}/read", data={"csrf_token": csrf})
    assert other.status_code == 404
    assert app_client.post("/alerts/999999/read", data={"csrf_token": csrf}).status_code == 404
    r = app_client.post(f"/alerts/{ids['县教育局']}/read", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    ms = MonitorStore(world.store)
    edu = _uid(world, "edu")
    assert ms.unread_count({"县教育局"}, edu) == 0 and ms.unread_count({"县卫健委"}, edu) == 1
    assert _bell(app_client.get("/alerts").text) is None
    audit = UserStore(world.store).audit_entries(actor="edu", action="标记通知已读")
    assert [a.object for a in audit] == [f"通知:{ids['县教育局']}"]


def test_read_all_marks_only_the_users_scope(app_client: TestClient, world: World) -> None:
    _alerts(world)
    csrf = log_in(app_client, "edu")
    assert (
        app_client.post("/alerts/read-all", data={"csrf_token": csrf}, follow_redirects=False).status_code
        == 303
    )
    ms = MonitorStore(world.store)
    edu = _uid(world, "edu")
    assert ms.unread_count({"县教育局"}, edu) == 0 and ms.unread_count({"县卫健委"}, edu) == 1


def test_read_state_is_each_users_own(app_client: TestClient, world: World) -> None:
    ids = _alerts(world)
    csrf = log_in(app_client, "edu")
    app_client.post(f"/alerts/{ids['县教育局']}/read", data={"csrf_token": csrf})
    assert _bell(app_client.get("/alerts").text) is None
    assert [i["read"] for i in app_client.get("/api/v1/alerts").json()["items"]] == [True]
    app_client.cookies.clear()
    log_in(app_client, "viewer-edu")  # the same unit, another person: still unread for them
    page = app_client.get("/alerts").text
    assert _bell(page) == "1" and f'id="notification-{ids["县教育局"]}" class="unread"' in page
    assert [i["read"] for i in app_client.get("/api/v1/alerts").json()["items"]] == [False]
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")  # the office sees both, neither read by it
    assert _bell(app_client.get("/alerts").text) == "2"
    app_client.post("/alerts/read-all", data={"csrf_token": csrf})
    assert _bell(app_client.get("/alerts").text) is None
    ms = MonitorStore(world.store)
    assert ms.unread_count({"县教育局"}, _uid(world, "viewer-edu")) == 1  # others' reading changes nothing
    assert ms.unread_count({"县卫健委"}, _uid(world, "health")) == 1


def _uid(world: World, name: str) -> int:
    user = UserStore(world.store).get_user(name)
    assert user is not None
    return user.id


def test_state_changes_without_csrf_are_refused(app_client: TestClient, world: World) -> None:
    ids = _alerts(world)
    log_in(app_client, "sup")
    assert app_client.get("/schedules").status_code == 200  # the default schedules are stored
    assert app_client.post(f"/alerts/{ids['县教育局']}/read").status_code == 403
    assert app_client.post("/alerts/read-all", data={"csrf_token": "x"}).status_code == 403
    assert (
        app_client.post("/schedules/每日汇总", data={"trigger": "every 5m", "enabled": "1"}).status_code
        == 403
    )
    assert app_client.post("/schedules/每日汇总/run").status_code == 403
    assert MonitorStore(world.store).unread_count(None, _uid(world, "sup")) == 2
    assert MonitorStore(world.store).schedule("每日汇总").trigger == "30 8 * * *"


def test_schedules_are_the_offices(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    assert app_client.get("/schedules").status_code == 403
    assert app_client.get("/api/v1/schedules").status_code == 403
    app_client.cookies.clear()
    UserStore(world.store).add_user("rev", "reviewer", "Str0ng-Passw0rd!x")
    csrf = log_in(app_client, "rev", "Str0ng-Passw0rd!x")
    page = app_client.get("/schedules")
    assert page.status_code == 200 and "每日巡检" in page.text and "立即运行" not in page.text  # views only
    r = app_client.post(
        "/schedules/每日汇总", data={"trigger": "every 5m", "enabled": "1", "csrf_token": csrf}
    )
    assert r.status_code == 403
    names = [s["name"] for s in app_client.get("/api/v1/schedules").json()["items"]]
    assert "首页可用性监测" in names and "每日汇总" in names


def test_edit_trigger_validated_and_audited(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    assert "立即运行" in app_client.get("/schedules").text
    bad = app_client.post(
        "/schedules/每日汇总", data={"trigger": "every day", "enabled": "1", "csrf_token": csrf}
    )
    assert bad.status_code == 400 and "无法识别" in bad.text
    zero = app_client.post(
        "/schedules/每日汇总", data={"trigger": "every 0m", "enabled": "1", "csrf_token": csrf}
    )
    assert zero.status_code == 400 and "间隔必须大于 0" in zero.text
    unknown = app_client.post("/schedules/没有这个", data={"trigger": "every 5m", "csrf_token": csrf})
    assert unknown.status_code == 404
    ms = MonitorStore(world.store)
    assert ms.schedule("每日汇总").trigger == "30 8 * * *" and ms.schedule("每日汇总").enabled
    ok = app_client.post("/schedules/每日汇总", data={"trigger": " 0  9 * * * ", "csrf_token": csrf})
    assert ok.status_code == 200 and "已保存计划任务“每日汇总”：0 9 * * *，停用" in ok.text
    row = ms.schedule("每日汇总")
    assert (row.trigger, row.enabled) == ("0 9 * * *", False)
    audit = UserStore(world.store).audit_entries(actor="sup", action="修改计划任务")
    assert len(audit) == 1 and audit[0].object == "计划任务:每日汇总"


def test_run_now_goes_to_the_background_and_lands_in_the_history(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import govinspect.jobs.monitoring as jobs

    started = threading.Event()
    release = threading.Event()

    async def digest(mon: object, reg: object, at: dt.datetime) -> int:
        started.set()
        release.wait(10)
        return 4

    monkeypatch.setitem(jobs.JOB_FUNCS, "digest", digest)
    csrf = log_in(app_client, "sup")
    r = app_client.post("/schedules/每日汇总/run", data={"csrf_token": csrf})
    assert r.status_code == 200 and "已开始运行" in r.text
    assert started.wait(10)  # the request answered while the job was still running
    again = app_client.post("/schedules/每日汇总/run", data={"csrf_token": csrf})
    assert again.status_code == 409 and "正在运行" in again.text
    release.set()
    ms = MonitorStore(world.store)
    deadline = time.monotonic() + 15
    running = app_client.app.state.monitor_running  # type: ignore[attr-defined]
    while running and time.monotonic() < deadline:  # the run and its react() are over
        time.sleep(0.1)
    assert [(run.outcome, run.produced) for run in ms.runs("每日汇总")] == [("成功", 4)]
    assert UserStore(world.store).audit_entries(actor="sup", action="运行计划任务")


def test_api_alerts_pages_with_a_cursor(app_client: TestClient, world: World) -> None:
    ms = MonitorStore(world.store)
    for i in range(3):
        ms.notify("县教育局", f"第{i}条预警", f"联系人电话 {MOBILE}", AT)
    log_in(app_client, "edu")
    first = app_client.get("/api/v1/alerts?limit=2").json()
    assert [i["title"] for i in first["items"]] == ["第2条预警", "第1条预警"] and first["next_cursor"]
    assert first["items"][0]["body"] == "联系人电话 138****5678"
    rest = app_client.get(f"/api/v1/alerts?limit=2&cursor={first['next_cursor']}").json()
    assert [i["title"] for i in rest["items"]] == ["第0条预警"] and rest["next_cursor"] is None


def test_a_schedule_that_stopped_producing_is_flagged_stale(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    app_client.get("/schedules")  # the default schedules are stored
    ms = MonitorStore(world.store)
    ms.set_schedule(
        "首页可用性监测", next_run=dt.datetime.now(m.TZ) - dt.timedelta(hours=3)
    )  # planned, never ran
    rows = {r.split("</td>", 1)[0]: r for r in app_client.get("/schedules").text.split("<tr id=")[1:]}
    stale = [name.split("<td>")[-1] for name, row in rows.items() if "数据已过期" in row]
    assert stale == ["首页可用性监测"]
    flags = {s["name"]: s["stale"] for s in app_client.get("/api/v1/schedules").json()["items"]}
    assert flags["首页可用性监测"] and not flags["每日巡检"]
