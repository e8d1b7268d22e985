"""Time a whole round of the demo county, stage by stage, and print one table.

Registry import (XLSX) → availability probes (a replayed week) → crawl (every site, link
checking and WARC on) → feeds (every account) → extraction + checks → account checks +
scoring → all report files. Loopback politeness limits are lifted as in `govinspect demo`.
Target (issue 8): the whole round under 60 s on the 2-core machine.

    .venv/bin/python bench/round.py [--scenario scenarios/demo-county.yaml] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

from govinspect import model as m
from govinspect.config import Settings
from govinspect.crawl.crawler import crawl_site
from govinspect.crawl.settings import CrawlSettings
from govinspect.jobs.pipeline import (
    evaluate_site,
    finish_round,
    inspect_account,
    open_round,
    targets_in_scope,
)
from govinspect.jobs.reporting import write_round_reports
from govinspect.jobs.simulation import SIM_CRAWL, prepare_round, set_up_round
from govinspect.sim.scenario import load_scenario
from govinspect.sim.server import start
from govinspect.sim.world import build_world

ROOT = Path(__file__).resolve().parents[1]


async def bounded(n: int, coros: list) -> list:  # type: ignore[type-arg]
    sem = asyncio.Semaphore(n)

    async def one(c):  # type: ignore[no-untyped-def]
        async with sem:
            return await c

    return await asyncio.gather(*(one(c) for c in coros))


async def main(scenario: Path, concurrency: int) -> None:
    times: dict[str, float] = {}
    cpu0 = time.process_time()
    sc = load_scenario(scenario)
    world = build_world(sc)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        settings = Settings(data_dir=data)
        server = await start(world)
        t_all = time.perf_counter()
        try:
            t = time.perf_counter()
            store, rnd = set_up_round(settings, world, "bench")
            times["台账导入"] = time.perf_counter() - t

            t = time.perf_counter()
            await prepare_round(store, world, rnd, server.host_map, data)
            probes = len(
                store.probes(world.sites[0].code, rnd.checkpoint - dt.timedelta(days=7), rnd.checkpoint)
            )
            probes *= len(world.sites)
            times["可用性监测（回放一周）与人工记录"] = time.perf_counter() - t

            ctx = open_round(settings, store, "bench", host_map=server.host_map, crawl_overrides=SIM_CRAWL)
            targets = targets_in_scope(ctx)
            sites = [k for kind, k in targets if kind == m.TargetKind.SITE]
            accounts = [k for kind, k in targets if kind == m.TargetKind.ACCOUNT]

            t = time.perf_counter()
            crawl = CrawlSettings().for_site(SIM_CRAWL)
            summaries = await bounded(
                concurrency,
                [crawl_site(ctx.site(c), ctx.snapshot_dir(c), crawl, server.host_map) for c in sites],
            )
            times["抓取（含链接检查、WARC 存档）"] = time.perf_counter() - t

            t = time.perf_counter()
            await bounded(concurrency, [inspect_account(ctx, k) for k in accounts])
            times["政务新媒体采集"] = time.perf_counter() - t

            t = time.perf_counter()
            for c in sites:
                store.replace_findings("bench", m.TargetKind.SITE, c, evaluate_site(ctx, c))
            times["抽取与网站检查"] = time.perf_counter() - t

            t = time.perf_counter()
            for kind, key in targets:
                store.mark_target("bench", kind, key, "done")
            results = finish_round(ctx, targets)
            times["新媒体检查与评分"] = time.perf_counter() - t

            t = time.perf_counter()
            files = write_round_reports(settings, store, "bench")
            times["报告（docx/xlsx/html/md/图表/整改通知单）"] = time.perf_counter() - t
        finally:
            await server.stop()
        total = time.perf_counter() - t_all
    pages = sum(s.pages for s in summaries)
    links = sum(s.links for s in summaries)
    print(
        f"\n整轮检查基准：{sc.jurisdiction}（{scenario.name}），网站 {len(sites)} 个、政务新媒体 {len(accounts)} 个；"
    )
    print(
        f"页面 {pages} 个，链接 {links} 个，可用性探测 {probes} 次，结果 {len(results)} 个，文件 {len(files)} 个。\n"
    )
    table = Table("阶段", "秒", "占比", box=box.MARKDOWN)
    for name, sec in [*times.items(), ("合计", total)]:
        table.add_row(name, f"{sec:.2f}", f"{sec / total:.1%}")
    Console().print(table)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "达标" if total < 60 else "未达标"
    print(f"\nCPU {time.process_time() - cpu0:.1f} s，峰值内存 {peak:.0f} MB；目标 < 60 s：{verdict}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "demo-county.yaml")
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    asyncio.run(main(args.scenario, args.concurrency))
