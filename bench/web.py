"""Server time of the platform's heaviest pages on a generated province-sized store.

Usage: python bench/web.py [--targets 2000] [--findings 200000] [--rounds 8] [--requests 40]
       [--db postgresql+psycopg://…]   (default: SQLite in a temporary directory)
Prints one table: p50/p95 server time per page, for a supervisor (every unit) and a unit user.
Target: p95 < 300 ms for each.
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

from fastapi.testclient import TestClient
from sqlalchemy import insert

from govinspect import model as m
from govinspect.config import Settings
from govinspect.store import Store
from govinspect.store.tables import FindingRow, TargetResultRow
from govinspect.store.users import UserStore
from govinspect.web.app import create_app

CODES = [
    "column.stale",
    "link.dead",
    "homepage.stale",
    "content.serious_error",
    "column.blank",
    "link.dead_external",
]
PASSWORD = "bench-password-123"


def generate(store: Store, targets: int, findings: int, rounds: int, seed: int = 7) -> list[str]:
    """Units (one per 10 targets, under one county), sites, rounds with results and findings."""
    rng = random.Random(seed)
    n_units = max(1, targets // 10)
    units = [m.Unit(name="省政府办", kind=m.UnitKind.COUNTY)]
    units += [m.Unit(name=f"单位{i:04d}", parent="省政府办") for i in range(n_units)]
    sites = tuple(
        m.Site(
            code=f"S{i:05d}",
            name=f"网站{i:05d}",
            home_url=f"http://s{i}.example.gov.cn/",
            unit=f"单位{i % n_units:04d}",
        )
        for i in range(targets)
    )
    store.save_registry(m.Registry(units=tuple(units), sites=sites))
    names = []
    per_round = findings // rounds
    for r in range(rounds):
        name = f"R{r + 1}"
        names.append(name)
        store.create_round(m.Round(name=name, checkpoint=dt.datetime(2023, 1 + r, 20, tzinfo=m.TZ)))
        with store.session() as s:
            s.execute(insert(TargetResultRow), [
                {"round_name": name, "target_kind": "网站", "target": site.code, "unit": site.unit, "name": site.name,
                 "score": None if (fail := rng.random() < 0.2) else round(rng.uniform(60, 100), 2),
                 "verdict": "不合格" if fail else "合格", "vetoes": [rng.choice(CODES)] if fail else [],
                 "deductions": [], "summary": ""}
                for site in sites
            ])  # fmt: skip
            s.execute(insert(FindingRow), [
                {"round_name": name, "target_kind": "网站", "target": f"S{rng.randrange(targets):05d}",
                 "code": rng.choice(CODES), "message": "栏目超过2周未更新", "count": 1, "manual": False,
                 "evidence": {"url": "http://x.example.gov.cn/", "detail": {"column": "工作动态", "newest_title": "某通知"}}}
                for _ in range(per_round)
            ])  # fmt: skip
    users = UserStore(store)
    users.add_user("bench-sup", "supervisor", PASSWORD)
    users.add_user("bench-unit", "unit", PASSWORD, "单位0001")
    return names


def timed(client: TestClient, url: str, n: int) -> tuple[float, float]:
    """(p50, p95) in ms of n GETs of url (status 200 required)."""
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--targets", type=int, default=2000)
    ap.add_argument("--findings", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--db", default=None, help="database URL (default: SQLite in a temporary directory)")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    settings = Settings(data_dir=tmp, database_url=args.db)
    store = Store(settings.db_url())
    store.migrate()
    t0 = time.perf_counter()
    rounds = generate(store, args.targets, args.findings, args.rounds)
    print(f"generated {args.targets} targets, {args.findings} findings, {args.rounds} rounds "
          f"on {store.engine.dialect.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)  # fmt: skip
    app = create_app(settings, store=store)
    last = rounds[-1]
    print("| page | user | p50 ms | p95 ms | target p95 < 300 ms |\n|---|---|---|---|---|")
    for user in ("bench-sup", "bench-unit"):
        with TestClient(app) as c:
            page = c.get("/login").text
            csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            c.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": csrf})
            result_id = c.get(f"/api/v1/rounds/{last}/results?limit=1").json()["items"][0]["id"]
            pages = {
                "总览数据 /api/v1/dashboard": f"/api/v1/dashboard?round={last}",
                "结果表 /rounds/R": f"/rounds/{last}",
                "目标详情 /targets/ID": f"/targets/{result_id}",
                "问题接口 /api/v1/findings": f"/api/v1/findings?round={last}&limit=100",
            }
            for label, url in pages.items():
                p50, p95 = timed(c, url, args.requests)
                print(f"| {label} | {user} | {p50:.0f} | {p95:.0f} | {'是' if p95 < 300 else '否'} |")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
