"""检查轮次 in the browser: create (each refusal), progress from the store, the lease, stop and rejudge refusals."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from conftest import PASSWORD, ROUND, World, log_in
from govinspect import model as m
from govinspect.jobs.lock import round_lock
from govinspect.store.users import UserStore

S, A = m.TargetKind.SITE, m.TargetKind.ACCOUNT
GOOD = {"name": "2023Q3", "checkpoint": "2023-09-20", "profile": "national-2019", "scope": "all"}


def _create(client: TestClient, csrf: str | None, **fields: object) -> object:
    data = {**GOOD, **fields}
    if csrf:
        data["csrf_token"] = csrf
    return client.post("/rounds/new", data=data, follow_redirects=False)


def test_supervisor_creates_a_round_for_selected_units(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    form = app_client.get("/rounds/new").text
    assert "national-2019" in form and "县教育局" in form
    r = _create(app_client, csrf, scope="units", units=["县教育局", "县卫健委"])
    assert r.status_code == 303 and r.headers["location"] == "/rounds/2023Q3/run"  # type: ignore[attr-defined]
    rnd = world.store.get_round("2023Q3")
    assert rnd.scope_units == ("县教育局", "县卫健委") and rnd.profile == "national-2019"
    assert rnd.checkpoint == m.checkpoint_at(dt.date(2023, 9, 20))
    entry = UserStore(world.store).audit_entries(actor="sup", action="新建检查轮次")[0]
    assert entry.object == "轮次:2023Q3" and entry.after and entry.after["units"] == ["县教育局", "县卫健委"]
    page = app_client.get("/rounds/2023Q3/run").text
    assert "本轮次尚未运行" in page and 'hx-trigger="every 2s"' not in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"checkpoint": "2023-13-01"}, "日期“2023-13-01”格式不正确，应为 YYYY-MM-DD"),
        ({"profile": "no-such"}, "没有名为“no-such”的检查指标画像"),
        ({"profile": "/etc/govinspect.yaml"}, "没有名为“/etc/govinspect.yaml”的检查指标画像"),
        ({"scope": "units", "units": ["县教育局", "无此单位"]}, "台账中没有单位“无此单位”"),
        ({"scope": "units"}, "按单位检查时请至少选择一个单位"),
        ({"name": ROUND}, f"检查轮次“{ROUND}”已存在"),
        ({"name": "../etc"}, "轮次名称“../etc”不可用"),
        ({"name": ""}, "轮次名称“”不可用"),
        ({"source": "guess"}, "请选择数据来源"),
    ],
)
def test_a_bad_round_is_refused_in_one_line(
    app_client: TestClient, world: World, fields: dict[str, object], message: str
) -> None:
    csrf = log_in(app_client, "sup")
    before = [r.name for r in world.store.list_rounds()]
    r = _create(app_client, csrf, **fields)
    assert r.status_code == 400  # type: ignore[attr-defined]
    errors = re.findall(r'<p class="error" role="alert">([^<]*)</p>', r.text)  # type: ignore[attr-defined]
    assert len(errors) == 1 and errors[0].startswith(message)
    assert [r.name for r in world.store.list_rounds()] == before
    assert not UserStore(world.store).audit_entries(action="新建检查轮次")


def test_a_round_built_from_monitoring_is_a_setting_of_the_round(
    app_client: TestClient, world: World
) -> None:
    csrf = log_in(app_client, "sup")
    assert "依据常态化监测数据" in app_client.get("/rounds/new").text
    assert _create(app_client, csrf, source="monitoring").status_code == 303  # type: ignore[attr-defined]
    assert world.store.get_round("2023Q3").source == m.RoundSource.MONITORING
    assert _create(app_client, csrf, name="2023Q4").status_code == 303  # type: ignore[attr-defined]
    assert world.store.get_round("2023Q4").source == m.RoundSource.CRAWL  # a fresh crawl unless chosen
    entry = UserStore(world.store).audit_entries(actor="sup", action="新建检查轮次")[-1]
    assert entry.after and entry.after["source"] == "常态化监测数据"


def test_only_supervisors_create_and_run(app_client: TestClient, world: World) -> None:
    UserStore(world.store).add_user("rev", "reviewer", PASSWORD)
    for name in ("edu", "rev"):
        csrf = log_in(app_client, name)
        assert app_client.get("/rounds/new").status_code == 403
        assert _create(app_client, csrf).status_code == 403  # type: ignore[attr-defined]
        assert app_client.post(f"/rounds/{ROUND}/run", data={"csrf_token": csrf}).status_code == 403
        assert app_client.get(f"/rounds/{ROUND}/progress").status_code == 403
        app_client.cookies.clear()
    assert [r.name for r in world.store.list_rounds()] == [ROUND]


def test_pages_offer_only_the_allowed_actions(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    assert 'id="new-round"' not in app_client.get("/rounds").text
    assert "运行与进度" not in app_client.get(f"/rounds/{ROUND}").text
    app_client.cookies.clear()
    log_in(app_client, "sup")
    assert 'id="new-round"' in app_client.get("/rounds").text
    assert f'href="/rounds/{ROUND}/run"' in app_client.get(f"/rounds/{ROUND}").text


def test_create_and_run_need_the_csrf_token(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    assert _create(app_client, None).status_code == 403  # type: ignore[attr-defined]
    assert _create(app_client, "forged").status_code == 403  # type: ignore[attr-defined]
    assert app_client.post(f"/rounds/{ROUND}/run", data={}).status_code == 403
    assert app_client.app.state.jobs.get(ROUND) is None  # type: ignore[attr-defined]
    assert [r.name for r in world.store.list_rounds()] == [ROUND]


def test_progress_fragment_counts_targets_and_lists_unverified(app_client: TestClient, world: World) -> None:
    store = world.store
    store.ensure_targets(ROUND, [(S, "gov"), (S, "edu"), (S, "school"), (A, "微信公众号:jkmx")])
    store.mark_target(ROUND, S, "gov", "running")
    store.mark_target(ROUND, S, "gov", "done")
    store.mark_target(ROUND, S, "edu", "running")
    store.mark_target(ROUND, S, "edu", "failed", error="连接超时")
    store.mark_target(ROUND, S, "school", "running")
    csrf = log_in(app_client, "sup")
    with round_lock(store, ROUND, "run"):  # as if `round run` were writing the round
        frag = app_client.get(f"/rounds/{ROUND}/progress").text
        assert 'data-active="1"' in frag and 'hx-trigger="every 2s"' in frag
        assert re.search(
            r'已完成 <span class="done">2</span>/<span class="total">4</span> 个（出错 1 个）', frag
        )
        assert "正在检查：县实验中学网站" in frag and "待核实" not in frag
        refused = app_client.post(f"/rounds/{ROUND}/run", data={"csrf_token": csrf}, follow_redirects=False)
        assert refused.status_code == 409 and "正由另一进程写入（govinspect round run，进程号" in refused.text
        assert app_client.app.state.jobs.get(ROUND) is None  # type: ignore[attr-defined]
        api = app_client.get(f"/api/v1/rounds/{ROUND}/progress").json()
        assert (api["active"], api["total"], api["done"], api["failed"]) == (True, 4, 1, 1)
        assert api["running"] == ["县实验中学网站"] and api["unverified"] == []
    api = app_client.get(f"/api/v1/rounds/{ROUND}/progress").json()
    assert api["active"] is False and api["running"] == []
    assert api["unverified"] == [{"unit": "县卫健委", "name": "健康某县", "reason": "无法读取发文"}]
    frag = app_client.get(f"/rounds/{ROUND}/progress").text
    assert 'data-active="0"' in frag and "hx-get" not in frag and "正在检查" not in frag
    assert "待核实（1 个" in frag and "健康某县" in frag and "无法读取发文" in frag


def test_stop_and_rejudge_refusals(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    stop = app_client.post(f"/rounds/{ROUND}/stop", data={"csrf_token": csrf})
    assert stop.status_code == 409 and "没有由本平台启动、正在运行的任务" in stop.text
    bad = app_client.post(f"/rounds/{ROUND}/rejudge", data={"csrf_token": csrf, "profile": "no-such"})
    assert bad.status_code == 400 and "没有名为“no-such”的检查指标画像" in bad.text
    with round_lock(world.store, ROUND, "report"):
        busy = app_client.post(
            f"/rounds/{ROUND}/rejudge", data={"csrf_token": csrf, "profile": "national-2019"}
        )
    assert busy.status_code == 409 and "govinspect report" in busy.text
    assert app_client.app.state.jobs.get(ROUND) is None  # type: ignore[attr-defined]
    assert not UserStore(world.store).audit_entries(action="重新判定检查轮次")


def test_api_creates_rounds_with_the_same_checks(app_client: TestClient, world: World) -> None:
    users = UserStore(world.store)
    sup, edu = users.get_user("sup"), users.get_user("edu")
    assert sup is not None and edu is not None
    headers = {"Authorization": f"Bearer {users.create_token(sup.id)}"}
    ok = app_client.post(
        "/api/v1/rounds", json={"name": "2023Q4", "checkpoint": "2023-12-20"}, headers=headers
    )
    assert ok.status_code == 201 and ok.json()["profile"] == "national-2019"
    bad = app_client.post("/api/v1/rounds", json={"name": "X", "checkpoint": "2023-12-20", "units": ["无此单位"]},
                          headers=headers)  # fmt: skip
    assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("台账中没有单位“无此单位”")
    unit = {"Authorization": f"Bearer {users.create_token(edu.id)}"}
    denied = app_client.post("/api/v1/rounds", json={"name": "Y", "checkpoint": "2023-12-20"}, headers=unit)
    assert denied.status_code == 403 and denied.json()["error"]["message"] == "无权执行此操作。"
    assert app_client.post(f"/api/v1/rounds/{ROUND}/run", headers=unit).status_code == 403
    assert [r.name for r in world.store.list_rounds()] == [ROUND, "2023Q4"]
