"""The JSON API: bearer tokens, cursor pagination, filters, Chinese JSON errors, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient

from conftest import ROUND, World
from govinspect.store.users import UserStore


def _token(world: World, name: str) -> dict[str, str]:
    users = UserStore(world.store)
    user = users.get_user(name)
    assert user is not None
    return {"Authorization": f"Bearer {users.create_token(user.id, 'test')}"}


def test_cursor_pagination_visits_every_result_once(app_client: TestClient, world: World) -> None:
    h = _token(world, "sup")
    seen: list[int] = []
    url = f"/api/v1/rounds/{ROUND}/results?limit=2"
    pages = 0
    while True:
        body = app_client.get(url, headers=h).json()
        assert len(body["items"]) <= 2
        seen += [i["id"] for i in body["items"]]
        pages += 1
        if body["next_cursor"] is None:
            break
        url = f"/api/v1/rounds/{ROUND}/results?limit=2&cursor={body['next_cursor']}"
    assert pages == 3 and len(seen) == len(set(seen)) == 5


def test_filters(app_client: TestClient, world: World) -> None:
    h = _token(world, "sup")
    failing = app_client.get(f"/api/v1/rounds/{ROUND}/results?verdict=不合格", headers=h).json()["items"]
    assert {r["target"] for r in failing} == {"gov", "edu", "health"}
    accounts = app_client.get(f"/api/v1/rounds/{ROUND}/results?kind=政务新媒体", headers=h).json()["items"]
    assert [r["target"] for r in accounts] == ["微信公众号:jkmx"]
    every = app_client.get("/api/v1/findings", headers=h).json()["items"]
    assert {f["target"]: f["unit"] for f in every} == {
        "gov": "县政府办", "edu": "县教育局", "school": "县实验中学", "health": "县卫健委", "微信公众号:jkmx": "县卫健委",
    }  # fmt: skip
    links = app_client.get("/api/v1/findings?indicator=link", headers=h).json()["items"]
    assert [f["code"] for f in links] == ["link.dead"]
    stale = app_client.get("/api/v1/findings?indicator=column.stale&unit=县教育局", headers=h).json()["items"]
    assert [f["target"] for f in stale] == ["edu"]
    assert app_client.get("/api/v1/findings?unit=县卫健委&indicator=link", headers=h).json()["items"] == []


def test_result_carries_vetoes_with_names(app_client: TestClient, world: World) -> None:
    h = _token(world, "sup")
    body = app_client.get(f"/api/v1/results/{world.ids['result:edu']}", headers=h).json()
    assert body["verdict"] == "不合格"
    assert body["vetoes"] == [{"code": "column.stale", "name": "栏目不更新"}]


def test_errors_are_json_in_chinese(app_client: TestClient, world: World) -> None:
    h = _token(world, "sup")
    r = app_client.get("/api/v1/results/999999", headers=h)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = app_client.get(f"/api/v1/rounds/{ROUND}/results?cursor=!!!", headers=h)
    assert r.status_code == 422 and "cursor" in r.json()["error"]["message"]
    r = app_client.get("/api/v1/rounds/没有这一轮/results", headers=h)
    assert r.status_code == 404
    r = app_client.get("/api/v1/rounds", headers={"Authorization": "Bearer gi_not-a-token"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "请先登录。"


def test_targets_in_scope(app_client: TestClient, world: World) -> None:
    items = app_client.get("/api/v1/targets", headers=_token(world, "health")).json()["items"]
    assert {(i["kind"], i["key"]) for i in items} == {("网站", "health"), ("政务新媒体", "微信公众号:jkmx")}


def test_dashboard_figures(app_client: TestClient, world: World) -> None:
    body = app_client.get("/api/v1/dashboard", headers=_token(world, "sup")).json()
    assert body["round"] == ROUND
    # 4 judged (the account is 待核实 and not in 合格率), 1 passed
    assert body["total"] == {
        "judged": 4,
        "passed": 1,
        "failed": 3,
        "unverified": 1,
        "rate": 25.0,
        "rate_text": "25%",
    }
    assert {v["name"]: v["count"] for v in body["vetoes"]} == {
        "首页不更新": 1,
        "栏目不更新": 1,
        "严重表述错误": 1,
    }
    assert body["units"][0]["unit"] == "县实验中学"  # the only unit whose site passed ranks first
    assert [t["round"] for t in body["trend"]] == [ROUND]


def test_openapi_documents_v1(app_client: TestClient) -> None:
    paths = app_client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/v1/rounds",
        "/api/v1/findings",
        "/api/v1/findings/{finding_id}",
        "/api/v1/results/{result_id}",
    } <= set(paths)
    assert "/login" not in paths
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in app_client.get("/api/docs").text


def test_results_export_is_scoped_filtered_and_formula_safe(app_client: TestClient, world: World) -> None:
    import csv
    import io

    from conftest import log_in
    from govinspect.web.export import cell

    log_in(app_client, "edu")
    r = app_client.get(f"/rounds/{ROUND}/results.csv?verdict=不合格")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["名称", "类别"]
    assert [row[2] for row in rows[1:]] == [
        "edu"
    ]  # own unit's failing site only; school passed, health is not ours
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell("-1") == "'-1" and cell("县教育局") == "县教育局"


def test_token_created_in_the_browser_works_once_shown(app_client: TestClient, world: World) -> None:
    import re

    from conftest import log_in

    csrf = log_in(app_client, "health")
    assert app_client.post("/account/tokens", data={"label": "报表"}).status_code == 403  # no CSRF token
    page = app_client.post("/account/tokens", data={"label": "报表", "csrf_token": csrf})
    token = re.search(r'<code id="new-token">(gi_[^<]+)</code>', page.text)
    assert page.status_code == 200 and token
    assert token.group(1) not in app_client.get("/account").text  # shown once only
    items = app_client.get(
        f"/api/v1/rounds/{ROUND}/results", headers={"Authorization": f"Bearer {token.group(1)}"}
    )
    assert {r["unit"] for r in items.json()["items"]} == {"县卫健委"}
