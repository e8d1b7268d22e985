"""通报与附件: drafts, the frozen published version, downloads by scope, safe names and paths."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from conftest import PASSWORD, ROUND, World, log_in
from govinspect.config import OfficeConfig, save_office_config
from govinspect.jobs.review import override_gate
from govinspect.rectify import list_tasks
from govinspect.store.users import UserStore

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE = OfficeConfig(
    jurisdiction="某县",
    issuer={"name": "某县人民政府办公室", "doc_number": "某政办〔2023〕12号", "recipients": "县直各单位："},
)
NOTICE = f"/rounds/{ROUND}/notice"
HEALTH_RECTIFY = "rectify/04_整改通知单_县卫健委.docx"
EDU_RECTIFY = "rectify/02_整改通知单_县教育局.docx"


@pytest.fixture
def reviewer(world: World) -> str:
    """An 审核员 who has already let the world's pending vetoes pass (the review gate has its own test)."""
    UserStore(world.store).add_user("rev", "reviewer", PASSWORD)
    override_gate(world.store, ROUND, "rev", "已逐条核实")
    return "rev"


def _post(client: TestClient, url: str, csrf: str | None) -> object:
    data = {"csrf_token": csrf} if csrf else {}
    return client.post(url, data=data, follow_redirects=False)


def _publish(client: TestClient, world: World, reviewer: str) -> None:
    save_office_config(world.settings, OFFICE)
    csrf = log_in(client, reviewer)
    r = _post(client, f"{NOTICE}/publish", csrf)
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    client.cookies.clear()


