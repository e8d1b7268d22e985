"""The platform at province size: pages issue a fixed number of queries, long tables come in pages,
and the figures the database counts are the figures counted target by target."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from conftest import ROUND, World, log_in
from govinspect import model as m
from govinspect.reports import check_label
from govinspect.store import Store
from govinspect.store.tables import TargetResultRow
from govinspect.web import queries as q
from govinspect.web.authz import principal_for

UNITS = ("县政府办", "县教育局", "县实验中学", "县卫健委")
VERDICTS = (m.Verdict.PASS, m.Verdict.FAIL, m.Verdict.PASS, m.Verdict.UNVERIFIED, m.Verdict.FAIL)
VETOES = (("homepage.stale",), ("column.stale", "content.serious_error"), ())


def _results(n: int) -> list[m.TargetResult]:
    """The world's four sites (registered) and n more targets: unregistered sites and accounts of two platforms."""
    out = []
    for i in range(n):
        kind = m.TargetKind.ACCOUNT if i % 3 == 0 else m.TargetKind.SITE
        target = ("gov", "edu", "school", "health")[i] if i < 4 else f"x{i}"
        if kind == m.TargetKind.ACCOUNT and i >= 4:
            target = f"{'微博' if i % 2 else '微信公众号'}:acc{i}"
        verdict = VERDICTS[i % len(VERDICTS)]
        vetoes = VETOES[i % len(VETOES)] if verdict == m.Verdict.FAIL else ()
        out.append(
            m.TargetResult(
                target_kind=m.TargetKind.SITE if i < 4 else kind, target=target, unit=UNITS[i % 4],
                name=f"对象{i}", score=None if vetoes or verdict == m.Verdict.UNVERIFIED else 60 + i % 37 + 0.25,
                verdict=verdict, vetoes=vetoes,
                deductions=(m.Deduction(code="link.dead", points=0.5, reason="链接不可用"),) if i % 2 else (),
            )
        )  # fmt: skip
    return out


@contextmanager
def counted(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store's engine runs inside the block."""
    seen: list[str] = []

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", on_execute)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", on_execute)


def _result_id(store: Store, target: str) -> int:
    with store.session() as s:
        rid = s.scalar(
            select(TargetResultRow.id).where(
                TargetResultRow.round_name == ROUND, TargetResultRow.target == target
            )
        )
    assert rid is not None
    return rid


def _extra_findings(target: str, n: int) -> list[m.Finding]:
    return [
        m.Finding(code="link.dead", target_kind=m.TargetKind.SITE, target=target, message=f"链接不可用：第{k}条",
                  evidence=m.Evidence(url=f"http://{target}.example.gov.cn/", detail={"link": f"http://x/{k}"}))
        for k in range(n)
    ]  # fmt: skip


def _queries_per_page(client: TestClient, store: Store) -> dict[str, int]:
    """How many statements each page runs (signing in is done before)."""
    urls = {
        "总览": f"/dashboard?round={ROUND}",
        "总览数据": f"/api/v1/dashboard?round={ROUND}",
        "检查轮次": "/rounds",
        "结果表": f"/rounds/{ROUND}",
        "目标详情": f"/targets/{_result_id(store, 'edu')}",
        "问题接口": f"/api/v1/findings?round={ROUND}",
        "单位工作台": f"/workbench?round={ROUND}",
        "审核队列": f"/review?round={ROUND}",
    }
    out = {}
    for label, url in urls.items():
        with counted(store) as seen:
            assert client.get(url).status_code == 200, url
        out[label] = len(seen)
    return out


