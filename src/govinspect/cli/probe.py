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
    timeout: Annotated[float, typer.Option("--timeout", help="超过此秒数未打开即记为失败")] = 15.0,
    host_map: Annotated[Path | None, typer.Option("--host-map", help="主机映射文件（JSON）")] = None,
) -> None:
    """定时访问各网站首页并记录结果，供“站点无法访问”判定使用。"""
    from govinspect.crawl.probe import run_probes
    from govinspect.crawl.records import ProbeResult

    hm = read_host_map(host_map)
    store = open_store()
    sites = [s for s in store.load_registry().sites if s.status == m.SiteStatus.RUNNING]

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
                sites, current_settings().data_dir / "probes", interval, count, hm, timeout, on_result=record
            )
        )
    console.print(f"已完成可用性监测：{len(written)} 个网站，共 {sum(written.values())} 次访问。")
