"""`govinspect round`: create, list, show, run and re-judge inspection rounds."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from govinspect import model as m
from govinspect.cli.app import (
    app,
    check_profile,
    console,
    current_settings,
    get_round,
    group,
    open_store,
    read_host_map,
)
from govinspect.privacy import mask_personal_data

if TYPE_CHECKING:
    from govinspect.store import Store

round_app = group(help="检查轮次：新建、查看、运行、重新判定。")
app.add_typer(round_app, name="round")


@round_app.command("create")
def round_create(
    name: Annotated[str, typer.Argument(help="轮次名称，如 2023Q2")],
    checkpoint: Annotated[
        str, typer.Option("--checkpoint", "-c", help="监测时间点（日期，YYYY-MM-DD，北京时间）")
    ],
    profile: Annotated[str, typer.Option("--profile", "-p", help="检查指标画像")] = "national-2019",
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="只检查这些单位（可多次指定）")
    ] = None,
    period_start: Annotated[str | None, typer.Option("--period-start", help="本轮统计期起始日期")] = None,
) -> None:
    """新建检查轮次。"""
    from govinspect.jobs.rounds import new_round

    rnd = new_round(open_store(), name, checkpoint, profile, unit or [], period_start)
    console.print(f"已新建检查轮次 {name}，监测时间点 {rnd.checkpoint:%Y-%m-%d %H:%M}，指标 {profile}。")


@round_app.command("list")
def round_list() -> None:
    """列出所有检查轮次。"""
    t = Table(title="检查轮次")
    for h in ("名称", "监测时间点", "指标", "状态"):
        t.add_column(h)
    for r in open_store().list_rounds():
        t.add_row(r.name, f"{r.checkpoint:%Y-%m-%d}", r.profile, r.status.value)
    console.print(t)


@round_app.command("show")
def round_show(name: Annotated[str, typer.Argument(help="轮次名称")]) -> None:
    """查看一个轮次的进度与结果（含未能判定的对象及原因、未监测的网站）。"""
    from govinspect.jobs.lock import busy_message, is_stale
    from govinspect.jobs.runner import reason_line
    from govinspect.rules import ProfileError, load_profile
    from govinspect.scoring.engine import totals_line

    store = open_store()
    rnd = get_round(store, name)
    try:
        decimals = load_profile(rnd.profile).report.pass_rate_decimals
    except ProfileError:
        decimals = 1  # an unreadable profile is reported by round run / rejudge; show still lists results
    status = store.target_status(name)
    done = sum(1 for v in status.values() if v == "done")
    failed = sum(1 for v in status.values() if v == "failed")
    console.print(
        f"轮次 {rnd.name}：监测时间点 {rnd.checkpoint:%Y-%m-%d}，指标 {rnd.profile}，状态 {rnd.status.value}；"
        f"对象 {len(status)} 个，已完成 {done} 个，出错 {failed} 个。",
        markup=False,
    )
    holder = store.lease(name)
    if holder is not None and not is_stale(holder, dt.datetime.now(m.TZ), socket.gethostname()):
        console.print(busy_message(holder), markup=False)
    results = store.results(name)
    unmonitored = store.unmonitored_sites(name)
    if not results:
        for (kind, key), (st, error) in sorted(store.target_errors(name).items()):
            if st == "failed":
                console.print(f"  {kind.value} {key} 未能检查：{reason_line(error)}", markup=False)
        return
    for kind in m.TargetKind:
        rows = [r for r in results if r.target_kind == kind]
        if not rows:
            continue
        t = Table(title=f"{kind.value}：{totals_line(rows, decimals)}")
        headers = ["单位", "名称", "得分", "结果", "存在问题"]
        if kind == m.TargetKind.SITE:
            headers.insert(4, "可用性监测")
        for h in headers:
            t.add_column(h)
        for r in rows:
            score = "—" if r.score is None else f"{r.score:g}"
            cells = [r.unit, r.name, score, r.verdict.value, mask_personal_data(r.summary)]
            if kind == m.TargetKind.SITE:
                cells.insert(4, "未监测" if r.target in unmonitored else "已监测")
            t.add_row(*cells)
        console.print(t)
    if unmonitored:
        console.print(
            f"未监测：{len(unmonitored)} 个网站没有符合要求的首页连续访问记录，“站点无法访问”未按监测数据判定"
            "（运行 govinspect probe 采集）。",
            markup=False,
        )
    _show_unverified_readings(store, name, results)


def _show_unverified_readings(store: Store, name: str, results: list[m.TargetResult]) -> None:
    """The column judgements left to a person (column.unverified), counted apart from the verdicts."""
    from govinspect.checks import DOUBTFUL_READING

    doubtful = store.findings(name, codes=[DOUBTFUL_READING])
    if not doubtful:
        return
    names = {(r.target_kind, r.target): r.name for r in results}
    console.print(
        f"读取存疑待核实：{len(doubtful)} 项栏目判断所依据的列表读取存疑，未扣分、未计入单项否决，须人工核实"
        "（govinspect review 确认或标为误报）：",
        markup=False,
    )
    for f in doubtful:
        who = names.get((f.target_kind, f.target), f.target)
        console.print(f"  {who}：{mask_personal_data(f.message)} {f.evidence.url}", markup=False)


@round_app.command("run")
def round_run(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    concurrency: Annotated[int, typer.Option("--concurrency", "-j", help="同时检查的对象数")] = 8,
    host_map: Annotated[
        Path | None,
        typer.Option("--host-map", help="主机映射文件（JSON：域名 → 127.x.y.z:端口），用于仿真站点"),
    ] = None,
    home_retry: Annotated[
        float | None,
        typer.Option("--home-retry-interval", help="首页打不开时再次访问的间隔秒数（默认取检查指标画像）"),
    ] = None,
    from_monitoring: Annotated[
        bool,
        typer.Option(
            "--from-monitoring", help="不重新抓取，依据截至监测时间点的常态化监测数据判定（记入轮次设置）"
        ),
    ] = False,
    workers: Annotated[
        bool,
        typer.Option(
            "--workers", help="交给任务执行进程（govinspect worker）检查；需配置 Redis 与 PostgreSQL"
        ),
    ] = False,
) -> None:
    """运行检查轮次：抓取、抽取、检查、评分。中断后再次运行会从中断处继续。

    有对象未能判定（待核实）时退出码为 1，并列出对象及原因。
    """
    from govinspect.jobs.pipeline import run_round

    hm = read_host_map(host_map)
    settings = current_settings()
    celery = None
    if workers:
        from govinspect.jobs.distributed import make_app, run_round_distributed

        celery = make_app(settings)  # no Redis or no PostgreSQL is refused before the store is opened
    store = open_store()
    rnd = get_round(store, name)
    if from_monitoring:
        store.set_round(name, source=m.RoundSource.MONITORING)
    if celery is not None and (from_monitoring or rnd.source == m.RoundSource.MONITORING):
        console.print("依据常态化监测数据判定的轮次不需要抓取，在本进程内完成。")
        celery = None
    if celery is not None:
        results = run_round_distributed(
            celery, settings, store, name, host_map=hm, homepage_retry_s=home_retry, console=console
        )
    else:
        run = run_round(
            settings,
            store,
            name,
            concurrency=concurrency,
            host_map=hm,
            homepage_retry_s=home_retry,
            console=console,
        )
        results = asyncio.run(run)  # a second writer (RoundBusy) and Ctrl-C end in the CLI's error handler
    if any(r.verdict == m.Verdict.UNVERIFIED for r in results):
        raise typer.Exit(code=1)


@round_app.command("rejudge")
def round_rejudge(
    name: Annotated[str, typer.Argument(help="轮次名称")],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="改用的检查指标画像")] = None,
) -> None:
    """用已存档的抓取结果重新判定（不再访问任何网站）。有对象未能判定时退出码为 1。"""
    from govinspect.jobs.pipeline import rejudge_round

    store = open_store()
    get_round(store, name)
    if profile is not None:
        check_profile(profile)
    results = rejudge_round(current_settings(), store, name, profile=profile, console=console)
    if any(r.verdict == m.Verdict.UNVERIFIED for r in results):
        raise typer.Exit(code=1)