def test_pages_issue_the_same_number_of_queries_at_any_size(app_client: TestClient, world: World) -> None:
    log_in(app_client, "sup")
    small = _queries_per_page(app_client, world.store)
    world.store.save_results(ROUND, _results(400))
    world.store.add_findings(ROUND, _extra_findings("edu", 3 * q.FINDINGS_PAGE))
    for month in (7, 8, 9):  # more rounds: the trend and the round list grow, their queries do not
        checkpoint = dt.datetime(2023, month, 20, 9, 0, tzinfo=m.TZ)
        world.store.create_round(m.Round(name=f"2023-{month:02d}", checkpoint=checkpoint))
    large = _queries_per_page(app_client, world.store)
    assert large == small, (small, large)
    queue = large.pop("审核队列")  # also the review records, the notice gate, overrides and the allow-list
    assert (
        max(large.values()) <= 18 and queue <= 24
    )  # session, user, scope, the bell's unread count, the page's figures, 屡查屡犯 and its review states


def test_query_counter_sees_one_query_per_call(world: World) -> None:
    """The miss side of the bound above: a page that queried once per round would be counted."""
    p = principal_for(world.store, _user(world, "sup"))
    with counted(world.store) as once:
        q.dashboard_totals(world.store, p, ROUND)
    with counted(world.store) as thrice:
        for _ in range(3):
            q.dashboard_totals(world.store, p, ROUND)
    assert len(thrice) == 3 * len(once) > 0


def _user(world: World, name: str) -> Any:
    from govinspect.store.users import UserStore

    user = UserStore(world.store).get_user(name)
    assert user is not None
    return user


def _pager(page: str, rel: str) -> dict[str, list[str]] | None:
    found = re.search(rf'<a href="\?([^"]*)" rel="{rel}">', page)
    return parse_qs(html.unescape(found.group(1)), keep_blank_values=True) if found else None


def _names(page: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r"<td><a href=\"/targets/\d+\">([^<]+)</a></td>", page)]


def test_results_table_pages_keep_filters(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "TABLE_PAGE", 2)
    log_in(app_client, "sup")
    first = app_client.get(f"/rounds/{ROUND}").text
    assert "共 5 个检查对象，第 1/3 页" in first
    assert _names(first) == ["县政府门户网站", "县教育局网站"]
    assert _pager(first, "prev") is None
    assert _pager(first, "next") == {"unit": [""], "verdict": [""], "kind": [""], "page": ["2"]}
    shown = [name for n in (1, 2, 3) for name in _names(app_client.get(f"/rounds/{ROUND}?page={n}").text)]
    sup = principal_for(world.store, _user(world, "sup"))
    assert shown == [r.name for r in q.results(world.store, sup, ROUND)]
    failing = app_client.get(f"/rounds/{ROUND}?verdict=不合格&page=2").text
    assert "共 3 个检查对象，第 2/2 页" in failing
    assert len(_names(failing)) == 1 and _pager(failing, "next") is None
    assert _pager(failing, "prev") == {"unit": [""], "verdict": ["不合格"], "kind": [""], "page": ["1"]}
    rows = (
        app_client.get(f"/rounds/{ROUND}/results.csv?verdict=不合格").content.decode("utf-8-sig").splitlines()
    )
    assert len(rows) == 1 + 3  # the export is every filtered row, not one page


def test_results_table_page_out_of_range(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "TABLE_PAGE", 2)
    log_in(app_client, "sup")
    beyond = app_client.get(f"/rounds/{ROUND}?page=9").text
    assert _names(beyond) == [] and "没有符合条件的检查对象" in beyond
    bad = app_client.get(f"/rounds/{ROUND}?page=0")
    assert bad.status_code == 422 and "请求参数有误：page" in bad.text
    monkeypatch.setattr(q, "TABLE_PAGE", 100)
    single = app_client.get(f"/rounds/{ROUND}").text
    assert "共 5 个检查对象。" in single and _pager(single, "next") is None and len(_names(single)) == 5


def test_target_page_shows_findings_page_by_page(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "FINDINGS_PAGE", 2)
    world.store.add_findings(ROUND, _extra_findings("edu", 3))
    rid = world.ids["result:edu"]
    log_in(app_client, "edu")
    shown = []
    for n in (1, 2):
        page = app_client.get(f"/targets/{rid}?page={n}").text
        assert f"问题与证据（4 条，第 {n}/2 页）" in page
        shown += re.findall(r'<article class="finding" id="finding-(\d+)">', page)
    assert len(shown) == len(set(shown)) == 4
    assert _pager(page, "next") is None and _pager(page, "prev") == {"page": ["1"]}
    beyond = app_client.get(f"/targets/{rid}?page=9").text
    assert "<article" not in beyond and '<a href="?page=1">回到第 1 页</a>' in beyond
    other = world.ids["result:health"]
    assert app_client.get(f"/targets/{other}?page=2").status_code == 404  # paging keeps the scope


