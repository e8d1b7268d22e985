"""The 审核队列 in the platform: review actions re-judge at once, scope and roles, CSRF, audit, API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from conftest import ROUND, World, log_in
from govinspect.jobs.context import open_round, targets_in_scope
from govinspect.jobs.pipeline import judge_round
from govinspect.scoring import AllowKind
from govinspect.store import ReviewStore
from govinspect.store.users import UserStore


@pytest.fixture
def judged(world: World) -> World:
    """The world's round judged for real (every target inspected), so that review re-judging changes only what it should."""
    ctx = open_round(world.settings, world.store, ROUND)
    for kind, key in targets_in_scope(ctx):
        world.store.mark_target(ROUND, kind, key, "done")
    judge_round(ctx)
    return world


def _verdict(world: World, target: str) -> str:
    return next(r.verdict.value for r in world.store.results(ROUND) if r.target == target)


def _fid(world: World, target: str) -> int:
    return world.ids[f"finding:{target}"]


def test_supervisor_marks_a_veto_false_positive_and_the_verdict_changes(
    app_client: TestClient, judged: World
) -> None:
    assert _verdict(judged, "gov") == "不合格"
    csrf = log_in(app_client, "sup")
    assert '待审核问题 <strong id="queue-size">' in app_client.get("/dashboard").text
    queue = app_client.get(f"/review?round={ROUND}")
    assert f'id="review-{_fid(judged, "gov")}"' in queue.text  # a veto waits for a person
    assert f'id="review-{_fid(judged, "school")}"' not in queue.text  # a dead link is auto-confirmed
    r = app_client.post(
        "/review/action",
        data={
            "csrf_token": csrf,
            "action": f"误报:{_fid(judged, 'gov')}",
            "reason": "首页当日有更新，抓取时缓存未刷新",
        },
    )
    assert r.status_code == 200 and "已将 1 条问题标为“误报”" in r.text
    assert _verdict(judged, "gov") == "合格"
    target = app_client.get(f"/targets/{judged.ids['result:gov']}").text
    assert "误报" in target and "首页当日有更新" in target
    entry = UserStore(judged.store).audit_entries(action="审核问题")[0]
    assert entry.actor == "sup" and entry.before == {"state": "待审核"}
    assert entry.after is not None and entry.after["state"] == "误报"


