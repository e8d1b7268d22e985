"""Security controls: CSRF on every state change, headers, cookies, escaping, login throttling, secrets at rest."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from conftest import PASSWORD, ROUND, SCRIPT_TITLE, Sleeps, World, log_in, login_csrf
from govinspect.store.users import ApiTokenRow, SessionRow, UserRow, UserStore
from govinspect.web.app import route_table

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def test_every_state_changing_route_refuses_a_request_without_csrf(app_client: TestClient) -> None:
    log_in(app_client, "sup")
    unsafe = [(m, p) for m, p in route_table(app_client.app) if m in STATE_CHANGING]  # type: ignore[arg-type]
    assert ("POST", "/logout") in unsafe
    for method, path in unsafe:
        r = app_client.request(
            method, path, data={"username": "sup", "password": PASSWORD}, follow_redirects=False
        )
        assert r.status_code == 403, (method, path, r.status_code)
        r = app_client.request(method, path, data={"csrf_token": "forged"}, follow_redirects=False)
        assert r.status_code == 403, (method, path)
    assert app_client.get("/rounds").status_code == 200  # the session survived the forged logouts


def test_csrf_token_in_header_or_form_is_accepted(app_client: TestClient) -> None:
    csrf = log_in(app_client, "sup")
    r = app_client.post("/logout", headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert app_client.get("/rounds", follow_redirects=False).status_code == 303  # logged out
    csrf = log_in(app_client, "sup")
    assert app_client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303


def test_login_form_needs_its_own_token(app_client: TestClient) -> None:
    r = app_client.post("/login", data={"username": "sup", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403
    assert "gi_session" not in r.cookies


def test_security_headers(app_client: TestClient) -> None:
    for url in ("/login", "/api/v1/rounds", "/static/app.js"):
        h = app_client.get(url).headers
        csp = h["content-security-policy"]
        script_src = re.search(r"script-src ([^;]+)", csp)
        assert (
            script_src
            and "unsafe-inline" not in script_src.group(1)
            and "unsafe-eval" not in script_src.group(1)
        )
        assert "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_script(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    for url in (
        "/login",
        "/dashboard",
        "/rounds",
        f"/rounds/{ROUND}",
        f"/targets/{world.ids['result:health']}",
        "/workbench",
        "/api/docs",
    ):
        html = app_client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", html), url  # no event-handler attribute


def test_session_cookie_flags(app_client: TestClient) -> None:
    r = app_client.post("/login", data={"username": "sup", "password": PASSWORD, "csrf_token": login_csrf(app_client)},
                        follow_redirects=False)  # fmt: skip
    cookie = r.headers["set-cookie"]
    assert "gi_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the TLS case below


def test_session_cookie_is_secure_over_tls(world: World, sleeps: Sleeps) -> None:
    from govinspect.web.app import create_app
    from govinspect.web.auth import LoginPolicy

    app = create_app(world.settings, store=world.store, login_policy=LoginPolicy(sleep=sleeps))
    with TestClient(app, base_url="https://testserver") as c:
        r = c.post("/login", data={"username": "sup", "password": PASSWORD, "csrf_token": login_csrf(c)},
                   follow_redirects=False)  # fmt: skip
        assert "Secure" in r.headers["set-cookie"]


def test_crawled_html_renders_as_text(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    pages = [
        f"/targets/{world.ids['result:health']}",
        f"/targets/{world.ids['result:微信公众号:jkmx']}",
        f"/rounds/{ROUND}",
    ]
    for url in pages:
        html = app_client.get(url).text
        assert SCRIPT_TITLE not in html and "<img src=x" not in html, url
    target = app_client.get(pages[0]).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in target
    assert "&lt;img src=x onerror=" in target


def test_failed_logins_are_slowed_then_locked(app_client: TestClient, sleeps: Sleeps) -> None:
    for _ in range(5):
        r = app_client.post("/login", data={"username": "sup", "password": "wrong-password",
                                            "csrf_token": login_csrf(app_client)})  # fmt: skip
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    assert sleeps.calls == [0.25, 0.5, 1.0, 2.0, 4.0]  # each failure answered more slowly
    r = app_client.post(
        "/login", data={"username": "sup", "password": PASSWORD, "csrf_token": login_csrf(app_client)}
    )
    assert r.status_code == 429 and "已锁定" in r.text  # the right password no longer helps
    assert "gi_session" not in app_client.cookies
    log_in(app_client, "edu")  # another account is not affected


def test_unknown_names_lock_the_same_way(app_client: TestClient) -> None:
    answers = set()
    for _ in range(6):
        r = app_client.post("/login", data={"username": "nobody", "password": "x" * 12,
                                            "csrf_token": login_csrf(app_client)})  # fmt: skip
        answers.add((r.status_code, "已锁定" in r.text))
    assert answers == {(401, False), (429, True)}  # same answers as for a real account: no enumeration


def test_many_failures_from_one_address_are_refused(app_client: TestClient) -> None:
    for i in range(20):
        app_client.post("/login", data={"username": f"guess{i % 4}", "password": "x" * 12,
                                        "csrf_token": login_csrf(app_client)})  # fmt: skip
    r = app_client.post(
        "/login", data={"username": "edu", "password": PASSWORD, "csrf_token": login_csrf(app_client)}
    )
    assert r.status_code == 429 and "本地址" in r.text


def test_secrets_are_stored_hashed(app_client: TestClient, world: World) -> None:
    users = UserStore(world.store)
    user = users.get_user("edu")
    assert user is not None
    token = users.create_token(user.id)
    log_in(app_client, "edu")
    session = app_client.cookies["gi_session"]
    with world.store.session() as s:
        hashes = list(s.scalars(select(UserRow.password_hash)))
        assert all(h.startswith("$argon2id$") for h in hashes)
        assert token not in set(s.scalars(select(ApiTokenRow.token_hash)))
        assert session not in set(s.scalars(select(SessionRow.token_hash)))
    assert users.token_user(token) == user
    assert users.token_user(token + "x") is None


def test_sessions_expire_when_idle(app_client: TestClient, world: World) -> None:
    import datetime as dt

    from sqlalchemy import update

    from govinspect.store.users import now

    log_in(app_client, "sup")
    with world.store.session() as s:
        s.execute(update(SessionRow).values(last_seen=now() - dt.timedelta(minutes=31)))
    assert app_client.get("/rounds", follow_redirects=False).headers["location"] == "/login"
    with world.store.session() as s:
        assert s.scalar(select(SessionRow.id)) is None  # the expired session is gone, not just refused


def test_deactivated_user_cannot_log_in(app_client: TestClient, world: World) -> None:
    from sqlalchemy import update

    with world.store.session() as s:
        s.execute(update(UserRow).where(UserRow.name == "edu").values(active=False))
    r = app_client.post(
        "/login", data={"username": "edu", "password": PASSWORD, "csrf_token": login_csrf(app_client)}
    )
    assert r.status_code == 401 and "gi_session" not in app_client.cookies
