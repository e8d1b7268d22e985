"""Scope and roles on every route: the cases are generated from the app's route table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import ROUND, World, build_world, log_in, with_appeals, with_tasks
from govinspect.store import Store
from govinspect.store.users import UserStore
from govinspect.web.app import route_table

# path parameters naming a unit's object → the `World.ids` prefix of its row ids
OWNED = {
    "result_id": "result",
    "finding_id": "finding",
    "site_id": "site",
    "unit_id": "unit",
    "account_id": "account",
    "notification_id": "notification",  # POST only: its 404 is in tests/web/test_monitor_pages.py
    "task_id": "task",
    "appeal_id": "appeal",
    "inspection_id": "selfcheck",
}
SHARED = {"round_name": ROUND, "schedule_name": "每日汇总"}  # rounds and schedules belong to no unit
FILES = {"version": "published", "name": "notice.docx"}  # a notice file: scoped in tests/web/test_notices.py
TASK_FILES = {"sha256": "0" * 64}  # a file a unit handed in: scoped in tests/web/test_task_pages.py
PRIVATE = {
    "user_id",
    "token_id",
}  # accounts: the administrator's, or the user's own (tests/web/test_user_admin.py)
ADMIN_ONLY = ("/admin", "/api/v1/users", "/api/v1/audit")  # users and the audit log
OFFICE_ONLY = ("/schedules", "/api/v1/schedules")  # 计划任务: not for users tied to a unit
PUBLIC = {"/login", "/api/docs", "/api/openapi.json"}
STAFF = {
    "/rounds/new",
    "/rounds/{round_name}/run",
    "/rounds/{round_name}/progress",
    "/api/v1/rounds/{round_name}/progress",
}  # Perm.RUN


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    """The web world with its units' 整改任务 issued, appeals filed and 自查 done."""
    return with_appeals(with_tasks(build_world(store, tmp_path / "data")))


def _routes(client: TestClient) -> list[tuple[str, str]]:
    return [(m, p) for m, p in route_table(client.app) if m == "GET"]  # type: ignore[arg-type]


