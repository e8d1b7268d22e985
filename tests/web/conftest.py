"""A small jurisdiction in a store on both backends, its platform app, and signed-in clients.

Units: 县政府办 with 县教育局 under it and 县实验中学 under 县教育局; 县卫健委 stands alone. One round
with a result and findings per target; the 县卫健委 site carries crawled text that is HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store
from govinspect.store.users import UserStore
from govinspect.web.app import create_app
from govinspect.web.auth import LoginPolicy

PASSWORD = "correct-horse-battery"
SCRIPT_TITLE = "<script>alert(1)</script>"
IMG_ONERROR = '<img src=x onerror="alert(2)">'
ROUND = "2023Q2"


def _site(code: str, name: str, unit: str) -> m.Site:
    return m.Site(code=code, name=name, home_url=f"http://{code}.example.gov.cn/", unit=unit)


REGISTRY = m.Registry(
    units=(
        m.Unit(name="县政府办", kind=m.UnitKind.COUNTY),
        m.Unit(name="县教育局", parent="县政府办"),
        m.Unit(name="县实验中学", kind=m.UnitKind.OTHER, parent="县教育局"),
        m.Unit(name="县卫健委"),
    ),
    sites=(
        _site("gov", "县政府门户网站", "县政府办"),
        _site("edu", "县教育局网站", "县教育局"),
        _site("school", "县实验中学网站", "县实验中学"),
        _site("health", f"县卫健委网站{SCRIPT_TITLE}", "县卫健委"),
    ),
    accounts=(
        m.Account(platform=m.Platform.WECHAT, name="健康某县", account_id="jkmx", unit="县卫健委"),
        m.Account(platform=m.Platform.WEIBO, name="某县教育", account_id="mxjy", unit="县教育局"),
    ),
)


def _finding(code: str, kind: m.TargetKind, target: str, message: str, **detail: object) -> m.Finding:
    url = f"http://{target}.example.gov.cn/" if kind == m.TargetKind.SITE else ""
    return m.Finding(
        code=code, target_kind=kind, target=target, message=message,
        evidence=m.Evidence(url=url, captured_at=dt.datetime(2023, 6, 20, 9, 0, tzinfo=m.TZ), detail=detail),
    )  # fmt: skip


@dataclass
class World:
    store: Store
    settings: Settings
    # "result:<target>" / "finding:<target>" → row id; "site:<code>", "account:<key>" and "unit:<target>"
    # (the unit that holds the target) → 台账 row id; "account:<site code>" is that site's unit's account
    ids: dict[str, int] = field(default_factory=dict)


def build_world(store: Store, data_dir: Path) -> World:
    store.save_registry(REGISTRY)
    store.create_round(m.Round(name=ROUND, checkpoint=dt.datetime(2023, 6, 20, 9, 0, tzinfo=m.TZ)))
    S, A = m.TargetKind.SITE, m.TargetKind.ACCOUNT
    findings = [
        _finding(
            "column.stale",
            S,
            "edu",
            "“通知公告”栏目超过2周未更新",
            column="通知公告",
            newest_title="关于开展安全检查的通知",
            newest_date="2023-05-01",
        ),
        _finding(
            "link.dead",
            S,
            "school",
            "链接不可用：“招生简章”",
            link="http://school.example.gov.cn/x.html",
            anchor="招生简章",
        ),
        _finding(
            "content.serious_error",
            S,
            "health",
            f"严重错误：{IMG_ONERROR}",
            matched=IMG_ONERROR,
            page_title=SCRIPT_TITLE,
            context=f"……{IMG_ONERROR}……",
        ),
        _finding(
            "homepage.stale",
            S,
            "gov",
            "首页超过2周未更新",
            newest_title="县政府常务会议",
            newest_date="2023-05-02",
        ),
        _finding("media.stale", A, "微信公众号:jkmx", "2周内未更新", newest_title=SCRIPT_TITLE),
    ]
    store.add_findings(ROUND, findings)
    results = [
        m.TargetResult(
            target_kind=S,
            target="gov",
            unit="县政府办",
            name="县政府门户网站",
            score=None,
            verdict=m.Verdict.FAIL,
            vetoes=("homepage.stale",),
            summary="单项否决：首页不更新",
        ),
        m.TargetResult(
            target_kind=S,
            target="edu",
            unit="县教育局",
            name="县教育局网站",
            score=None,
            verdict=m.Verdict.FAIL,
            vetoes=("column.stale",),
            summary="单项否决：栏目不更新",
        ),
        m.TargetResult(
            target_kind=S,
            target="school",
            unit="县实验中学",
            name="县实验中学网站",
            score=99.0,
            verdict=m.Verdict.PASS,
            deductions=(m.Deduction(code="link.dead", points=1.0, reason="链接不可用"),),
        ),
        m.TargetResult(
            target_kind=S,
            target="health",
            unit="县卫健委",
            name=f"县卫健委网站{SCRIPT_TITLE}",
            score=None,
            verdict=m.Verdict.FAIL,
            vetoes=("content.serious_error",),
            summary=IMG_ONERROR,
        ),
        m.TargetResult(
            target_kind=A,
            target="微信公众号:jkmx",
            unit="县卫健委",
            name="健康某县",
            score=None,
            verdict=m.Verdict.UNVERIFIED,
            summary="无法读取发文",
        ),
    ]
    store.save_results(ROUND, results)
    world = World(store, Settings(data_dir=data_dir, database_url=store.url))
    from sqlalchemy import select

    from govinspect.store.tables import AccountRow, FindingRow, SiteRow, TargetResultRow, UnitRow

    with store.session() as s:
        for rid, target in s.execute(select(TargetResultRow.id, TargetResultRow.target)):
            world.ids[f"result:{target}"] = rid
        for fid, target in s.execute(select(FindingRow.id, FindingRow.target)):
            world.ids[f"finding:{target}"] = fid
        unit_ids = {name: uid for name, uid in s.execute(select(UnitRow.name, UnitRow.id))}
        account_ids = {r.unit: r.id for r in s.scalars(select(AccountRow))}
        for sid, code, unit in s.execute(select(SiteRow.id, SiteRow.code, SiteRow.unit)):
            world.ids[f"site:{code}"], world.ids[f"unit:{code}"] = sid, unit_ids[unit]
            if unit in account_ids:
                world.ids[f"account:{code}"] = account_ids[unit]
        for aid, platform, account_id, unit in s.execute(
            select(AccountRow.id, AccountRow.platform, AccountRow.account_id, AccountRow.unit)
        ):
            key = f"{platform}:{account_id}"
            world.ids[f"account:{key}"], world.ids[f"unit:{key}"] = aid, unit_ids[unit]
    users = UserStore(store)
    users.add_user("admin", "admin", PASSWORD)
    users.add_user("sup", "supervisor", PASSWORD)
    users.add_user("edu", "unit", PASSWORD, "县教育局")
    users.add_user("health", "unit", PASSWORD, "县卫健委")
    users.add_user("viewer-edu", "viewer", PASSWORD, "县教育局")
    return world


def with_tasks(world: World) -> World:
    """The world with one 整改任务 per unit with counted findings, issued on 2023-07-03 (`task:<target>`)."""
    from govinspect.rectify import create_tasks, transition

    store = world.store
    sup = UserStore(store).get_user("sup")
    assert sup is not None
    tasks = create_tasks(store, ROUND, store.results(ROUND), store.findings(ROUND), workdays=10)
    for t in tasks:
        transition(store, t.id, "issue", sup, None, on=dt.date(2023, 7, 3))
        for i in t.items:
            world.ids[f"task:{i.target}"] = t.id
    return world


def with_appeals(world: World) -> World:
    """The world with an appeal (`appeal:<target>`) and a finished 自查 (`selfcheck:<target>`) per unit user's
    targets: 教育局 for its site and 实验中学's, 卫健委 for its site."""
    from govinspect.rectify.appeals import file_appeal
    from govinspect.rectify.selfcheck import finish_inspection, request_inspection

    users = UserStore(world.store)
    proof = world.settings.data_dir.parent / "更新记录.png"
    proof.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    for name, units, targets in (("edu", frozenset({"县教育局", "县实验中学"}), ("edu", "school")),
                                 ("health", frozenset({"县卫健委"}), ("health",))):  # fmt: skip
        user = users.get_user(name)
        assert user is not None
        for target in targets:
            a = file_appeal(world.store, world.settings.data_dir, world.ids[f"finding:{target}"], user, units,
                            reason="栏目已更新", evidence=proof)  # fmt: skip
            world.ids[f"appeal:{target}"] = a.id
            sc = request_inspection(world.store, m.TargetKind.SITE, target, user, units, per_day=1)
            finish_inspection(world.store, sc.id, findings=[], summary="发现问题 0 条")
            world.ids[f"selfcheck:{target}"] = sc.id
    return world


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with its smallest cost: the tests hash many passwords; production keeps the library default."""
    from argon2 import PasswordHasher

    import govinspect.store.users as users

    monkeypatch.setattr(users, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    return build_world(store, tmp_path / "data")


@dataclass
class Sleeps:
    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def app_client(world: World, sleeps: Sleeps) -> Iterator[TestClient]:
    app = create_app(world.settings, store=world.store, login_policy=LoginPolicy(sleep=sleeps))
    app.state.jobs.auto_recheck = False  # this world's sites are not served: no 复查 process on submission
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def login_csrf(client: TestClient) -> str:
    page = client.get("/login")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)


def log_in(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Sign in and return the session's CSRF token (read from the page like a browser would)."""
    r = client.post("/login", data={"username": name, "password": password, "csrf_token": login_csrf(client)})
    assert r.status_code in (200, 303), r.text
    page = client.get("/rounds")
    match = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)
