"""The administrator's accounts API: list, create (password once), change, audit log; nobody else's."""

from __future__ import annotations

from fastapi.testclient import TestClient

from conftest import PASSWORD, World
from govinspect.store.users import UserStore


def _bearer(world: World, name: str) -> dict[str, str]:
    users = UserStore(world.store)
    user = users.get_user(name)
    assert user is not None
    return {"Authorization": f"Bearer {users.create_token(user.id)}"}


def test_admin_lists_creates_and_changes_users(app_client: TestClient, world: World) -> None:
    admin = _bearer(world, "admin")
    listed = app_client.get("/api/v1/users", headers=admin).json()["items"]
    assert {u["name"] for u in listed} >= {"admin", "sup", "edu"}
    assert all("password" not in u and "password_hash" not in u for u in listed)
    first = app_client.get("/api/v1/users?limit=2", headers=admin).json()
    rest = app_client.get(f"/api/v1/users?cursor={first['next_cursor']}", headers=admin).json()["items"]
    assert [u["name"] for u in first["items"] + rest] == [u["name"] for u in listed]

    r = app_client.post(
        "/api/v1/users", headers=admin, json={"name": "wsj", "role": "unit", "unit": "县卫健委"}
    )
    assert r.status_code == 201 and r.json()["role_name"] == "填报单位"
    assert UserStore(world.store).check_password("wsj", r.json()["password"]) is not None

    r = app_client.patch(f"/api/v1/users/{r.json()['id']}", headers=admin, json={"active": False})
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["unit"] == "县卫健委"
    entries = app_client.get("/api/v1/audit?action=修改用户", headers=admin).json()["items"]
    assert entries[0]["object"] == "用户:wsj" and entries[0]["change"] == "允许登录：是 → 否"


def test_refusals_are_json_in_chinese_and_change_nothing(app_client: TestClient, world: World) -> None:
    admin = _bearer(world, "admin")
    before = app_client.get("/api/v1/users", headers=admin).json()["items"]
    r = app_client.post("/api/v1/users", headers=admin, json={"name": "x", "role": "unit"})
    assert r.status_code == 400 and r.json()["error"]["message"] == "填报单位账号须指定所属单位"
    admin_id = next(u["id"] for u in before if u["name"] == "admin")
    r = app_client.patch(f"/api/v1/users/{admin_id}", headers=admin, json={"role": "viewer"})
    assert r.status_code == 400 and "唯一在用的系统管理员" in r.json()["error"]["message"]
    assert app_client.patch("/api/v1/users/99999", headers=admin, json={}).status_code == 404
    assert app_client.get("/api/v1/users", headers=admin).json()["items"] == before


def test_accounts_api_is_the_administrators(app_client: TestClient, world: World) -> None:
    for name in ("sup", "edu"):
        headers = _bearer(world, name)
        assert app_client.get("/api/v1/users", headers=headers).status_code == 403
        assert app_client.get("/api/v1/audit", headers=headers).status_code == 403
        r = app_client.post("/api/v1/users", headers=headers, json={"name": "z", "role": "admin"})
        assert r.status_code == 403 and r.json()["error"]["message"] == "无权执行此操作。"
    assert UserStore(world.store).get_user("z") is None
    assert UserStore(world.store).check_password("sup", PASSWORD) is not None