def _fill(path: str, world: World, target: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in OWNED:
            return str(world.ids[f"{OWNED[name]}:{target}"])
        return {**SHARED, **FILES, **TASK_FILES}[name]

    return re.sub(r"\{(\w+)\}", sub, path)


def test_every_path_parameter_is_classified(app_client: TestClient) -> None:
    """A new route with an unknown object id must be added to OWNED or SHARED (and so to these tests)."""
    params = {p for _m, path in route_table(app_client.app) for p in re.findall(r"\{(\w+)\}", path)}  # type: ignore[arg-type]
    known = set(OWNED) | set(SHARED) | set(FILES) | PRIVATE | set(TASK_FILES)
    assert params <= known, params - known
    assert set(OWNED) <= params  # the owned-object routes exist, so the IDOR test below is not empty


def test_unit_user_gets_404_for_another_units_objects(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    owned_routes = [
        p
        for _m, p in _routes(app_client)
        if any(f"{{{k}}}" in p for k in OWNED) and not any(f"{{{k}}}" in p for k in TASK_FILES)
    ]
    assert len(owned_routes) >= 4
    for path in owned_routes:
        for other in ("health", "gov", "微信公众号:jkmx"):  # another unit; the parent unit; an account
            if any(f"{{{k}}}" in path and f"{v}:{other}" not in world.ids for k, v in OWNED.items()):
                continue
            url = _fill(path, world, other)
            r = app_client.get(url)
            assert r.status_code == 404, (url, r.status_code)
            assert "县卫健委" not in r.text and "县政府门户网站" not in r.text
        for own in ("edu", "school"):  # own unit and its sub-unit
            if any(f"{{{k}}}" in path and f"{v}:{own}" not in world.ids for k, v in OWNED.items()):
                continue  # 县实验中学 has no account
            url = _fill(path, world, own)
            assert app_client.get(url).status_code == 200, url


def test_api_token_has_the_same_scope(app_client: TestClient, world: World) -> None:
    users = UserStore(world.store)
    user = users.get_user("edu")
    assert user is not None
    headers = {"Authorization": f"Bearer {users.create_token(user.id)}"}
    for _m, path in _routes(app_client):
        if not path.startswith("/api/v1/") or not any(f"{{{k}}}" in path for k in OWNED):
            continue
        r = app_client.get(_fill(path, world, "health"), headers=headers)
        assert r.status_code == 404
        assert r.json()["error"]["message"].startswith("没有找到")
        assert app_client.get(_fill(path, world, "edu"), headers=headers).status_code == 200


def test_lists_show_only_the_users_scope(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    for _m, path in _routes(app_client):
        if path in PUBLIC or any(f"{{{k}}}" in path for k in [*OWNED, *FILES]) or path.startswith("/static"):
            continue
        r = app_client.get(_fill(path, world, "edu"))
        if (
            path.startswith(ADMIN_ONLY + OFFICE_ONLY) or path in STAFF or path == "/registry/import"
        ):  # admin; run; 台账 editors
            assert r.status_code == 403
            continue
        assert r.status_code in (200, 303), (path, r.status_code)
        assert "县卫健委" not in r.text, path
        assert "县政府门户网站" not in r.text, path
    results = app_client.get(f"/api/v1/rounds/{ROUND}/results").json()["items"]
    assert {r["unit"] for r in results} == {"县教育局", "县实验中学"}
    findings = app_client.get("/api/v1/findings").json()["items"]
    assert {f["target"] for f in findings} == {"edu", "school"}


def test_supervisor_sees_every_unit(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    results = app_client.get(f"/api/v1/rounds/{ROUND}/results").json()["items"]
    assert {r["unit"] for r in results} == {"县政府办", "县教育局", "县实验中学", "县卫健委"}
    assert app_client.get(f"/targets/{world.ids['result:health']}").status_code == 200
    assert app_client.get("/admin").status_code == 403  # users and audit are the administrator's


def test_viewer_tied_to_a_unit_sees_its_subtree(app_client: TestClient, world: World) -> None:
    log_in(app_client, "viewer-edu")
    units = {r["unit"] for r in app_client.get(f"/api/v1/rounds/{ROUND}/results").json()["items"]}
    assert units == {"县教育局", "县实验中学"}
    assert app_client.get(f"/targets/{world.ids['result:gov']}").status_code == 404


def test_admin_sees_users_and_audit(app_client: TestClient) -> None:
    log_in(app_client, "admin")
    page = app_client.get("/admin")
    assert page.status_code == 200
    assert "填报单位" in page.text and "登录" in page.text  # roles listed; the login itself was audited


@pytest.mark.parametrize("api", [True, False])
def test_anonymous_requests_are_refused(app_client: TestClient, world: World, api: bool) -> None:
    for _m, path in _routes(app_client):
        if path in PUBLIC or path.startswith("/api/") != api:
            continue
        r = app_client.get(_fill(path, world, "edu"), follow_redirects=False)
        if api:
            assert r.status_code == 401, path
            assert r.json()["error"]["message"] == "请先登录。"
        else:
            assert r.status_code == 303 and r.headers["location"] == "/login", path


def test_audit_log_filter_and_export_are_the_administrators(app_client: TestClient) -> None:
    import csv
    import io

    log_in(app_client, "sup")
    assert app_client.get("/admin/audit.csv").status_code == 403
    app_client.cookies.clear()
    log_in(app_client, "admin")
    page = app_client.get("/admin?actor=sup")
    audit = page.text.split("审计日志", 1)[1]
    assert page.status_code == 200 and "<td>sup</td>" in audit and "<td>admin</td>" not in audit
    rows = list(
        csv.reader(io.StringIO(app_client.get("/admin/audit.csv?action=登录").content.decode("utf-8-sig")))
    )
    assert rows[0][:3] == ["时间", "操作人", "操作"]
    assert sorted(r[1] for r in rows[1:]) == ["admin", "sup"] and {r[2] for r in rows[1:]} == {"登录"}
