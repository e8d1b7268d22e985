"""`govinspect probe`: home-page availability probes for the 站点无法访问 rule."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from govinspect import model as m
from govinspect.cli.app import (
    app,
    console,
    current_settings,
    open_store,
    read_host_map,
)


@app.command("probe")
def probe_cmd(
    interval: Annotated[float, typer.Option("--interval", help="两次访问的间隔（秒）")] = 3600.0,
    count: Annotated[
        int, typer.Option("--count", help="每个网站访问次数（全国指标：每天不少于 20 次，连续 1 周）")
    ] = 24,
    profile: Annotated[
        str, typer.Option("--profile", "-p", help="检查指标画像（超时时间取其 availability.timeout_s）")
    ] = "national-2019",
    host_map: Annotated[Path | None, typer.Option("--host-map", help="主机映射文件（JSON）")] = None,
) -> None:
    """定时访问各网站首页并记录结果，供“站点无法访问”判定使用。"""
    from govinspect.crawl.probe import run_probes, url_problem
    from govinspect.crawl.records import ProbeResult
    from govinspect.jobs.context import site_in_service
    from govinspect.rules.profile import load_profile

    timeout = load_profile(profile).availability.timeout_s
    store = open_store()
    hm = read_host_map(host_map)
    sites = []
    today = dt.datetime.now(m.TZ).date()
    for s in store.load_registry().sites:
        if not site_in_service(s, today):
            continue
        problem = url_problem(s.home_url, hm)
        if problem:
            console.print(f"跳过网站“{s.name}”（{s.code}）：{problem}。", markup=False)
            continue
        sites.append(s)

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        bar = progress.add_task("可用性监测", total=len(sites) * count)

        def record(site: m.Site, r: ProbeResult) -> None:
            store.add_probes(site.code, [(dt.datetime.fromisoformat(r.at), r)])
            progress.advance(bar)

        written = asyncio.run(
            run_probes(
                sites, current_settings().data_dir / "probes", timeout, interval, count, hm, on_result=record
            )
        )
    console.print(
        f"已完成可用性监测：{len(written)} 个网站，共 {sum(written.values())} 次访问（超时 {timeout:g} 秒）。"
    )
