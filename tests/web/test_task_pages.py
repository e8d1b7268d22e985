"""整改任务 pages: list and detail in scope, each move as a form (hit and miss), uploads and downloads."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException
from starlette.requests import Request

from conftest import ROUND, World, build_world, log_in, with_tasks
from govinspect import model as m
from govinspect.rectify import create_tasks, get_task
from govinspect.store import Store
from govinspect.store.users import UserStore
from govinspect.web.task_pages import SUBMIT_MAX_BYTES, submit_limit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    """The web world with its units' 整改任务 issued."""
    return with_tasks(build_world(store, tmp_path / "data"))


def _move(client: TestClient, csrf: str, task_id: int, move: str, reason: str = "") -> object:
    return client.post(
        f"/tasks/{task_id}/move",
        data={"csrf_token": csrf, "move": move, "reason": reason},
        follow_redirects=False,
    )


def _submit(client: TestClient, csrf: str, task_id: int, world: World, report: bytes = PDF, **extra: object):  # type: ignore[no-untyped-def]
    t = get_task(world.store, task_id)
    data = {"csrf_token": csrf, **{f"answer_{i.id}": "已更新栏目并建立更新机制" for i in t.items}, **extra}
    files = [("report", ("整改报告.pdf", report, "application/pdf"))]
    files += [(f"proof_{t.items[0].id}", ("截图.png", PNG, "image/png"))]
    return client.post(f"/tasks/{task_id}/submit", data=data, files=files, follow_redirects=False)


def _signed(client: TestClient, world: World) -> tuple[str, int]:
    csrf = log_in(client, "edu")
    tid = world.ids["task:edu"]
    assert _move(client, csrf, tid, "sign").status_code == 303  # type: ignore[attr-defined]
    return csrf, tid