def test_supervisor_writes_a_draft_and_previews_it(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    assert app_client.get(NOTICE).status_code == 200
    r = _post(app_client, f"{NOTICE}/draft", csrf)
    assert r.status_code == 303  # type: ignore[attr-defined]
    page = app_client.get(NOTICE).text
    assert "整改通知单（县卫健委）" in page and "附件表（Excel）" in page and "通报预览（草稿）" in page
    html = app_client.get(f"{NOTICE}/draft/notice.html")
    assert html.status_code == 200 and "草稿" in html.text
    assert html.headers["content-security-policy"].startswith("default-src 'none'")
    assert html.headers["content-disposition"].startswith("inline;")
    docx = app_client.get(f"{NOTICE}/draft/notice.docx")
    assert docx.headers["content-type"] == DOCX and docx.content[:2] == b"PK"
    name = quote(f"{ROUND}_通报_草稿.docx", safe="")
    assert (
        docx.headers["content-disposition"]
        == f"attachment; filename=\"2023Q2_.docx\"; filename*=UTF-8''{name}"
    )
    xlsx = app_client.get(f"{NOTICE}/draft/attachments.xlsx")
    assert xlsx.headers["content-type"] == XLSX
    assert UserStore(world.store).audit_entries(actor="sup")[0].action == "生成通报草稿"
    listing = app_client.get(f"/api/v1/rounds/{ROUND}/reports").json()
    assert listing["published"]["files"] == [] and "notice.docx" in {
        f["path"] for f in listing["draft"]["files"]
    }
    assert world.store.published_notice(ROUND) is None  # a draft is not the published notice
    assert list_tasks(world.store, ROUND) == []  # and starts no 整改 deadline


def test_publish_is_refused_while_office_settings_are_blank(
    app_client: TestClient, world: World, reviewer: str
) -> None:
    csrf = log_in(app_client, reviewer)
    r = _post(app_client, f"{NOTICE}/publish", csrf)
    assert r.status_code == 409  # type: ignore[attr-defined]
    assert "通报缺少发文机关" in r.text  # type: ignore[attr-defined]
    assert world.store.published_notice(ROUND) is None
    assert not (world.settings.round_dir(ROUND) / "notice-published").exists()
    assert not (world.settings.round_dir(ROUND) / "notice-published.writing").exists()
    assert list_tasks(world.store, ROUND) == []


def test_publish_is_refused_while_vetoes_await_review(app_client: TestClient, world: World) -> None:
    UserStore(world.store).add_user("rev2", "reviewer", PASSWORD)
    save_office_config(world.settings, OFFICE)
    csrf = log_in(app_client, "rev2")
    r = _post(app_client, f"{NOTICE}/publish", csrf)
    assert r.status_code == 409  # type: ignore[attr-defined]
    assert "单项否决问题待审核" in r.text  # type: ignore[attr-defined]
    assert world.store.published_notice(ROUND) is None
    assert not (world.settings.round_dir(ROUND) / "notice-published").exists()
    override_gate(world.store, ROUND, "rev2", "已电话核实")
    assert _post(app_client, f"{NOTICE}/publish", csrf).status_code == 303  # type: ignore[attr-defined]


def test_publishing_freezes_the_notice(app_client: TestClient, world: World, reviewer: str) -> None:
    _publish(app_client, world, reviewer)
    pub = world.store.published_notice(ROUND)
    assert pub is not None and pub.published_by == reviewer
    root = world.settings.round_dir(ROUND) / "notice-published"
    frozen = {f["path"]: f["sha256"] for f in pub.files}
    assert {"notice.docx", "notice.html", "attachments.xlsx", HEALTH_RECTIFY} <= set(frozen)
    assert all(hashlib.sha256((root / p).read_bytes()).hexdigest() == h for p, h in frozen.items())
    assert {f["unit"] for f in pub.files if f["path"].startswith("rectify/")} == {
        "县政府办", "县教育局", "县实验中学", "县卫健委"
    }  # fmt: skip
    assert list_tasks(world.store, ROUND)  # issued: the 整改 deadlines run
    audit = UserStore(world.store).audit_entries(actor=reviewer, action="发布通报")
    assert audit and audit[0].after == {"files": frozen}

    csrf = log_in(app_client, "sup")  # a later draft does not touch the published files
    assert _post(app_client, f"{NOTICE}/draft", csrf).status_code == 303  # type: ignore[attr-defined]
    assert {p: hashlib.sha256((root / p).read_bytes()).hexdigest() for p in frozen} == frozen
    assert _post(app_client, f"{NOTICE}/publish", csrf).status_code == 403  # type: ignore[attr-defined]
    app_client.cookies.clear()
    csrf = log_in(app_client, reviewer)
    again = _post(app_client, f"{NOTICE}/publish", csrf)
    assert again.status_code == 409 and "发布版不能覆盖" in again.text  # type: ignore[attr-defined]
    assert _post(app_client, f"{NOTICE}/draft", csrf).status_code == 403  # type: ignore[attr-defined]

    (root / "notice.docx").write_bytes(b"changed")  # a file altered on disk is not handed out
    changed = app_client.get(f"{NOTICE}/published/notice.docx")
    assert changed.status_code == 409 and "校验值不一致" in changed.text


def test_unit_downloads_only_its_rectify_notices_and_the_published_notice(
    app_client: TestClient, world: World, reviewer: str
) -> None:
    log_in(app_client, "sup")
    csrf = log_in(app_client, "sup")
    _post(app_client, f"{NOTICE}/draft", csrf)
    app_client.cookies.clear()
    _publish(app_client, world, reviewer)
    log_in(app_client, "edu")
    page = app_client.get(NOTICE).text
    assert (
        "整改通知单（县教育局）" in page and "整改通知单（县实验中学）" in page
    )  # own unit and its sub-unit
    assert "县卫健委" not in page and "附件表" not in page and "草稿" not in page
    assert app_client.get(f"{NOTICE}/published/{EDU_RECTIFY}").status_code == 200
    assert app_client.get(f"{NOTICE}/published/notice.docx").status_code == 200
    for hidden in (f"published/{HEALTH_RECTIFY}", "published/attachments.xlsx", "draft/notice.docx",
                   f"draft/{EDU_RECTIFY}", "published/rectify/01_整改通知单_县政府办.docx"):  # fmt: skip
        r = app_client.get(f"{NOTICE}/{hidden}")
        assert r.status_code == 404, hidden
    listing = app_client.get(f"/api/v1/rounds/{ROUND}/reports").json()
    assert "draft" not in listing
    assert {f["path"] for f in listing["published"]["files"] if f["path"].startswith("rectify/")} == {
        EDU_RECTIFY, "rectify/03_整改通知单_县实验中学.docx"
    }  # fmt: skip
    api = app_client.get(f"/api/v1/rounds/{ROUND}/reports/published/{HEALTH_RECTIFY}")
    assert api.status_code == 404 and api.json()["error"]["message"].startswith("没有找到")
    assert app_client.get(f"/api/v1/rounds/{ROUND}/reports/published/{EDU_RECTIFY}").content[:2] == b"PK"


def test_path_traversal_is_refused(app_client: TestClient, world: World, reviewer: str) -> None:
    _publish(app_client, world, reviewer)
    log_in(app_client, "sup")
    for name in ("../../../govinspect.db", "..%2F..%2F..%2Fgovinspect.db", "%2e%2e/%2e%2e/office.yaml",
                 "/etc/passwd", "rectify/..%2F..%2F..%2Foffice.yaml", "notice.docx%00.png", "notice-published/notice.docx"):  # fmt: skip
        for prefix in (
            f"{NOTICE}/published/",
            f"{NOTICE}/draft/",
            f"/api/v1/rounds/{ROUND}/reports/published/",
        ):
            r = app_client.get(prefix + name)
            assert r.status_code == 404, (prefix, name, r.status_code)
    assert app_client.get(f"{NOTICE}/..%2Fnotice-published/notice.docx").status_code == 404
    assert app_client.get(f"{NOTICE}/published/notice.docx").status_code == 200


def test_notice_actions_need_the_csrf_token(app_client: TestClient, world: World, reviewer: str) -> None:
    save_office_config(world.settings, OFFICE)
    log_in(app_client, reviewer)
    assert _post(app_client, f"{NOTICE}/publish", None).status_code == 403  # type: ignore[attr-defined]
    assert _post(app_client, f"{NOTICE}/publish", "forged").status_code == 403  # type: ignore[attr-defined]
    assert world.store.published_notice(ROUND) is None
    app_client.cookies.clear()
    log_in(app_client, "sup")
    assert _post(app_client, f"{NOTICE}/draft", None).status_code == 403  # type: ignore[attr-defined]
    assert not (world.settings.round_dir(ROUND) / "notice-draft").exists()


def test_download_names_cannot_split_the_header() -> None:
    from govinspect.web.notices import content_disposition

    header = content_disposition('2023"Q2\r\nSet-Cookie: x=1;_通报.docx')
    assert "\r" not in header and "\n" not in header and header.count('"') == 2
    assert header.startswith(
        "attachment; filename=\"2023_Q2_Set-Cookie_x_1_.docx\"; filename*=UTF-8''2023%22Q2%0D%0A"
    )
    assert content_disposition("notice.html", inline=True) == (
        "inline; filename=\"notice.html\"; filename*=UTF-8''notice.html"
    )
