"""台账 in the platform: scope and roles, import with dry run and refusals, edits, 运行状态 and history."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import World, log_in
from govinspect import model as m
from govinspect.jobs.context import open_round, site_in_service, targets_in_scope
from govinspect.registry import write_registry_xlsx
from govinspect.store.users import UserStore
from govinspect.web import registry_pages, uploads

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(world: World, tmp_path: Path, **changes: object) -> bytes:
    """The store's 台账 as an .xlsx with a new site 县教育局新站 and the `school` site renamed (unless overridden).

    The sheet leaves out the sites whose three-letter codes the importer refuses (gov, edu).
    """
    reg = world.store.load_registry()
    new = m.Site(
        code="edunew", name="县教育局新站", home_url="http://edunew.example.gov.cn/", unit="县教育局"
    )
    sites = [s.model_copy(update={"name": "县实验中学门户"}) if s.code == "school" else s
             for s in reg.sites if len(s.code) > 3]  # fmt: skip
    reg = reg.model_copy(update={"sites": (*sites, new), **changes})
    return write_registry_xlsx(reg, tmp_path / "网站底账.xlsx").read_bytes()


def _upload(client: TestClient, csrf: str, name: str, data: bytes, replace: bool = False) -> object:
    form = {"csrf_token": csrf, **({"replace": "true"} if replace else {})}
    return client.post("/registry/import", data=form, files={"file": (name, data, XLSX_MIME)})


def _token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def _site_names(world: World) -> dict[str, str]:
    return {s.code: s.name for s in world.store.load_registry().sites}


def _audit(world: World) -> list[tuple[str, str]]:
    return [(a.action, a.object) for a in UserStore(world.store).audit_entries(limit=None)]


# -- scope and roles ---------------------------------------------------------------
def test_unit_user_sees_its_subtree_read_only(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "edu")
    tree = app_client.get("/registry").text
    assert "县教育局" in tree and "县实验中学" in tree
    assert "县卫健委" not in tree and "县政府办</a>" not in tree
    assert "导入台账" not in tree
    sites = app_client.get("/registry/sites").text
    assert "县教育局网站" in sites and "县实验中学网站" in sites
    assert "县政府门户网站" not in sites and "县卫健委网站" not in sites
    page = app_client.get(f"/registry/sites/{world.ids['site:edu']}").text
    assert "县教育局网站" in page and "变更运行状态" not in page and "修改网站信息" not in page
    before = _site_names(world)
    r = app_client.post(f"/registry/sites/{world.ids['site:edu']}",
                        data={"csrf_token": csrf, "name": "改名", "home_url": "http://edu.example.gov.cn/",
                              "kind": "部门", "unit": "县教育局"})  # fmt: skip
    assert r.status_code == 403 and "无权" in r.text
    r = app_client.post(f"/registry/sites/{world.ids['site:health']}/status",
                        data={"csrf_token": csrf, "status": "关停", "since": "2023-07-01"})  # fmt: skip
    assert r.status_code == 404
    assert app_client.post("/registry/import", data={"csrf_token": csrf},
                           files={"file": ("a.csv", b"x", "text/csv")}).status_code == 403  # fmt: skip
    assert _site_names(world) == before


def test_unit_tree_counts_sites_and_accounts(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    tree = app_client.get("/registry").text
    health = tree[tree.index("县卫健委") :]
    assert re.search(r"网站 <a[^>]*>1</a> 个，政务新媒体 <a[^>]*>1</a> 个", health)
    assert (
        tree.index("县实验中学") > tree.index("县教育局") > tree.index("县政府办")
    )  # nested under its parent
    assert app_client.get("/registry/sites?status=关停").text.count("/registry/sites/") == 0
    found = app_client.get("/registry/sites?q=health").text
    assert "县卫健委网站" in found and "县教育局网站" not in found
    found = app_client.get("/registry/accounts?platform=微博").text
    assert "某县教育" in found and "健康某县" not in found


def test_crawled_names_are_escaped(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    page = app_client.get(f"/registry/sites/{world.ids['site:health']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- import ------------------------------------------------------------------------
def test_import_shows_the_dry_run_then_applies_on_confirmation(
    app_client: TestClient, world: World, tmp_path: Path
) -> None:
    csrf = log_in(app_client, "sup")
    r = _upload(app_client, csrf, "网站底账.xlsx", _sheet(world, tmp_path))
    assert r.status_code == 200
    assert "尚未写入" in r.text and "网站：新增 1 个，修改 1 个，删除 0 个" in r.text
    assert "县教育局新站（edunew）" in r.text
    assert "edunew" not in _site_names(world)  # the dry run wrote nothing
    token = _token(r.text)
    r = app_client.post("/registry/import/apply", data={"csrf_token": csrf, "token": token})
    assert r.status_code == 200 and "导入完成" in r.text
    names = _site_names(world)
    assert names["edunew"] == "县教育局新站" and names["school"] == "县实验中学门户"
    assert ("导入台账", "网站:edunew") in _audit(world) and ("导入台账", "网站:school") in _audit(world)
    history = app_client.get(f"/registry/sites/{world.ids['site:school']}").text
    assert "导入台账" in history and "县实验中学网站" in history and "县实验中学门户" in history
    again = app_client.post("/registry/import/apply", data={"csrf_token": csrf, "token": token})
    assert again.status_code == 400 and "已过期或不存在" in again.text  # the upload is gone


def test_import_refusals_name_file_sheet_row_and_column(
    app_client: TestClient, world: World, tmp_path: Path
) -> None:
    csrf = log_in(app_client, "sup")
    before, audit = world.store.load_registry(), _audit(world)
    bad = m.Site(code="bad1", name="错网址网站", home_url="htp://bad", unit="县教育局")
    orphan = m.Site(code="orph", name="无主网站", home_url="http://orph.example.gov.cn/", unit="不存在的局")
    sheet = _sheet(world, tmp_path, sites=(bad, orphan))
    r = _upload(app_client, csrf, "网站底账.xlsx", sheet)
    assert r.status_code == 400
    assert "底账导入失败，共 2 处问题，未写入任何数据" in r.text
    assert "文件 网站底账.xlsx" in r.text and "工作表 网站底账" in r.text and "首页网址" in r.text
    assert "未知单位“不存在的局”" in r.text
    assert "确认导入" not in r.text
    assert world.store.load_registry() == before and _audit(world) == audit


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("底账.pdf", b"%PDF-1.4", "不支持的文件类型“.pdf”"),
        ("底账", b"PK\x03\x04", "不支持的文件类型“无扩展名”"),
        ("底账.xlsx", b"%PDF-1.4 not a workbook", "文件内容不是 .xlsx 格式"),
        ("底账.xls", b"PK\x03\x04 a zip", "文件内容不是 .xls 格式"),
        ("底账.csv", b"PK\x03\x04\x00\x00", "文件内容不是 CSV 文本"),
        ("底账.csv", b"", "文件为空"),
    ],
)
def test_upload_of_the_wrong_type_is_refused(
    app_client: TestClient, world: World, name: str, data: bytes, message: str
) -> None:
    csrf = log_in(app_client, "sup")
    before = world.store.load_registry()
    r = _upload(app_client, csrf, name, data)
    assert r.status_code == 400 and message in r.text, r.text
    assert world.store.load_registry() == before


def test_upload_too_large_is_refused(
    app_client: TestClient, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = log_in(app_client, "sup")
    before = world.store.load_registry()
    sheet = _sheet(world, tmp_path)
    monkeypatch.setattr(uploads, "MAX_BYTES", len(sheet) - 1)  # read limit: refused after reading
    monkeypatch.setattr(registry_pages, "MAX_BYTES", len(sheet) - 1)
    r = _upload(app_client, csrf, "网站底账.xlsx", sheet)
    assert r.status_code == 400 and "文件过大" in r.text
    monkeypatch.setattr(registry_pages, "UPLOAD_OVERHEAD", 0)  # declared length: refused before reading
    r = _upload(app_client, csrf, "网站底账.xlsx", sheet)
    assert r.status_code == 413 and "上传的文件过大" in r.text
    monkeypatch.setattr(uploads, "MAX_BYTES", len(sheet))
    monkeypatch.setattr(registry_pages, "MAX_BYTES", 10 * len(sheet))
    assert _upload(app_client, csrf, "网站底账.xlsx", sheet).status_code == 200
    assert world.store.load_registry() == before


def test_a_kept_upload_is_its_uploaders_only(app_client: TestClient, world: World, tmp_path: Path) -> None:
    users = UserStore(world.store)
    users.add_user("sup2", "supervisor", "correct-horse-battery")
    csrf = log_in(app_client, "sup")
    token = _token(_upload(app_client, csrf, "网站底账.xlsx", _sheet(world, tmp_path)).text)  # type: ignore[attr-defined]
    app_client.cookies.clear()
    csrf = log_in(app_client, "sup2")
    r = app_client.post("/registry/import/apply", data={"csrf_token": csrf, "token": token})
    assert r.status_code == 400 and "已过期或不存在" in r.text
    assert "edunew" not in _site_names(world)


def test_import_without_csrf_is_refused(app_client: TestClient, world: World, tmp_path: Path) -> None:
    log_in(app_client, "sup")
    r = app_client.post(
        "/registry/import", files={"file": ("网站底账.xlsx", _sheet(world, tmp_path), XLSX_MIME)}
    )
    assert r.status_code == 403
    assert "edunew" not in _site_names(world)


# -- edits and status ----------------------------------------------------------------
def _edit_site(client: TestClient, csrf: str, site_id: int, **fields: str) -> object:
    form = {"csrf_token": csrf, "name": "县教育局网站", "home_url": "http://edu.example.gov.cn/", "kind": "部门",
            "unit": "县教育局", "columns": "", **fields}  # fmt: skip
    return client.post(f"/registry/sites/{site_id}", data=form)


def test_edit_with_an_invalid_url_is_refused_in_chinese(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    before, audit = world.store.load_registry(), _audit(world)
    sid = world.ids["site:edu"]
    for fields, message in (
        (
            {"home_url": "edu.example.gov.cn"},
            "首页网址“edu.example.gov.cn”不正确：应以 http:// 或 https:// 开头",
        ),
        ({"home_url": "http://edu example.cn/"}, "网址中不能有空格"),
        ({"unit": "不存在的局"}, "主办单位“不存在的局”不在单位台账中"),
        ({"columns": "通知公告，ftp://x.cn/tzgg/"}, "栏目第 1 行的栏目地址“ftp://x.cn/tzgg/”不正确"),
        (
            {"columns": "通知公告，http://edu.example.gov.cn/tzgg/，公告栏"},
            "栏目第 1 行的栏目类型“公告栏”无法识别",
        ),
        ({"name": "  "}, "“网站名称”不能为空"),
        ({"path_prefix": "xxgk"}, "路径前缀“xxgk”应以 / 开头并以 / 结尾"),
        ({"path_prefix": "/xxgk/"}, "首页网址不在路径前缀“/xxgk/”之下"),
    ):
        r = _edit_site(app_client, csrf, sid, **fields)
        assert r.status_code == 400 and message in r.text, (fields, r.text[-2000:])  # type: ignore[attr-defined]
        assert "未保存" in r.text  # type: ignore[attr-defined]
    assert world.store.load_registry() == before and _audit(world) == audit


def test_edit_makes_a_site_a_section_of_a_portal(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    sid = world.ids["site:edu"]
    r = _edit_site(app_client, csrf, sid, home_url="http://edu.example.gov.cn/xxgk/", path_prefix="/xxgk/")
    assert r.status_code == 200 and "已保存" in r.text  # type: ignore[attr-defined]
    assert next(s for s in world.store.load_registry().sites if s.code == "edu").path_prefix == "/xxgk/"
    assert "路径前缀" in r.text and "/xxgk/（门户网站中的信息公开平台" in r.text  # type: ignore[attr-defined]
    entry = UserStore(world.store).audit_entries(obj="网站:edu")[0]
    assert entry.after is not None and entry.after["path_prefix"] == "/xxgk/"


def test_edit_saves_columns_and_shows_its_history(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    sid = world.ids["site:edu"]
    columns = "通知公告，http://edu.example.gov.cn/tzgg/，通知公告\n政策文件, http://edu.example.gov.cn/zc/, 政策文件, 2"
    r = _edit_site(app_client, csrf, sid, name="县教育局门户网站", columns=columns)
    assert r.status_code == 200 and "已保存" in r.text  # type: ignore[attr-defined]
    site = next(s for s in world.store.load_registry().sites if s.code == "edu")
    assert site.name == "县教育局门户网站"
    assert [(c.name, c.category, c.level) for c in site.columns] == [
        ("通知公告", m.ColumnCategory.NOTICE, 1), ("政策文件", m.ColumnCategory.POLICY, 2)]  # fmt: skip
    entry = UserStore(world.store).audit_entries(obj="网站:edu")[0]
    assert (entry.actor, entry.action) == ("sup", "修改网站")
    assert entry.before == {"name": "县教育局网站", "columns": []}
    assert entry.after is not None and entry.after["name"] == "县教育局门户网站"
    page = r.text  # type: ignore[attr-defined]
    assert "变更记录" in page and "修改网站" in page and "县教育局网站" in page
    assert (
        "暂无变更记录" in app_client.get(f"/registry/sites/{world.ids['site:gov']}").text
    )  # its own history only
    r = _edit_site(app_client, csrf, sid, name="县教育局门户网站", columns="")  # columns cleared
    assert next(s for s in world.store.load_registry().sites if s.code == "edu").columns == ()
    r = _edit_site(app_client, csrf, sid, name="县教育局门户网站", columns="")
    assert "没有改动" in r.text  # type: ignore[attr-defined]
    assert len(UserStore(world.store).audit_entries(obj="网站:edu")) == 2


def test_unit_and_account_edits(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    uid = world.ids["unit:school"]
    r = app_client.post(
        f"/registry/units/{uid}", data={"csrf_token": csrf, "kind": "其他", "parent": "县实验中学"}
    )
    assert r.status_code == 400 and "是本单位或其下级单位" in r.text
    r = app_client.post(f"/registry/units/{world.ids['unit:edu']}",
                        data={"csrf_token": csrf, "kind": "部门", "parent": "县实验中学"})  # fmt: skip
    assert r.status_code == 400 and "是本单位或其下级单位" in r.text
    r = app_client.post(
        f"/registry/units/{uid}", data={"csrf_token": csrf, "kind": "部门", "parent": "县政府办"}
    )
    assert r.status_code == 200 and "已保存" in r.text and "修改单位" in r.text
    unit = next(u for u in world.store.load_registry().units if u.name == "县实验中学")
    assert (unit.kind, unit.parent) == (m.UnitKind.DEPARTMENT, "县政府办")
    aid = world.ids["account:微信公众号:jkmx"]
    form = {"csrf_token": csrf, "name": "健康某县", "unit": "县卫健委", "certified_entity": "县卫健委",
            "feed_url": "feed.example.cn", "profile_url": ""}  # fmt: skip
    r = app_client.post(f"/registry/accounts/{aid}", data=form)
    assert r.status_code == 400 and "订阅地址“feed.example.cn”不正确" in r.text
    r = app_client.post(f"/registry/accounts/{aid}", data={**form, "feed_url": "http://127.0.0.1:9/feed.xml"})
    assert r.status_code == 200 and "修改政务新媒体账号" in r.text
    account = next(a for a in world.store.load_registry().accounts if a.account_id == "jkmx")
    assert (account.certified_entity, account.feed_url) == ("县卫健委", "http://127.0.0.1:9/feed.xml")


def _status(
    client: TestClient, csrf: str, site_id: int, status: str, since: str = "", moved_to: str = ""
) -> object:
    data = {"csrf_token": csrf, "status": status, "since": since, "moved_to": moved_to}
    return client.post(f"/registry/sites/{site_id}/status", data=data)


def _round_targets(world: World, name: str, checkpoint: dt.datetime) -> set[str]:
    world.store.create_round(m.Round(name=name, checkpoint=checkpoint))
    return {key for _kind, key in targets_in_scope(open_round(world.settings, world.store, name))}


def test_status_and_date_decide_the_round_scope(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    sid = world.ids["site:gov"]
    for args, message in (
        (("关停",), "“关停”须填写生效日期"),
        (("关停", "2023-13-01"), "生效日期“2023-13-01”不是有效日期"),
        (("迁移", "2023-07-01"), "迁移后网址“”不正确"),
        (("关停", "2023-07-01", "http://new.example.gov.cn/"), "只有“迁移”的网站填写迁移后网址"),
        (("停用", "2023-07-01"), "运行状态“停用”无法识别"),
    ):
        r = _status(app_client, csrf, sid, *args)
        assert r.status_code == 400 and message in r.text, (args, r.text[-1500:])  # type: ignore[attr-defined]
    assert (
        next(s for s in world.store.load_registry().sites if s.code == "gov").status == m.SiteStatus.RUNNING
    )
    r = _status(app_client, csrf, sid, "迁移", "2023-07-01", "http://www.example.gov.cn/")
    assert r.status_code == 200 and "迁移（2023-07-01 起）" in r.text  # type: ignore[attr-defined]
    site = next(s for s in world.store.load_registry().sites if s.code == "gov")
    assert (site.status, site.status_since, site.moved_to) == (
        m.SiteStatus.MIGRATED, dt.date(2023, 7, 1), "http://www.example.gov.cn/")  # fmt: skip
    assert "gov" in _round_targets(world, "2023Q2b", dt.datetime(2023, 6, 30, 9, tzinfo=m.TZ))
    assert "gov" not in _round_targets(world, "2023Q3", dt.datetime(2023, 7, 1, 9, tzinfo=m.TZ))
    entry = UserStore(world.store).audit_entries(obj="网站:gov")[0]
    assert entry.action == "变更网站状态" and entry.before == {
        "status": "运行",
        "status_since": None,
        "moved_to": None,
    }
    assert "变更网站状态" in r.text  # type: ignore[attr-defined]
    _status(app_client, csrf, sid, "运行")
    assert "gov" in _round_targets(world, "2023Q4", dt.datetime(2023, 10, 1, 9, tzinfo=m.TZ))


def test_site_in_service() -> None:
    site = m.Site(code="abcd", name="x", home_url="http://x.cn/", unit="u")
    day = dt.date(2023, 7, 1)
    assert site_in_service(site, day)
    closed = site.model_copy(update={"status": m.SiteStatus.CLOSED})
    assert not site_in_service(closed, day)  # no date: at once
    dated = closed.model_copy(update={"status_since": day})
    assert site_in_service(dated, dt.date(2023, 6, 30)) and not site_in_service(dated, day)


def test_reimport_keeps_the_status_date(app_client: TestClient, world: World, tmp_path: Path) -> None:
    csrf = log_in(app_client, "sup")
    _status(app_client, csrf, world.ids["site:health"], "关停", "2023-07-01")
    r = _upload(app_client, csrf, "网站底账.xlsx", _sheet(world, tmp_path))  # health: 关停, no date
    assert "网站：新增 1 个，修改 1 个" in r.text  # type: ignore[attr-defined]  # school only: health is unchanged
    app_client.post("/registry/import/apply", data={"csrf_token": csrf, "token": _token(r.text)})  # type: ignore[attr-defined]
    site = next(s for s in world.store.load_registry().sites if s.code == "health")
    assert (site.status, site.status_since) == (m.SiteStatus.CLOSED, dt.date(2023, 7, 1))


# -- API ---------------------------------------------------------------------------
def _bearer(world: World, name: str) -> dict[str, str]:
    users = UserStore(world.store)
    user = users.get_user(name)
    assert user is not None
    return {"Authorization": f"Bearer {users.create_token(user.id)}"}


def test_api_lists_are_scoped_and_paginated(app_client: TestClient, world: World) -> None:
    edu = _bearer(world, "edu")
    units = app_client.get("/api/v1/registry/units", headers=edu).json()["items"]
    assert {u["name"] for u in units} == {"县教育局", "县实验中学"}
    sites = app_client.get("/api/v1/registry/sites", headers=edu).json()["items"]
    assert {s["code"] for s in sites} == {"edu", "school"}
    accounts = app_client.get("/api/v1/registry/accounts", headers=edu).json()["items"]
    assert [a["key"] for a in accounts] == ["微博:mxjy"]
    sup = _bearer(world, "sup")
    first = app_client.get("/api/v1/registry/sites?limit=3", headers=sup).json()
    rest = app_client.get(f"/api/v1/registry/sites?limit=3&cursor={first['next_cursor']}", headers=sup).json()
    assert len(first["items"]) == 3 and rest["next_cursor"] is None
    assert {s["code"] for s in first["items"] + rest["items"]} == {"gov", "edu", "school", "health"}
    assert app_client.get("/api/v1/registry/sites?q=heal", headers=sup).json()["items"][0]["code"] == "health"


def test_api_import_is_a_dry_run_unless_applied(app_client: TestClient, world: World, tmp_path: Path) -> None:
    sheet = _sheet(world, tmp_path)
    files = {"file": ("网站底账.xlsx", sheet, XLSX_MIME)}
    r = app_client.post("/api/v1/registry/import", files=files, headers=_bearer(world, "edu"))
    assert r.status_code == 403 and r.json()["error"]["message"] == "无权执行此操作。"
    sup = _bearer(world, "sup")
    r = app_client.post("/api/v1/registry/import", files=files, headers=sup)
    assert r.status_code == 200 and r.json()["applied"] is False
    assert r.json()["changes"]["sites"]["added"] == ["县教育局新站（edunew）"]
    assert "edunew" not in _site_names(world)
    r = app_client.post("/api/v1/registry/import?apply=true", files=files, headers=sup)
    assert r.status_code == 200 and r.json()["applied"] is True
    assert "edunew" in _site_names(world) and ("导入台账", "网站:edunew") in _audit(world)
    bad = {
        "file": (
            "网站底账.csv",
            "网站名称,网站标识码,首页网址,主办单位\n坏站,bad9,htp://x,县教育局\n".encode(),
            "text/csv",
        )
    }
    r = app_client.post("/api/v1/registry/import?apply=true", files=bad, headers=sup)
    body = r.json()["error"]
    assert (
        r.status_code == 400
        and body["code"] == "import_refused"
        and body["message"].startswith("底账导入失败")
    )
    assert "第 2 行" in body["problems"][0] and "首页网址" in body["problems"][0]
    assert "bad9" not in _site_names(world)
    r = app_client.post(
        "/api/v1/registry/import", files={"file": ("x.pdf", b"%PDF", "application/pdf")}, headers=sup
    )
    assert r.status_code == 400 and "不支持的文件类型" in r.json()["error"]["message"]


def test_api_is_documented(app_client: TestClient) -> None:
    paths = app_client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/v1/registry/units", "/api/v1/registry/sites", "/api/v1/registry/accounts"):
        assert "get" in paths[p]
    assert "apply" in str(paths["/api/v1/registry/import"]["post"])


def test_history_shows_values_in_chinese(app_client: TestClient, world: World) -> None:
    csrf = log_in(app_client, "sup")
    sid = world.ids["site:gov"]
    page = _status(app_client, csrf, sid, "关停", "2023-07-01").text  # type: ignore[attr-defined]
    history = page[page.index("变更记录") :]
    assert "生效日期</span> —" in history and "生效日期</span> 2023-07-01" in history
    assert "None" not in history