def test_lists_are_scoped_and_filtered(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    page = app_client.get("/tasks").text
    assert "<td>县教育局</td>" in page and "<td>县实验中学</td>" in page and "县卫健委" not in page
    assert f'href="/tasks/{world.ids["task:edu"]}"' in page
    assert "（已逾期）" in page  # 10 working days from 2023-07-03 are long gone
    assert "<td>县教育局</td>" not in app_client.get("/tasks?state=整改中").text
    app_client.cookies.clear()
    log_in(app_client, "sup")
    page = app_client.get(f"/tasks?round={ROUND}&state=已下发&overdue=1").text
    assert all(f"<td>{u}</td>" in page for u in ("县教育局", "县实验中学", "县卫健委", "县政府办"))
    assert "没有符合条件的整改任务" in app_client.get("/tasks?round=另一轮").text


def test_task_page_shows_items_evidence_deadline_and_history(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    page = app_client.get(f"/tasks/{world.ids['task:edu']}").text
    assert "“通知公告”栏目超过2周未更新" in page and "关于开展安全检查的通知" in page
    assert "2023-07-17" in page and "（已逾期）" in page  # 10 working days after 2023-07-03
    assert "整改任务下发" in page and "待下发 → 已下发" in page
    assert "签收" in page and "验收" not in page


def test_crawled_text_is_escaped(app_client: TestClient, world: World) -> None:
    log_in(app_client, "health")
    page = app_client.get(f"/tasks/{world.ids['task:health']}").text
    assert "<img src=x onerror" not in page and "&lt;img" in page


def test_unit_gets_404_for_another_units_task_files_and_moves(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "health")
    other = world.ids["task:edu"]
    assert app_client.get(f"/tasks/{other}").status_code == 404
    assert app_client.get(f"/tasks/{other}/files/{'0' * 64}").status_code == 404
    assert _move(app_client, csrf, other, "sign").status_code == 404  # type: ignore[attr-defined]
    assert _submit(app_client, csrf, other, world).status_code == 404
    assert app_client.get("/tasks/99999").status_code == 404
    assert get_task(world.store, other).state == "已下发"


def test_unit_does_not_see_a_task_before_it_is_issued(app_client: TestClient, world: World) -> None:
    world.store.create_round(m.Round(name="R2", checkpoint=dt.datetime(2023, 9, 20, 9, 0, tzinfo=m.TZ)))
    (pending, *_) = create_tasks(world.store, "R2", world.store.results(ROUND), world.store.findings(ROUND),
                                 workdays=10)  # fmt: skip
    unit_user = {"县教育局": "edu", "县卫健委": "health"}.get(pending.unit, "sup")
    log_in(app_client, unit_user)
    assert app_client.get(f"/tasks/{pending.id}").status_code == (200 if unit_user == "sup" else 404)
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    page = app_client.get(f"/tasks/{pending.id}").text
    assert "待下发" in page and "下发" in page
    r = app_client.post(
        "/tasks/issue", data={"csrf_token": csrf, "task_id": pending.id}, follow_redirects=False
    )
    assert r.status_code == 303 and get_task(world.store, pending.id).state == "已下发"
    r = app_client.post("/tasks/issue", data={"csrf_token": csrf, "round": "R2"}, follow_redirects=False)
    assert r.status_code == 303
    r = app_client.post("/tasks/issue", data={"csrf_token": csrf, "round": "R2"})
    assert r.status_code == 409 and "轮次“R2”没有待下发的整改任务" in r.text
    r = app_client.post("/tasks/issue", data={"csrf_token": csrf, "task_id": pending.id})
    assert r.status_code == 409 and "不能下发" in r.text


def test_supervisor_issues_every_pending_task_of_a_round(app_client: TestClient, world: World) -> None:
    world.store.create_round(m.Round(name="R2", checkpoint=dt.datetime(2023, 9, 20, 9, 0, tzinfo=m.TZ)))
    tasks = create_tasks(
        world.store, "R2", world.store.results(ROUND), world.store.findings(ROUND), workdays=10
    )
    csrf = log_in(app_client, "edu")
    r = app_client.post("/tasks/issue", data={"csrf_token": csrf, "round": "R2"})
    assert r.status_code == 403 and all(get_task(world.store, t.id).state == "待下发" for t in tasks)
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    assert "下发轮次“R2”全部待下发任务" in app_client.get("/tasks").text
    r = app_client.post("/tasks/issue", data={"csrf_token": csrf, "round": "R2"}, follow_redirects=False)
    assert r.status_code == 303
    done = [get_task(world.store, t.id) for t in tasks]
    assert {t.state for t in done} == {"已下发"} and all(t.deadline for t in done)


def test_csrf_is_required(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    tid = world.ids["task:edu"]
    r = app_client.post(f"/tasks/{tid}/move", data={"move": "sign"}, follow_redirects=False)
    assert r.status_code == 403 and get_task(world.store, tid).state == "已下发"
    r = app_client.post(f"/tasks/{tid}/move", data={"move": "sign", "csrf_token": "forged"})
    assert r.status_code == 403 and get_task(world.store, tid).state == "已下发"


def test_roles_are_the_transitions(app_client: TestClient, world: World) -> None:
    tid = world.ids["task:edu"]
    csrf = log_in(app_client, "sup")
    r = _move(app_client, csrf, tid, "sign")
    assert r.status_code == 409 and "“督查员”不能签收整改任务" in r.text  # type: ignore[attr-defined]
    assert _move(app_client, csrf, tid, "drop").status_code == 400  # type: ignore[attr-defined]
    app_client.cookies.clear()
    csrf = log_in(app_client, "edu")
    r = _move(app_client, csrf, tid, "accept")
    assert r.status_code == 409 and "不能验收整改任务" in r.text  # type: ignore[attr-defined]
    assert app_client.post(f"/tasks/{tid}/recheck", data={"csrf_token": csrf}).status_code == 403
    assert get_task(world.store, tid).state == "已下发"


def test_sign_submit_download_return(app_client: TestClient, world: World) -> None:
    csrf, tid = _signed(app_client, world)
    assert get_task(world.store, tid).state == "整改中"
    r = _submit(app_client, csrf, tid, world)
    assert r.status_code == 303, r.text
    t = get_task(world.store, tid)
    assert t.state == "已提交" and t.report_file and t.items[0].proofs
    page = app_client.get(f"/tasks/{tid}").text
    link = re.search(r'href="(/tasks/\d+/files/[0-9a-f]{64})">整改报告.pdf', page)
    assert link and "已更新栏目并建立更新机制" in page
    got = app_client.get(link.group(1))
    assert got.content == PDF and got.headers["content-disposition"].startswith("attachment; filename=")
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert app_client.get(f"/tasks/{tid}/files/{t.items[0].proofs[0]['sha256']}").content == PNG
    assert app_client.get(f"/tasks/{tid}/files/{'a' * 64}").status_code == 404
    assert app_client.get(f"/tasks/{tid}/files/..%2F..%2Fgovinspect.db").status_code == 404
    app_client.cookies.clear()
    log_in(app_client, "health")
    assert app_client.get(link.group(1)).status_code == 404  # another unit
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    assert app_client.get(link.group(1)).content == PDF
    r = _move(app_client, csrf, tid, "return")
    assert r.status_code == 409 and "须写明理由" in r.text  # type: ignore[attr-defined]
    assert _move(app_client, csrf, tid, "return", "佐证材料不足").status_code == 303  # type: ignore[attr-defined]
    t = get_task(world.store, tid)
    assert t.state == "整改中" and t.reason == "佐证材料不足"
    entries = UserStore(world.store).audit_entries(obj=f"整改任务:{tid}")
    assert [e.action for e in entries][:3] == ["整改任务退回", "整改任务提交整改报告", "整改任务签收"]
    assert all(e.ip == "testclient" for e in entries[:3])


def test_submission_refusals_change_nothing(app_client: TestClient, world: World) -> None:
    csrf, tid = _signed(app_client, world)
    r = _submit(app_client, csrf, tid, world, report=b"not a pdf at all")
    assert r.status_code == 400 and "不是PDF 或图片" in r.text
    assert ">已更新栏目并建立更新机制</textarea>" in r.text  # what the unit typed is kept
    t = get_task(world.store, tid)
    r = app_client.post(f"/tasks/{tid}/submit", data={"csrf_token": csrf, f"answer_{t.items[0].id}": "x"})
    assert r.status_code == 400 and "请上传加盖公章的整改报告" in r.text
    files = [("report", ("整改报告.pdf", PDF, "application/pdf"))]
    r = app_client.post(f"/tasks/{tid}/submit", data={"csrf_token": csrf}, files=files)
    assert r.status_code == 400 and "请逐项填写整改情况" in r.text
    many = files + [(f"proof_{t.items[0].id}", (f"截图{n}.png", PNG, "image/png")) for n in range(21)]
    r = app_client.post(
        f"/tasks/{tid}/submit", data={"csrf_token": csrf, f"answer_{t.items[0].id}": "x"}, files=many
    )
    assert r.status_code == 400 and "佐证材料一次最多上传 20 份" in r.text
    assert get_task(world.store, tid).state == "整改中" and get_task(world.store, tid).report_file is None
    assert not (world.settings.data_dir / "rectify" / str(tid)).exists()


def test_oversized_submission_is_refused_before_it_is_read() -> None:
    def request(size: int) -> Request:
        return Request(
            {"type": "http", "method": "POST", "headers": [(b"content-length", str(size).encode())]}
        )

    asyncio.run(submit_limit(request(SUBMIT_MAX_BYTES)))  # within the limit: nothing raised
    with pytest.raises(HTTPException) as refused:
        asyncio.run(submit_limit(request(SUBMIT_MAX_BYTES + 1)))
    assert refused.value.status_code == 413


def test_exempt_request_and_the_offices_answer(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "edu")
    tid = world.ids["task:edu"]
    assert _move(app_client, csrf, tid, "exempt").status_code == 409  # type: ignore[attr-defined]
    assert _move(app_client, csrf, tid, "exempt", "该栏目已按规定撤销").status_code == 303  # type: ignore[attr-defined]
    assert get_task(world.store, tid).state == "申请无需整改"
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup")
    assert "同意无需整改" in app_client.get(f"/tasks/{tid}").text
    assert _move(app_client, csrf, tid, "reject_exempt").status_code == 409  # type: ignore[attr-defined]
    assert _move(app_client, csrf, tid, "approve_exempt").status_code == 303  # type: ignore[attr-defined]
    assert get_task(world.store, tid).state == "无需整改"


def test_recheck_refuses_a_task_not_submitted(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    tid = world.ids["task:edu"]
    r = app_client.post(f"/tasks/{tid}/recheck", data={"csrf_token": csrf})
    assert r.status_code == 409 and "不能复查" in r.text and get_task(world.store, tid).state == "已下发"


def test_workbench_and_nav_link_to_tasks(app_client: TestClient, world: World) -> None:
    log_in(app_client, "edu")
    page = app_client.get("/workbench").text
    assert 'href="/tasks"' in page and f'href="/tasks/{world.ids["task:edu"]}"' in page
