"""申诉 in the platform: a unit files one from a task item, the supervisor upholds (误报, re-judged) or rejects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import ROUND, World, build_world, log_in, with_tasks
from govinspect.jobs.context import open_round, targets_in_scope
from govinspect.jobs.pipeline import judge_round
from govinspect.store import ReviewStore, Store
from govinspect.store.users import UserStore

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    """The world's round judged for real, with its tasks issued."""
    w = build_world(store, tmp_path / "data")
    ctx = open_round(w.settings, w.store, ROUND)
    for kind, key in targets_in_scope(ctx):
        w.store.mark_target(ROUND, kind, key, "done")
    judge_round(ctx)
    return with_tasks(w)


def _judged(world: World, target: str) -> tuple[str, float | None, tuple[str, ...]]:
    """The target's verdict, score and deducted codes as the round now stands."""
    r = next(r for r in world.store.results(ROUND) if r.target == target)
    return r.verdict.value, r.score, tuple(d.code for d in r.deductions)


def _file(client: TestClient, world: World, reason: str, evidence: bytes | None = PNG) -> int:
    """The 教育局 files an appeal from its task's item, as the page links it; returns the appeal's id."""
    csrf = log_in(client, "edu")
    tid = world.ids["task:edu"]
    task = client.get(f"/tasks/{tid}").text
    link = re.search(r'href="(/appeals/new\?task=\d+&amp;item=\d+)"', task)
    assert link, task
    form = client.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and "栏目超过2周未更新" in form.text
    fid = re.search(r'name="finding_id" value="(\d+)"', form.text)
    assert fid and int(fid.group(1)) == world.ids["finding:edu"]
    files = [("evidence", ("更新记录截图.png", evidence, "image/png"))] if evidence else []
    r = client.post("/appeals", data={"csrf_token": csrf, "finding_id": fid.group(1), "reason": reason,
                                      "back": f"/tasks/{tid}"}, files=files, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    client.cookies.clear()
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_upheld_appeal_makes_the_finding_false_positive_and_rejudges(
    app_client: TestClient, world: World
) -> None:
    _, score, deducted = _judged(world, "edu")
    assert "column.stale" in deducted and score is not None and score < 100
    aid = _file(app_client, world, "该栏目 5 月 28 日已发布通知，抓取时页面缓存未刷新")
    csrf = log_in(app_client, "sup")
    listed = app_client.get("/appeals?state=待处理").text
    assert f'href="/appeals/{aid}"' in listed and "抓取时页面缓存未刷新" in listed
    assert "<td>县教育局网站</td>" in listed  # the site's name, not its code
    page = app_client.get(f"/appeals/{aid}").text
    assert "更新记录截图.png" in page and "申诉成立" in page
    assert app_client.get(f"/appeals/{aid}/file").content == PNG
    r = app_client.post(f"/appeals/{aid}/decide", data={"csrf_token": csrf, "decision": "uphold",
                                                         "reason": "经核实属实"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    assert "column.stale" not in _judged(world, "edu")[2]  # no longer costs points
    assert (_judged(world, "edu")[1] or 0) > score
    (rec,) = ReviewStore(world.store).latest(ROUND).values()
    assert rec.state == "误报" and rec.actor == "sup" and f"申诉 {aid}" in rec.reason
    entries = UserStore(world.store).audit_entries(obj=f"申诉:{aid}")
    assert [e.action for e in entries] == ["申诉成立", "提出申诉"]
    assert entries[0].after is not None and entries[0].after["问题审核"] == "待审核 → 误报"
    again = app_client.post(f"/appeals/{aid}/decide", data={"csrf_token": csrf, "decision": "reject",
                                                            "reason": "x"})  # fmt: skip
    assert again.status_code == 409 and "不能再次处理" in again.text
    app_client.cookies.clear()
    log_in(app_client, "edu")
    assert "申诉成立" in app_client.get(f"/tasks/{world.ids['task:edu']}").text


def test_rejected_appeal_keeps_the_finding_and_needs_a_reason(app_client: TestClient, world: World) -> None:
    aid = _file(app_client, world, "栏目内容无需更新", evidence=None)
    csrf = log_in(app_client, "sup")
    r = app_client.post(f"/appeals/{aid}/decide", data={"csrf_token": csrf, "decision": "reject"})
    assert r.status_code == 409 and "驳回申诉须写明理由" in r.text
    r = app_client.post(f"/appeals/{aid}/decide", data={"csrf_token": csrf, "decision": "reject",
                                                        "reason": "通知公告栏目应按要求及时更新"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    assert "column.stale" in _judged(world, "edu")[2] and ReviewStore(world.store).latest(ROUND) == {}
    assert "已驳回" in app_client.get(f"/appeals/{aid}").text
    entry = UserStore(world.store).audit_entries(obj=f"申诉:{aid}")[0]
    assert entry.action == "驳回申诉" and entry.after is not None and "及时更新" in entry.after["理由"]


def test_appeals_are_scoped_and_only_units_file_only_supervisors_decide(
    app_client: TestClient, world: World
) -> None:
    aid = _file(app_client, world, "理由")
    csrf = log_in(app_client, "health")
    assert app_client.get(f"/appeals/{aid}").status_code == 404  # another unit's
    assert "理由" not in app_client.get("/appeals").text.split("<tbody>")[1]
    r = app_client.post("/appeals", data={"csrf_token": csrf, "finding_id": str(world.ids["finding:edu"]),
                                          "reason": "x"})  # fmt: skip
    assert r.status_code == 404
    app_client.cookies.clear()
    csrf = log_in(app_client, "edu")
    r = app_client.post(f"/appeals/{aid}/decide", data={"csrf_token": csrf, "decision": "uphold"})
    assert r.status_code == 409 and "不能处理申诉" in r.text
    r = app_client.post("/appeals", data={"csrf_token": csrf, "finding_id": str(world.ids["finding:edu"]),
                                          "reason": "再申诉一次"})  # fmt: skip
    assert r.status_code == 400 and "不能重复申诉" in r.text
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    r = app_client.post("/appeals", data={"csrf_token": csrf, "finding_id": str(world.ids["finding:school"]),
                                          "reason": "x"})  # fmt: skip
    assert r.status_code == 400 and "不能提出申诉" in r.text


def test_a_disguised_file_is_refused(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "edu")
    fid = str(world.ids["finding:edu"])
    files = [("evidence", ("截图.png", b"MZ not an image", "image/png"))]
    r = app_client.post(
        "/appeals", data={"csrf_token": csrf, "finding_id": fid, "reason": "理由"}, files=files
    )
    assert r.status_code == 400 and "不是PDF、图片" in r.text
    assert "理由</textarea>" in r.text


def test_api_files_lists_and_decides(app_client: TestClient, world: World) -> None:
    users = UserStore(world.store)
    edu = {"Authorization": f"Bearer {users.create_token(users.get_user('edu').id)}"}  # type: ignore[union-attr]
    sup = {"Authorization": f"Bearer {users.create_token(users.get_user('sup').id)}"}  # type: ignore[union-attr]
    health = {"Authorization": f"Bearer {users.create_token(users.get_user('health').id)}"}  # type: ignore[union-attr]
    fid = world.ids["finding:edu"]
    assert (
        app_client.post(f"/api/v1/findings/{fid}/appeal", json={"reason": "x"}, headers=health).status_code
        == 404
    )
    r = app_client.post(f"/api/v1/findings/{fid}/appeal", json={"reason": "已更新"}, headers=edu)
    assert r.status_code == 201 and r.json()["state"] == "待处理"
    aid = r.json()["id"]
    assert [a["id"] for a in app_client.get("/api/v1/appeals", headers=edu).json()["items"]] == [aid]
    assert app_client.get("/api/v1/appeals", headers=health).json()["items"] == []
    r = app_client.post(f"/api/v1/appeals/{aid}/decision", json={"decision": "reject"}, headers=sup)
    assert r.status_code == 409 and "须写明理由" in r.json()["error"]["message"]
    r = app_client.post(f"/api/v1/appeals/{aid}/decision", json={"decision": "uphold"}, headers=sup)
    assert r.status_code == 200 and r.json()["state"] == "申诉成立" and r.json()["decided_by"] == "sup"
    assert "column.stale" not in _judged(world, "edu")[2]
