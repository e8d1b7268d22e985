"""`govinspect monitor`, `govinspect schedule list|set|run` and `govinspect alert list|test`:
continuous monitoring on a machine without the web, its schedules and its send log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect import model as m
from govinspect.cli.app import app, console, current_settings, fail, group, open_store, read_host_map

schedule_app = group(
    help="计划任务：查看、修改和立即运行监测计划（首页监测、日常巡检、全面检查、整改复查、每日汇总）。"
)
app.add_typer(schedule_app, name="schedule")
alert_app = group(help="预警消息：查看发送记录，测试发送渠道。")
app.add_typer(alert_app, name="alert")
baseline_app = group(help="首页基线：篡改监测比对所用的首页文字和链接。")
app.add_typer(baseline_app, name="baseline")

HOST_MAP_HELP = "主机映射文件（JSON，仿真站点用）"


def _now() -> dt.datetime:
    return dt.datetime.now(m.TZ)


def _hm(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "—"


@app.command("monitor")
def monitor_cmd(
    host_map: Annotated[Path | None, typer.Option("--host-map", help=HOST_MAP_HELP)] = None,
) -> None:
    """在前台持续运行监测计划（没有启动检查平台的机器使用）；按 Ctrl-C 停止。"""
    from govinspect.jobs.monitoring import run_foreground

    open_store()  # refuses a data directory without a database
    hm = read_host_map(host_map)
    console.print("持续监测已启动：按计划任务运行首页监测、日常巡检和全面检查，发送预警（按 Ctrl-C 停止）。")
    try:
        run_foreground(current_settings(), hm)
    except KeyboardInterrupt:
        console.print("持续监测已停止。")


@schedule_app.command("list")
def schedule_list() -> None:
    """列出计划任务：计划、下次运行、上次运行的用时和结果；超过两个周期没有数据的标注“数据已过期”。"""
    from govinspect.jobs.monitoring import ensure_default_schedules
    from govinspect.monitor import JOBS, is_stale
    from govinspect.store import MonitorStore

    store = open_store()
    now = _now()
    ensure_default_schedules(store, now)
    ms = MonitorStore(store)
    t = Table(title="计划任务")
    for col in ("名称", "任务", "计划", "状态", "下次运行", "上次运行", "用时", "结果"):
        t.add_column(col)
    for s in ms.schedules():
        state = "启用" if s.enabled else "停用"
        if s.enabled and is_stale(s.trigger, now, s.last_produced, ms.first_run(s.name), s.next_run):
            state += "（数据已过期）"
        took = f"{s.last_duration_s:.1f} 秒" if s.last_duration_s is not None else "—"
        result = s.last_outcome or "—"
        if s.last_error:
            result += f"：{s.last_error}"
        t.add_row(
            s.name, JOBS.get(s.job, s.job), s.trigger, state, _hm(s.next_run), _hm(s.last_run), took, result
        )
    console.print(t)


@schedule_app.command("set")
def schedule_set(
    name: Annotated[str, typer.Argument(help="计划任务名称（见 govinspect schedule list）")],
    trigger: Annotated[
        str | None,
        typer.Option("--trigger", help="计划：“every 30m”（间隔，单位 m/h/d）或 5 段 cron，如“0 6 * * *”"),
    ] = None,
    enabled: Annotated[bool | None, typer.Option("--enable/--disable", help="启用或停用")] = None,
) -> None:
    """修改计划任务的计划或启用状态；只改给出的项。"""
    from govinspect.jobs.monitoring import ensure_default_schedules
    from govinspect.monitor import next_run
    from govinspect.store import MonitorStore, StoreError, UserStore

    if trigger is None and enabled is None:
        raise fail("请给出 --trigger 或 --enable/--disable")
    store = open_store()
    ensure_default_schedules(store, _now())
    ms = MonitorStore(store)
    try:
        line = trigger if trigger is not None else ms.schedule(name).trigger
        before, after = ms.set_schedule(
            name, trigger=trigger, enabled=enabled, next_run=next_run(line, _now())
        )
    except StoreError as e:
        raise fail(str(e)) from None
    UserStore(store).audit("命令行", "修改计划任务", f"计划任务:{name}", before=before, after=after)
    state = "启用" if after["enabled"] else "停用"
    console.print(f"已修改计划任务“{name}”：{after['trigger']}，{state}。")


@schedule_app.command("run")
def schedule_run(
    name: Annotated[str, typer.Argument(help="计划任务名称（见 govinspect schedule list）")],
    host_map: Annotated[Path | None, typer.Option("--host-map", help=HOST_MAP_HELP)] = None,
) -> None:
    """立即运行一次计划任务（记入运行历史），然后检查预警并发送到期的消息。"""
    from govinspect.jobs.monitoring import Monitor, ensure_default_schedules, react, run_schedule
    from govinspect.store import MonitorStore, StoreError, UserStore

    store = open_store()
    now = _now()
    ensure_default_schedules(store, now)
    try:
        MonitorStore(store).schedule(name)
    except StoreError as e:
        raise fail(str(e)) from None
    mon = Monitor.open(current_settings(), store, read_host_map(host_map))
    UserStore(store).audit("命令行", "运行计划任务", f"计划任务:{name}")
    outcome = run_schedule(mon, name, now)
    react(mon, now)
    row = MonitorStore(store).schedule(name)
    line = f"计划任务“{name}”运行{outcome}，用时 {row.last_duration_s or 0:.1f} 秒"
    if row.last_error:
        raise fail(f"{line}：{row.last_error}")
    console.print(line + "。")


@alert_app.command("list")
def alert_list(
    state: Annotated[
        str | None, typer.Option("--state", help="只列出某一状态：待发送/重试中/成功/失败/去重/不发送")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="最多列出条数")] = 50,
) -> None:
    """列出预警消息的发送记录（最新在前）；手机号码脱敏显示。"""
    from govinspect.monitor import display_recipient
    from govinspect.store import SEND_STATES, MonitorStore

    if state is not None and state not in SEND_STATES:
        raise fail(f"没有“{state}”这一发送状态（可用：{'、'.join(SEND_STATES)}）")
    rows = MonitorStore(open_store()).sends(state=state, limit=limit)
    t = Table(title=f"预警消息（{len(rows)} 条）")
    for col in ("时间", "单位", "类别", "渠道", "接收人", "标题", "状态", "次数", "说明"):
        t.add_column(col)
    for r in rows:
        t.add_row(_hm(r.sent_at or r.created_at), r.unit or "本办公室", r.event, r.channel,
                  display_recipient(r.channel, r.recipient), r.title, r.state, str(r.attempts), r.error or "")  # fmt: skip
    console.print(t)


@alert_app.command("test")
def alert_test(
    channel: Annotated[
        str, typer.Option("--channel", help="渠道：email 或 webhook:<机器人名称>（见 office.yaml）")
    ],
    to: Annotated[str, typer.Option("--to", help="收件邮箱（email 渠道）")] = "",
) -> None:
    """向一个渠道发送一条测试消息，检查邮件服务器或群机器人的设置。"""
    from govinspect.config import load_office_config
    from govinspect.monitor import DeliveryError, senders
    from govinspect.store import UserStore

    cfg = load_office_config(current_settings()).monitor
    send = senders(cfg)
    if channel not in send:
        names = "、".join(send)
        raise fail(f"没有“{channel}”这一渠道（可用：{names}）")
    if channel == "email" and not to:
        raise fail("email 渠道请用 --to 给出收件邮箱")
    store = open_store()
    try:
        send[channel](
            to,
            "【网站监测】测试消息",
            f"这是一条测试消息，发送时间 {_hm(_now())}。收到即表示预警渠道设置正确。",
        )
    except DeliveryError as e:
        UserStore(store).audit("命令行", "测试预警渠道", channel, detail=f"失败：{e}")
        raise fail(f"测试消息未送达：{e}") from None
    UserStore(store).audit("命令行", "测试预警渠道", channel, detail="成功")
    console.print(f"测试消息已通过“{channel}”送达。")


@baseline_app.command("confirm")
def baseline_confirm(
    codes: Annotated[list[str], typer.Argument(help="网站标识码（可多个）；核实首页的变化属正常改版后执行")],
) -> None:
    """以最近一次日常巡检看到的首页作为篡改监测的基线（已核实首页变化属正常改版时使用）。"""
    from govinspect.store import MonitorStore, UserStore

    store = open_store()
    known = {s.code for s in store.load_registry().sites}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise fail(f"台账中没有网站标识码 {'、'.join(unknown)}")
    done = MonitorStore(store).confirm_baselines(codes, "命令行", _now())
    missing = [c for c in codes if c not in done]
    if missing:
        raise fail(
            f"网站 {'、'.join(missing)} 还没有日常巡检记录，无法确认基线（先运行 govinspect schedule run 每日巡检）"
        )
    for code in done:
        UserStore(store).audit("命令行", "确认首页基线", f"网站:{code}")
    console.print(f"已确认 {len(done)} 个网站的首页基线。")