def test_dashboard_counts_equal_a_count_target_by_target(world: World) -> None:
    """Every figure the database counts equals the same figure counted over the rows one by one."""
    results = _results(60)
    world.store.save_results(ROUND, results)
    p = principal_for(world.store, _user(world, "sup"))
    got = q.dashboard(world.store, p, ROUND)
    kinds = {s.code: s.kind.value for s in world.store.load_registry().sites}

    def group(r: m.TargetResult) -> str:
        if r.target_kind == m.TargetKind.SITE:
            return f"网站·{kinds.get(r.target, '未登记')}"
        return f"新媒体·{r.target.split(':', 1)[0]}"

    def rate(rs: list[m.TargetResult]) -> tuple[int, int, int]:
        unverified = sum(r.verdict == m.Verdict.UNVERIFIED for r in rs)
        return len(rs) - unverified, sum(r.verdict == m.Verdict.PASS for r in rs), unverified

    groups = sorted({group(r) for r in results})
    assert [(g["group"], (g["judged"], g["passed"], g["unverified"])) for g in got["by_kind"]] == [
        (g, rate([r for r in results if group(r) == g])) for g in groups
    ]
    assert {"网站·未登记", "新媒体·微博", "新媒体·微信公众号"} <= set(groups)
    vetoes: dict[str, int] = {}
    for r in results:
        for c in r.vetoes:
            vetoes[check_label(c)] = vetoes.get(check_label(c), 0) + 1
    assert {v["name"]: v["count"] for v in got["vetoes"]} == vetoes
    for u in got["units"]:
        rs = [r for r in results if r.unit == u["unit"]]
        scores = [r.score for r in rs if r.score is not None]
        assert (u["judged"], u["passed"], u["unverified"]) == rate(rs)
        assert u["score_avg"] == (round(sum(scores) / len(scores), 2) if scores else None)
    assert (got["total"]["judged"], got["total"]["passed"], got["total"]["unverified"]) == rate(results)
    assert got["trend"][-1]["judged"] == got["total"]["judged"]


def test_round_list_counts_every_round(app_client: TestClient, world: World) -> None:
    world.store.create_round(m.Round(name="2023Q3", checkpoint=dt.datetime(2023, 9, 20, 9, 0, tzinfo=m.TZ)))
    log_in(app_client, "sup")
    page = app_client.get("/rounds").text
    rows = re.findall(
        r'<tr><td><a href="/rounds/[^"]+">([^<]+)</a>.*?<td>(\d+)</td><td>(\d+)</td>', page, re.S
    )
    assert rows == [("2023Q3", "0", "0"), (ROUND, "4", "1")]


def test_workbench_lists_the_units_findings_page_by_page(
    app_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(q, "TABLE_PAGE", 1)
    log_in(app_client, "health")
    first = app_client.get("/workbench").text
    assert "发现的问题（2 条，第 1/2 页）" in first
    assert re.search(r'<a href="\?round=2023Q2&amp;page=2#findings" rel="next">', first)
    second = app_client.get(f"/workbench?round={ROUND}&page=2").text
    assert "发现的问题（2 条，第 2/2 页）" in second and 'rel="next"' not in second
    messages = [re.findall(r"#finding-(\d+)\"", page) for page in (first, second)]
    assert len(messages[0]) == len(messages[1]) == 1 and messages[0] != messages[1]
    monkeypatch.setattr(q, "TABLE_PAGE", 100)
    whole = app_client.get("/workbench").text
    assert "发现的问题（2 条）" in whole and 'rel="next"' not in whole
