"""`/api/v1/tasks` (list, show, transitions) in scope, and the 复查 started as a background job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import World, build_world, log_in, with_tasks
from govinspect.rectify import get_task, submit, transition
from govinspect.store import Store
from govinspect.store.users import UserStore

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    return with_tasks(build_world(store, tmp_path / "data"))


def _bearer(world: World, name: str) -> dict[str, str]:
    users = UserStore(world.store)
    user = users.get_user(name)
    assert user is not None
    return {"Authorization": f"Bearer {users.create_token(user.id)}"}


def test_unit_lists_and_reads_only_its_tasks_with_site_names(app_client: TestClient, world: World) -> None:
    edu = _bearer(world, "edu")
    listed = app_client.get("/api/v1/tasks", headers=edu).json()["items"]
    assert {t["unit"] for t in listed} == {"县教育局", "县实验中学"}
    tid = world.ids["task:edu"]
    one = app_client.get(f"/api/v1/tasks/{tid}", headers=edu).json()
    assert one["state"] == "已下发" and one["deadline"] == "2023-07-17"  # 10 working days from 07-03
    assert {i["name"] for i in one["items"] if i["target"] == "edu"} == {"县教育局网站"}
    other = world.ids["task:health"]
    r = app_client.get(f"/api/v1/tasks/{other}", headers=edu)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert app_client.get("/api/v1/tasks?state=整改中", headers=edu).json()["items"] == []


def test_task_page_names_the_site_not_its_code(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    page = app_client.get(f"/tasks/{world.ids['task:edu']}").text
    assert "<td>县教育局网站</td>" in page and "<td>edu</td>" not in page


def test_transitions_follow_the_same_rules_and_audit(app_client: TestClient, world: World) -> None:
    tid = world.ids["task:edu"]
    edu, sup = _bearer(world, "edu"), _bearer(world, "sup")
    r = app_client.post(f"/api/v1/tasks/{tid}/transitions", json={"move": "accept"}, headers=edu)
    assert r.status_code == 409 and "不能验收整改任务" in r.json()["error"]["message"]
    r = app_client.post(f"/api/v1/tasks/{tid}/transitions", json={"move": "sign"}, headers=edu)
    assert r.status_code == 200 and r.json()["state"] == "整改中"
    r = app_client.post(f"/api/v1/tasks/{tid}/transitions", json={"move": "exempt"}, headers=edu)
    assert r.status_code == 409 and "理由" in r.json()["error"]["message"]
    r = app_client.post(f"/api/v1/tasks/{tid}/transitions", json={"move": "submit"}, headers=edu)
    assert r.status_code == 400  # a submission carries files: the form upload only
    other = world.ids["task:health"]
    assert (
        app_client.post(f"/api/v1/tasks/{other}/transitions", json={"move": "sign"}, headers=edu).status_code
        == 404
    )
    r = app_client.post(f"/api/v1/tasks/{tid}/recheck", headers=sup)
    assert r.status_code == 409 and "整改中" in r.json()["error"]["message"]  # not submitted
    entries = UserStore(world.store).audit_entries(obj=f"整改任务:{tid}")
    assert entries[0].action == "整改任务签收" and entries[0].actor == "edu"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, task_id: int, user: str | None, by: str) -> object:
        self.calls.append((task_id, user, by))
        return type(
            "J",
            (),
            {"proc": type("P", (), {"pid": 1})(), "started_at": __import__("datetime").datetime.now()},
        )()


def _submit(client: TestClient, csrf: str, world: World, tid: int) -> Any:
    t = get_task(world.store, tid)
    data = {"csrf_token": csrf, **{f"answer_{i.id}": "已整改" for i in t.items}}
    files = [("report", ("整改报告.pdf", PDF, "application/pdf"))]
    return client.post(f"/tasks/{tid}/submit", data=data, files=files, follow_redirects=False)


def test_submission_starts_the_recheck_in_the_background(app_client: TestClient, world: World) -> None:
    jobs = app_client.app.state.jobs  # type: ignore[attr-defined]
    jobs.auto_recheck, jobs.start_recheck = True, Recorder()
    tid = world.ids["task:edu"]
    csrf = log_in(app_client, "edu")
    app_client.post(f"/tasks/{tid}/move", data={"csrf_token": csrf, "move": "sign"})
    assert _submit(app_client, csrf, world, tid).status_code == 303
    assert jobs.start_recheck.calls == [
        (tid, None, "单位提交后系统自动启动（edu）")
    ]  # the system's, not the unit's
    assert get_task(world.store, tid).state == "已提交"  # the request did not crawl


def test_no_background_recheck_when_turned_off_or_refused(app_client: TestClient, world: World) -> None:
    jobs = app_client.app.state.jobs  # type: ignore[attr-defined]
    jobs.start_recheck = Recorder()
    tid = world.ids["task:edu"]
    csrf = log_in(app_client, "edu")
    app_client.post(f"/tasks/{tid}/move", data={"csrf_token": csrf, "move": "sign"})
    assert _submit(app_client, csrf, world, tid).status_code == 303
    assert jobs.start_recheck.calls == []
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    r = app_client.post(f"/tasks/{tid}/recheck", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and jobs.start_recheck.calls == [(tid, "sup", "sup")]


def test_task_page_shows_the_recheck_job(app_client: TestClient, world: World, tmp_path: Path) -> None:
    import datetime as dt
    import subprocess
    import sys

    from govinspect import model as m
    from govinspect.web.round_jobs import Job, recheck_key

    jobs = app_client.app.state.jobs  # type: ignore[attr-defined]
    tid = world.ids["task:edu"]
    log = tmp_path / "recheck.log"
    log.write_text("复查抓取失败：连接被拒绝\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(1)"])
    proc.wait()
    jobs._jobs[recheck_key(tid)] = Job(recheck_key(tid), "recheck", proc, log, "sup", dt.datetime.now(m.TZ))
    log_in(app_client, "sup")
    page = app_client.get(f"/tasks/{tid}").text
    assert "复查未完成" in page and "连接被拒绝" in page
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        jobs._jobs[recheck_key(tid)] = Job(
            recheck_key(tid), "recheck", slow, log, "sup", dt.datetime.now(m.TZ)
        )
        assert "复查进行中" not in app_client.get(f"/tasks/{tid}").text  # 已下发: no re-check to wait for
        edu = UserStore(world.store).get_user("edu")
        assert edu is not None
        transition(world.store, tid, "sign", edu, None)
        report = tmp_path / "整改报告.pdf"
        report.write_bytes(PDF)
        answers = {i.id: "已整改" for i in get_task(world.store, tid).items}
        submit(world.store, world.settings.data_dir, tid, edu, None, answers=answers, report=report)
        assert "复查进行中" in app_client.get(f"/tasks/{tid}").text
    finally:
        slow.kill()
        slow.wait()
