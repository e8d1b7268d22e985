"""Server time of the platform's pages on a generated province-sized store.

Usage: python bench/web.py [--targets 2000] [--findings 200000] [--rounds 8] [--requests 60]
       [--db postgresql+psycopg://…]   (default: SQLite in a temporary directory; a given database
       must be empty)
Prints one table: p50/p95 server time per page (warm-up requests excluded), for a supervisor (every
unit) and a unit user (a city and the units under it). Target: p95 < 300 ms for each.

The store is shaped like a province: a unit tree (province → cities → counties/departments), 70 %
websites of every kind and 30 % new-media accounts, verdicts about 75 % 合格 / 20 % 不合格 / 5 % 待核实
with vetoes and deductions, and findings per target heavy-tailed (most targets a handful, the heaviest
over a thousand a round), codes weighted as real rounds find them (dead links dominate).
PostgreSQL is vacuumed and analysed after generation, as autovacuum leaves a store in use; SQLite is
not analysed (nothing runs ANALYZE on an office's store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store
from govinspect.store.tables import FindingRow, RoundRow, TargetResultRow
from govinspect.store.users import UserStore
from govinspect.web.app import create_app

SITE_CODES = {  # code → weight among a site's findings
    "link.dead": 55, "link.dead_external": 15, "column.stale": 10, "column.blank": 4, "column.undated": 3,
    "link.broken_image": 5, "content.typo": 4, "content.serious_error": 1, "homepage.stale": 1,
    "privacy.mobile": 1, "identity.icp_missing": 1,
}  # fmt: skip
MEDIA_CODES = {
    "media.not_updated": 1,
    "media.low_frequency": 5,
    "media.broken_menu": 3,
    "media.content_error": 1,
}
VETO_CODES = ("homepage.stale", "column.stale", "column.blank", "content.serious_error", "media.not_updated")
CITIES = 14
PASSWORD = "bench-password-123"


def _units(n_units: int) -> list[m.Unit]:
    """省政府办, CITIES 市政府办 under it, the rest spread under the cities."""
    units = [m.Unit(name="省政府办", kind=m.UnitKind.COUNTY)]
    units += [m.Unit(name=f"市{c:02d}政府办", parent="省政府办") for c in range(CITIES)]
    units += [m.Unit(name=f"市{i % CITIES:02d}单位{i:04d}", parent=f"市{i % CITIES:02d}政府办")
              for i in range(max(0, n_units - CITIES - 1))]  # fmt: skip
    return units


def _evidence(rng: random.Random, code: str, host: str, n: int) -> dict[str, Any]:
    page = f"http://{host}/col{rng.randrange(40)}/index.html"
    detail: dict[str, Any]
    if code.startswith("link."):
        detail = {"link": f"http://{host}/art/{n}.html", "anchor": f"关于做好第{n}项工作的通知", "source": page,
                  "status": rng.choice([404, 404, 500, None])}  # fmt: skip
    elif code.startswith("column.") or code == "homepage.stale":
        detail = {
            "column": "工作动态",
            "newest_title": "某某会议召开",
            "newest_date": "2023-03-01",
            "column_url": page,
        }
    elif code.startswith("content.") or code.startswith("privacy."):
        detail = {"matched": "中华人民共和国国务院", "context": "……依据中华人民共和国国务院有关规定……",
                  "page_title": "政策解读"}  # fmt: skip
    else:
        detail = {"newest_title": "今日发布", "newest_date": "2023-03-02"}
    return {"url": page, "captured_at": "2023-06-20T10:31:00+08:00", "detail": detail}


def generate(store: Store, targets: int, findings: int, rounds: int, seed: int = 7) -> list[str]:
    """A province: units, sites and accounts, rounds with results and heavy-tailed findings; two users."""
    rng = random.Random(seed)
    units = _units(max(CITIES + 2, targets // 10))
    leaves = [u.name for u in units]
    unit_weights = [rng.paretovariate(1.5) for _ in leaves]  # some units run many sites
    owner = rng.choices(leaves, unit_weights, k=targets)
    n_sites = targets * 7 // 10
    kinds = list(m.SiteKind)
    sites = tuple(
        m.Site(code=f"S{i:05d}", name=f"网站{i:05d}", home_url=f"http://s{i}.example.gov.cn/", unit=owner[i],
               kind=rng.choices(kinds, [1, 6, 4, 1, 1])[0])
        for i in range(n_sites)
    )  # fmt: skip
    platforms = [m.Platform.WECHAT, m.Platform.WEIBO, m.Platform.DOUYIN, m.Platform.TOUTIAO]
    accounts = tuple(
        m.Account(platform=rng.choices(platforms, [6, 3, 2, 1])[0], name=f"账号{i:05d}", account_id=f"a{i:05d}",
                  unit=owner[i])
        for i in range(n_sites, targets)
    )  # fmt: skip
    store.save_registry(m.Registry(units=tuple(units), sites=sites, accounts=accounts))
    tkeys = [("网站", s.code, s.unit, s.name) for s in sites]
    tkeys += [("政务新媒体", f"{a.platform.value}:{a.account_id}", a.unit, a.name) for a in accounts]
    weight = [min(800.0, rng.paretovariate(1.1)) for _ in tkeys]  # median ≈ 5 a round, the heaviest > 1,000
    per_round = findings // rounds
    names = []
    for r in range(rounds):
        name = f"R{r + 1}"
        names.append(name)
        store.create_round(m.Round(name=name, checkpoint=dt.datetime(2023, 1 + r, 20, tzinfo=m.TZ)))
        picks = rng.choices(range(len(tkeys)), weight, k=per_round)
        found: dict[int, list[str]] = {}
        rows = []
        for n, t in enumerate(picks):
            kind, key, _unit, _name = tkeys[t]
            table = SITE_CODES if kind == "网站" else MEDIA_CODES
            code = rng.choices(list(table), list(table.values()))[0]
            found.setdefault(t, []).append(code)
            rows.append({"round_name": name, "target_kind": kind, "target": key, "code": code,
                         "message": f"{code} 问题 {n}", "count": 1, "manual": False,
                         "evidence": _evidence(rng, code, f"{key.lower()}.example.gov.cn", n)})  # fmt: skip
        results = []
        for t, (kind, key, unit, tname) in enumerate(tkeys):
            codes = found.get(t, [])
            vetoes = sorted({c for c in codes if c in VETO_CODES and rng.random() < 0.25})
            unverified = rng.random() < 0.05
            deductions = [
                {"code": c, "points": 0.5, "reason": "扣分"} for c in sorted(set(codes) - set(vetoes))
            ]
            score = (
                None
                if (vetoes or unverified)
                else round(max(0.0, 100 - sum(d["points"] for d in deductions)), 2)
            )
            verdict = "待核实" if unverified else "不合格" if vetoes or (score or 0) < 60 else "合格"
            results.append({"round_name": name, "target_kind": kind, "target": key, "unit": unit, "name": tname,
                            "score": score, "verdict": verdict, "vetoes": vetoes, "deductions": deductions,
                            "summary": "；".join(vetoes)})  # fmt: skip
        with store.session() as s:
            s.execute(insert(TargetResultRow), results)
            for i in range(0, len(rows), 5000):
                s.execute(insert(FindingRow), rows[i : i + 5000])
    users = UserStore(store)
    users.add_user("bench-sup", "supervisor", PASSWORD)
    users.add_user("bench-unit", "unit", PASSWORD, "市01政府办")
    return names


def timed(client: TestClient, url: str, n: int, warm: int = 3) -> tuple[float, float]:
    """(p50, p95) in ms of n GETs of url after `warm` unmeasured ones (status 200 required)."""
    samples = []
    for i in range(warm + n):
        t0 = time.perf_counter()
        r = client.get(url)
        took = (time.perf_counter() - t0) * 1000
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        if i >= warm:
            samples.append(took)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def _targets(store: Store, unit_scope: set[str] | None, round_name: str) -> tuple[int, int, int]:
    """(typical result id, result id of the target with the most findings, its number of findings)."""
    q = (
        select(TargetResultRow.id, TargetResultRow.unit, func.count(FindingRow.id))
        .join(FindingRow, (FindingRow.round_name == TargetResultRow.round_name)
              & (FindingRow.target_kind == TargetResultRow.target_kind) & (FindingRow.target == TargetResultRow.target))
        .where(TargetResultRow.round_name == round_name)
        .group_by(TargetResultRow.id, TargetResultRow.unit)
    )  # fmt: skip
    with store.session() as s:
        rows = sorted((n, rid) for rid, unit, n in s.execute(q) if unit_scope is None or unit in unit_scope)
    return rows[len(rows) // 2][1], rows[-1][1], rows[-1][0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--findings", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument(
        "--db", default=None, help="an empty database's URL (default: SQLite in a temporary directory)"
    )
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        return run(args, Settings(data_dir=Path(tmp), database_url=args.db))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Generate the store, then time every page for each user; prints the table."""
    store = Store(settings.db_url())
    store.migrate()
    with store.session() as s:
        if s.scalar(select(func.count(RoundRow.id))):
            raise SystemExit("基准测试需要一个空数据库：该数据库中已有检查轮次。")
    t0 = time.perf_counter()
    rounds = generate(store, args.targets, args.findings, args.rounds)
    backend = store.engine.dialect.name
    if backend == "postgresql":  # the state autovacuum brings a store in use to: statistics, visibility map
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    print(f"generated {args.targets} targets, {args.findings} findings, {args.rounds} rounds "
          f"on {backend} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)  # fmt: skip
    app = create_app(settings, store=store)
    last = rounds[-1]
    print("| backend | page | user | p50 ms | p95 ms | p95 < 300 ms |\n|---|---|---|---|---|---|")
    for user in ("bench-sup", "bench-unit"):
        with TestClient(app) as c:
            page = c.get("/login").text
            csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            c.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": csrf})
            me = app.state.users.get_user(user)
            assert me is not None
            scope = None if me.unit is None else _subtree(store, me.unit)
            typical, heaviest, n_heavy = _targets(store, scope, last)
            deep = c.get(f"/api/v1/findings?round={last}&limit=500").json()["next_cursor"]
            pages = {
                "总览 /dashboard": "/dashboard",
                "总览数据 /api/v1/dashboard": f"/api/v1/dashboard?round={last}",
                "检查轮次 /rounds": "/rounds",
                "结果表 /rounds/R": f"/rounds/{last}",
                "结果表 不合格 /rounds/R?verdict=不合格": f"/rounds/{last}?verdict=不合格",
                "目标详情 /targets/ID（一般）": f"/targets/{typical}",
                f"目标详情 /targets/ID（问题最多，{n_heavy} 条）": f"/targets/{heaviest}",
                "问题接口 /api/v1/findings": f"/api/v1/findings?round={last}&limit=100",
                "问题接口 按指标 link": f"/api/v1/findings?round={last}&indicator=link&limit=100",
                "审核队列 /review": f"/review?round={last}",
            }
            if deep:  # a scope with more than one page of findings
                pages["问题接口 第二页"] = f"/api/v1/findings?round={last}&limit=100&cursor={deep}"
            if me.unit is not None:
                pages["单位工作台 /workbench"] = "/workbench"
            for label, url in pages.items():
                p50, p95 = timed(c, url, args.requests)
                print(
                    f"| {backend} | {label} | {user} | {p50:.0f} | {p95:.0f} | {'是' if p95 < 300 else '否'} |"
                )
    store.close()
    return 0


def _subtree(store: Store, root: str) -> set[str]:
    from govinspect.web.authz import subtree

    return set(subtree(((u.name, u.parent) for u in store.load_registry().units), root))


if __name__ == "__main__":
    sys.exit(main())
