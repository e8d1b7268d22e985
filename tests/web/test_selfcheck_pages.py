"""单位自查 pages: a unit starts one on its own site (background job), reads it privately; others get 404."""

from __future__ import annotations

from fastapi.testclient import TestClient

from conftest import World, log_in
from govinspect import model as m
from govinspect.rectify.selfcheck import finish_inspection, list_inspections


class Started:
    def __init__(self) -> None:
        self.ids: list[int] = []

    def __call__(self, inspection_id: int, by: str) -> None:
        self.ids.append(inspection_id)


def _start(client: TestClient, csrf: str, target: str) -> object:
    return client.post(
        "/self-inspections", data={"csrf_token": csrf, "target": target}, follow_redirects=False
    )


def test_unit_starts_a_selfcheck_and_reads_its_findings(app_client: TestClient, world: World) -> None:
    started = Started()
    app_client.app.state.jobs.start_selfcheck = started  # type: ignore[attr-defined]
    csrf = log_in(app_client, "edu")
    page = app_client.get("/self-inspections").text
    assert 'value="site:edu"' in page and 'value="site:gov"' not in page  # only its own targets
    r = _start(app_client, csrf, "site:edu")
    assert r.status_code == 303  # type: ignore[attr-defined]
    (s,) = list_inspections(world.store, None)
    assert started.ids == [s.id] and "检查中" in app_client.get(f"/self-inspections/{s.id}").text
    assert "<td>县教育局网站</td>" in app_client.get("/self-inspections").text
    stale = m.Finding(code="column.stale", target_kind=m.TargetKind.SITE, target="edu",
                      message="栏目“通知公告”超过2周未更新",
                      evidence=m.Evidence(url="http://edu.example.gov.cn/tzgg/", detail={"column": "通知公告"}))  # fmt: skip
    finish_inspection(
        world.store, s.id, findings=[stale], summary="发现问题 1 条（自查结果，不计入检查轮次）"
    )
    shown = app_client.get(f"/self-inspections/{s.id}").text
    assert "县教育局网站" in shown and "通知公告" in shown and "发现的问题（1 条）" in shown
    r = _start(app_client, csrf, "site:edu")
    assert r.status_code == 400 and "今天已自查 1 次" in r.text  # type: ignore[attr-defined]
    r = _start(app_client, csrf, "site:gov")
    assert r.status_code == 400 and "本单位没有" in r.text  # type: ignore[attr-defined]
    app_client.cookies.clear()
    log_in(app_client, "health")
    assert app_client.get(f"/self-inspections/{s.id}").status_code == 404
    assert "县教育局" not in app_client.get("/self-inspections").text.split("<tbody>")[1]
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    assert "通知公告" in app_client.get(f"/self-inspections/{s.id}").text  # the office sees it
    r = _start(app_client, csrf, "site:edu")
    assert r.status_code == 400 and "不能发起自查" in r.text  # type: ignore[attr-defined]
    assert started.ids == [s.id]


def test_a_selfcheck_that_could_not_judge_shows_no_clean_list(app_client: TestClient, world: World) -> None:
    app_client.app.state.jobs.start_selfcheck = Started()  # type: ignore[attr-defined]
    csrf = log_in(app_client, "edu")
    _start(app_client, csrf, "site:edu")
    (s,) = list_inspections(world.store, None)
    finish_inspection(world.store, s.id, findings=None, summary="未能完成自查：首页无法打开，未能检查")
    shown = app_client.get(f"/self-inspections/{s.id}").text
    assert "未完成" in shown and "首页无法打开" in shown and "未发现问题" not in shown
