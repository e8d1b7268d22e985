"""Account management in the browser: own password and tokens, and the administrator's users page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from conftest import PASSWORD, World, log_in, login_csrf
from govinspect.store.users import UserStore

NEW_PASSWORD = "another-long-password"


def _users(world: World) -> UserStore:
    return UserStore(world.store)


def _id(world: World, name: str) -> int:
    user = _users(world).get_user(name)
    assert user is not None
    return user.id


def _sign_in(client: TestClient, name: str, password: str) -> int:
    r = client.post("/login", data={"username": name, "password": password, "csrf_token": login_csrf(client)},
                    follow_redirects=False)  # fmt: skip
    return r.status_code


def test_own_password_change_needs_the_current_one(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "edu")
    wrong = {"current": "not-my-password", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf}
    r = app_client.post("/account/password", data=wrong)
    assert r.status_code == 400 and "当前密码不正确" in r.text
    mismatch = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x", "csrf_token": csrf}
    assert "两次输入的新密码不一致" in app_client.post("/account/password", data=mismatch).text
    short = {"current": PASSWORD, "new": "short", "confirm": "short", "csrf_token": csrf}
    assert "密码至少 10 个字符" in app_client.post("/account/password", data=short).text
    assert _users(world).check_password("edu", PASSWORD) is not None  # nothing changed


def test_own_password_change_ends_other_sessions_and_keeps_this_one(
    app_client: TestClient, world: World
) -> None:
    other = TestClient(app_client.app, base_url="http://testserver")
    log_in(other, "edu")
    csrf = log_in(app_client, "edu")
    ok = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf}
    r = app_client.post("/account/password", data=ok)
    assert r.status_code == 200 and "密码已修改" in r.text
    assert app_client.get("/account", follow_redirects=False).status_code == 200  # this browser stays in
    assert other.get("/account", follow_redirects=False).status_code == 303  # the other one is out
    assert _users(world).check_password("edu", PASSWORD) is None
    assert _users(world).check_password("edu", NEW_PASSWORD) is not None
    assert _users(world).audit_entries(actor="edu")[0].action == "修改密码"


def test_revoking_a_token_stops_it_and_only_the_owner_can(app_client: TestClient, world: World) -> None:
    users = _users(world)
    edu_token = users.create_token(_id(world, "edu"), "报表系统")
    health_token = users.create_token(_id(world, "health"), "他人的")
    health_id = users.tokens(_id(world, "health"))[0].id
    csrf = log_in(app_client, "edu")
    assert (
        app_client.post(f"/account/tokens/{health_id}/revoke", data={"csrf_token": csrf}).status_code == 404
    )
    assert users.token_user(health_token) is not None
    edu_id = users.tokens(_id(world, "edu"))[0].id
    page = app_client.post(f"/account/tokens/{edu_id}/revoke", data={"csrf_token": csrf})
    assert page.status_code == 200 and "已停用令牌“报表系统”" in page.text
    assert users.token_user(edu_token) is None
    api = TestClient(app_client.app, base_url="http://testserver")
    assert api.get("/api/v1/findings", headers={"Authorization": f"Bearer {edu_token}"}).status_code == 401


def test_admin_creates_a_user_with_a_password_shown_once(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "admin")
    r = app_client.post(
        "/admin/users", data={"name": "wsj", "role": "unit", "unit": "县卫健委", "csrf_token": csrf}
    )
    assert r.status_code == 200 and "已创建账号 wsj（填报单位）" in r.text
    match = re.search(r'id="new-password">([^<]+)<', r.text)
    assert match
    assert _users(world).check_password("wsj", match.group(1)) is not None
    assert match.group(1) not in app_client.get("/admin").text  # shown once only
    fresh = TestClient(app_client.app, base_url="http://testserver")
    assert _sign_in(fresh, "wsj", match.group(1)) == 303


def test_admin_refusals_are_one_chinese_line_and_change_nothing(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "admin")
    before = [(u.name, u.role, u.unit, u.active) for u in _users(world).list_users()]
    cases = [
        ("/admin/users", {"name": "x1", "role": "unit", "unit": ""}, "须指定所属单位"),
        ("/admin/users", {"name": "x2", "role": "boss", "unit": ""}, "角色“boss”不存在"),
        ("/admin/users", {"name": "edu", "role": "viewer", "unit": ""}, "用户“edu”已存在"),
        (
            f"/admin/users/{_id(world, 'edu')}",
            {"role": "unit", "unit": "无此单位", "active": "1"},
            "不在底账中",
        ),
        (
            f"/admin/users/{_id(world, 'admin')}",
            {"role": "admin", "unit": "", "active": ""},
            "唯一在用的系统管理员",
        ),
        (
            f"/admin/users/{_id(world, 'admin')}",
            {"role": "viewer", "unit": "", "active": "1"},
            "唯一在用的系统管理员",
        ),
    ]
    for path, data, message in cases:
        r = app_client.post(path, data={**data, "csrf_token": csrf})
        assert r.status_code == 400 and message in r.text, (path, data)
        assert 'role="alert"' in r.text
    assert [(u.name, u.role, u.unit, u.active) for u in _users(world).list_users()] == before


def test_admin_disables_a_user_and_their_sessions_end(app_client: TestClient, world: World) -> None:
    edu = TestClient(app_client.app, base_url="http://testserver")
    log_in(edu, "edu")
    csrf = log_in(app_client, "admin")
    r = app_client.post(
        f"/admin/users/{_id(world, 'edu')}", data={"role": "unit", "unit": "县教育局", "csrf_token": csrf}
    )
    assert r.status_code == 200 and "已保存账号 edu" in r.text
    assert edu.get("/account", follow_redirects=False).status_code == 303
    assert _sign_in(edu, "edu", PASSWORD) != 303
    entry = _users(world).audit_entries(action="修改用户")[0]
    assert (
        entry.before == {"role": "unit", "unit": "县教育局", "active": True}
        and entry.after["active"] is False
    )
    assert "允许登录：是 → 否" in app_client.get("/admin").text  # the change reads as Chinese, not JSON


def test_admin_changes_a_role_and_the_scope_follows(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "admin")
    data = {"role": "supervisor", "unit": "", "active": "1", "csrf_token": csrf}
    assert app_client.post(f"/admin/users/{_id(world, 'edu')}", data=data).status_code == 200
    edu = TestClient(app_client.app, base_url="http://testserver")
    log_in(edu, "edu")
    assert edu.get(f"/targets/{world.ids['result:health']}").status_code == 200  # now sees every unit


def test_admin_resets_a_password_and_lifts_the_lock(app_client: TestClient, world: World) -> None:
    import datetime as dt

    users = _users(world)
    users.set_lock(_id(world, "edu"), 5, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    csrf = log_in(app_client, "admin")
    r = app_client.post(f"/admin/users/{_id(world, 'edu')}/password", data={"csrf_token": csrf})
    match = re.search(r'id="new-password">([^<]+)<', r.text)
    assert r.status_code == 200 and match
    assert users.check_password("edu", PASSWORD) is None
    fresh = TestClient(app_client.app, base_url="http://testserver")
    assert _sign_in(fresh, "edu", match.group(1)) == 303  # the lock is gone too
    assert users.audit_entries(action="重置密码")[0].object == "用户:edu"


def test_user_management_is_the_administrators(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    target = _id(world, "edu")
    for path in ("/admin/users", f"/admin/users/{target}", f"/admin/users/{target}/password"):
        r = app_client.post(path, data={"name": "x", "role": "admin", "unit": "", "csrf_token": csrf})
        assert r.status_code == 403, path
    assert [u.role for u in _users(world).list_users() if u.name == "sup"] == ["supervisor"]
    log_in(app_client, "admin")
    assert (
        app_client.post(
            "/admin/users/99999/password", data={"csrf_token": log_in(app_client, "admin")}
        ).status_code
        == 404
    )