def test_doubt_and_confirm_keep_the_finding_counting(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    for action in ("存疑", "已确认"):
        r = app_client.post(
            "/review/action", data={"csrf_token": csrf, "action": f"{action}:{_fid(judged, 'gov')}"}
        )
        assert r.status_code == 200, r.text
        assert _verdict(judged, "gov") == "不合格"


def test_false_positive_needs_a_reason(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    r = app_client.post("/review/action", data={"csrf_token": csrf, "action": f"误报:{_fid(judged, 'gov')}"})
    assert r.status_code == 400 and "标为误报须填写理由" in r.text
    assert ReviewStore(judged.store).latest(ROUND) == {}
    assert _verdict(judged, "gov") == "不合格"


def test_batch_false_positive_adds_an_allow_list_entry(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    data = {
        "csrf_token": csrf, "action": "误报", "finding_id": [str(_fid(judged, "school"))],
        "reason": "招生简章页面已迁移", "allow_kind": "链接", "allow_expires": "2099-12-31",
    }  # fmt: skip
    r = app_client.post("/review/action", data=data)
    assert r.status_code == 200, r.text
    entries = ReviewStore(judged.store).allow_entries()
    assert [(e.kind.value, e.pattern) for e in entries] == [("链接", "http://school.example.gov.cn/x.html")]
    assert "http://school.example.gov.cn/x.html" in app_client.get("/review").text
    ReviewStore(judged.store).add_allow(
        AllowKind.LINK, "http://old.example.gov.cn/*", "旧站", "sup", dt.date(2020, 1, 1)
    )
    assert "（已过期，不再生效）" in app_client.get("/review").text
    ReviewStore(judged.store).remove_allow(ReviewStore(judged.store).allow_entries()[-1].id)
    r = app_client.post("/review/allow/delete", data={"csrf_token": csrf, "entry_id": str(entries[0].id)})
    assert r.status_code == 200 and ReviewStore(judged.store).allow_entries() == []
    assert UserStore(judged.store).audit_entries(action="删除例外")


def test_allow_list_kind_must_fit_the_finding(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    data = {"csrf_token": csrf, "action": f"误报:{_fid(judged, 'gov')}", "reason": "x", "allow_kind": "栏目"}
    r = app_client.post("/review/action", data=data)
    assert r.status_code == 400 and "不能按“栏目”加入例外名单" in r.text
    assert ReviewStore(judged.store).allow_entries() == [] and ReviewStore(judged.store).latest(ROUND) == {}


def test_unit_user_cannot_review(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "edu")
    own = app_client.post(
        "/review/action", data={"csrf_token": csrf, "action": f"已确认:{_fid(judged, 'edu')}"}
    )
    assert own.status_code == 403
    other = app_client.post(
        "/review/action", data={"csrf_token": csrf, "action": f"已确认:{_fid(judged, 'gov')}"}
    )
    assert other.status_code == 404 and "县政府门户网站" not in other.text
    page = app_client.get("/review")
    assert page.status_code == 200 and "row-actions" not in page.text and "例外名单" not in page.text
    assert 'name="action"' not in app_client.get(f"/targets/{judged.ids['result:edu']}").text
    assert ReviewStore(judged.store).latest(ROUND) == {}


def test_review_without_csrf_is_refused(app_client: TestClient, judged: World) -> None:
    log_in(app_client, "sup")
    r = app_client.post("/review/action", data={"action": f"误报:{_fid(judged, 'gov')}", "reason": "x"})
    assert r.status_code == 403
    assert _verdict(judged, "gov") == "不合格" and ReviewStore(judged.store).latest(ROUND) == {}


def test_only_an_approver_overrides_the_notice_gate(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    page = app_client.get(f"/review?round={ROUND}").text
    assert "条单项否决问题待审核" in page and "放行，允许印发通报" not in page
    assert (
        app_client.post(
            "/review/override", data={"csrf_token": csrf, "round": ROUND, "reason": "x"}
        ).status_code
        == 403
    )
    UserStore(judged.store).add_user("rev", "reviewer", "correct-horse-battery")
    client = TestClient(app_client.app, base_url="http://testserver")
    csrf = log_in(client, "rev")
    assert (
        client.post("/review/override", data={"csrf_token": csrf, "round": ROUND, "reason": " "}).status_code
        == 400
    )
    r = client.post(
        "/review/override",
        data={"csrf_token": csrf, "round": ROUND, "reason": "限期内须印发，否决项已电话核实"},
    )
    assert r.status_code == 200 and "已记录放行理由" in r.text
    assert ReviewStore(judged.store).override(ROUND) is not None
    assert UserStore(judged.store).audit_entries(action="放行待审核否决")


# -- API ----------------------------------------------------------------------------------
def _token(world: World, name: str) -> dict[str, str]:
    users = UserStore(world.store)
    user = users.get_user(name)
    assert user is not None
    return {"Authorization": f"Bearer {users.create_token(user.id, 'test')}"}


def test_api_review_and_state_filter(app_client: TestClient, judged: World) -> None:
    h = _token(judged, "sup")
    pending = app_client.get(f"/api/v1/findings?round={ROUND}&state=待审核", headers=h).json()["items"]
    assert _fid(judged, "gov") in {f["id"] for f in pending}
    assert all(f["review"]["state"] == "待审核" for f in pending)
    bad = app_client.post(f"/api/v1/findings/{_fid(judged, 'gov')}/review", json={"state": "误报"}, headers=h)
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "标为误报须填写理由"
    r = app_client.post(
        f"/api/v1/findings/{_fid(judged, 'gov')}/review",
        json={"state": "误报", "reason": "已核实"},
        headers=h,
    )
    assert r.status_code == 200, r.text
    item = r.json()["items"][0]
    assert (item["before"], item["after"], item["result"]["verdict"]) == ("待审核", "误报", "合格")
    rejected = app_client.get(f"/api/v1/findings?round={ROUND}&state=误报", headers=h).json()["items"]
    assert [f["id"] for f in rejected] == [_fid(judged, "gov")]
    assert rejected[0]["review"]["by"] == "sup"


def test_api_batch_and_paging_with_a_state(app_client: TestClient, judged: World) -> None:
    h = _token(judged, "sup")
    ids = [_fid(judged, "gov"), _fid(judged, "edu")]
    r = app_client.post(
        "/api/v1/findings/review", json={"ids": ids, "state": "存疑", "reason": "待复核"}, headers=h
    )
    assert r.status_code == 200 and [i["after"] for i in r.json()["items"]] == ["存疑", "存疑"]
    first = app_client.get("/api/v1/findings?state=存疑&limit=1", headers=h).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = app_client.get(
        f"/api/v1/findings?state=存疑&limit=1&cursor={first['next_cursor']}", headers=h
    ).json()
    assert {first["items"][0]["id"], second["items"][0]["id"]} == set(ids) and second["next_cursor"] is None
    assert UserStore(judged.store).audit_entries(action="批量审核")


def test_api_unit_token_cannot_review(app_client: TestClient, judged: World) -> None:
    h = _token(judged, "edu")
    own = app_client.post(
        f"/api/v1/findings/{_fid(judged, 'edu')}/review", json={"state": "已确认"}, headers=h
    )
    assert own.status_code == 403 and own.json()["error"]["message"] == "无权执行此操作。"
    other = app_client.post(
        f"/api/v1/findings/{_fid(judged, 'health')}/review", json={"state": "已确认"}, headers=h
    )
    assert other.status_code == 404
    batch = app_client.post(
        "/api/v1/findings/review", json={"ids": [_fid(judged, "gov")], "state": "已确认"}, headers=h
    )
    assert batch.status_code == 404
    seen = app_client.get("/api/v1/findings?state=待审核", headers=h).json()["items"]
    assert {f["target"] for f in seen} <= {"edu", "school"}
    gate = app_client.get(f"/api/v1/rounds/{ROUND}/review-gate", headers=h).json()
    assert {p["unit"] for p in gate["pending"]} <= {"县教育局", "县实验中学"}


def test_session_api_post_needs_the_csrf_header(app_client: TestClient, judged: World) -> None:
    csrf = log_in(app_client, "sup")
    url = f"/api/v1/findings/{_fid(judged, 'gov')}/review"
    assert app_client.post(url, json={"state": "已确认"}).status_code == 403
    assert app_client.post(url, json={"state": "已确认"}, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_queue_filters(app_client: TestClient, judged: World) -> None:
    log_in(app_client, "sup")
    page = app_client.get(f"/review?round={ROUND}&state=&unit=县教育局").text
    ids = set(re.findall(r'id="review-(\d+)"', page))
    assert ids == {str(_fid(judged, "edu"))}
    page = app_client.get(f"/review?round={ROUND}&state=&indicator=link").text
    assert set(re.findall(r'id="review-(\d+)"', page)) == {str(_fid(judged, "school"))}


def test_queue_size_counts_what_the_queue_lists(app_client: TestClient, judged: World) -> None:
    from govinspect.store.users import UserStore as Users
    from govinspect.web import queries
    from govinspect.web.authz import principal_for
    from govinspect.web.review import queue_page, queue_size, review_states

    def check() -> None:
        for name in ("sup", "edu"):
            user = Users(judged.store).get_user(name)
            assert user is not None
            p = principal_for(judged.store, user)
            every = review_states(judged.store, ROUND, queries.findings(judged.store, p, round_name=ROUND))
            for state in ("待审核", "已确认", "存疑", "误报"):  # SQL agrees with each finding's own state
                expected = [r.finding.id for r in every if r.state.value == state]
                rows, total, _ = queue_page(judged.store, p, ROUND, state=state)
                assert ([r.finding.id for r in rows], total) == (expected, len(expected))
                assert all(r.state.value == state for r in rows)
            assert queue_size(judged.store, p, ROUND) == len([r for r in every if r.state.value == "待审核"])

    check()
    csrf = log_in(app_client, "sup")
    before = queue_size(judged.store, principal_for(judged.store, Users(judged.store).get_user("sup")), ROUND)  # type: ignore[arg-type]
    app_client.post("/review/action", data={"csrf_token": csrf, "action": f"存疑:{_fid(judged, 'edu')}"})
    check()
    after = queue_size(judged.store, principal_for(judged.store, Users(judged.store).get_user("sup")), ROUND)  # type: ignore[arg-type]
    assert after == before - 1


def test_queue_comes_in_pages_with_the_filters_kept(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import html

    import govinspect.web.review as review

    monkeypatch.setattr(review, "QUEUE_PAGE", 2)
    log_in(app_client, "sup")
    first = app_client.get(f"/review?round={ROUND}&state=")
    total = len(world.store.findings(ROUND))
    pages = -(-total // 2)
    assert f"共 {total} 条问题，第 1/{pages} 页" in first.text
    assert first.text.count('name="finding_id"') == 2
    nxt = re.search(r'<a href="\?([^"]+)" rel="next">', first.text)
    assert nxt and "state=&" in html.unescape(nxt.group(1)) and "page=2" in nxt.group(1)
    last = app_client.get(f"/review?round={ROUND}&state=&page={pages}")
    assert last.text.count('name="finding_id"') == total - 2 * (pages - 1)
    assert 'rel="next"' not in last.text
    beyond = app_client.get(f"/review?round={ROUND}&state=&page=99")  # past the end: the last page
    assert f"第 {pages}/{pages} 页" in beyond.text
    assert app_client.get(f"/review?round={ROUND}&page=0").status_code == 422
