"""`govinspect selfcheck request|run|list|show`: 自查 of a unit's own site or account, private, never in a round."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from govinspect import model as m
from govinspect.cli.app import app, console, fail, group, open_store, read_host_map
from govinspect.cli.tasks import UserOpt, actor_of

self_app = group(
    help="单位自查：对本单位的网站或账号随时检查，结果仅本单位和检查办公室可见，不计入检查轮次。"
)
app.add_typer(self_app, name="selfcheck")
IdArg = Annotated[int, typer.Argument(help="自查编号（selfcheck list 可查）")]


@self_app.command("request")
def self_request(
    target: Annotated[str, typer.Argument(help="网站代码，或账号（平台:账号，如 微信公众号:jkmx）")],
    user: UserOpt,
) -> None:
    """发起自查（填报单位）：受每天次数限制；之后用 selfcheck run 执行。"""
    from govinspect.cli.app import current_settings
    from govinspect.config import load_office_config
    from govinspect.rectify.selfcheck import request_inspection

    store = open_store()
    actor, scope = actor_of(store, user)
    kind = m.TargetKind.ACCOUNT if ":" in target else m.TargetKind.SITE
    limit = load_office_config(current_settings()).self_inspections_per_day
    s = request_inspection(store, kind, target, actor, scope, per_day=limit)
    console.print(f"已发起自查 {s.id}（{s.target}），用 govinspect selfcheck run {s.id} 执行。")


@self_app.command("run")
def self_run(
    inspection_id: IdArg,
    host_map: Annotated[
        Path | None, typer.Option("--host-map", help="主机映射文件（仿真或内网测试用）")
    ] = None,
) -> None:
    """执行一次已发起的自查：按检查轮次同样的抓取和检查规则，只检查这一个网站或账号。"""
    from govinspect.cli.app import current_settings
    from govinspect.jobs.selfcheck import run_inspection

    store = open_store()
    s = asyncio.run(
        run_inspection(current_settings(), store, inspection_id, host_map=read_host_map(host_map))
    )
    console.print(f"自查 {s.id}（{s.target}）{s.state}：{s.summary}")
    if s.state != "已完成":
        raise fail(s.summary)


@self_app.command("list")
def self_list(
    user: Annotated[str | None, typer.Option("--user", help="只列出该账号可见的自查")] = None,
) -> None:
    """列出自查：编号、单位、对象、发起人与时间、状态。"""
    from govinspect.rectify.selfcheck import list_inspections

    store = open_store()
    rows = list_inspections(store, actor_of(store, user)[1] if user else None)
    if not rows:
        console.print("没有自查记录。")
    for s in rows:
        console.print(
            f"{s.id:>4}  {s.unit}  {s.target}  {s.requested_by}  {s.requested_at:%Y-%m-%d %H:%M}  {s.state}"
        )


@self_app.command("show")
def self_show(inspection_id: IdArg, user: Annotated[str | None, typer.Option("--user")] = None) -> None:
    """查看一次自查发现的问题。"""
    from govinspect.privacy import mask_personal_data
    from govinspect.rectify.selfcheck import get_inspection

    store = open_store()
    s = get_inspection(store, inspection_id, actor_of(store, user)[1] if user else None)
    console.print(f"自查 {s.id}：{s.unit} {s.target}，{s.state}。{s.summary}")
    for f in s.findings:
        console.print(mask_personal_data(f"  {f.code}  {f.message}  {f.evidence.url}"))
