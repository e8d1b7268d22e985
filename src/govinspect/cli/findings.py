"""`govinspect findings`: 人工 findings, recorded one by one or imported from a sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from govinspect.cli.app import (
    app,
    console,
    existing_file,
    get_round,
    group,
    open_store,
)

findings_app = group(help="人工发现的问题：录入与导入。")
app.add_typer(findings_app, name="findings")


@findings_app.command("import")
def findings_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[Path, typer.Argument(help="人工发现问题表（.xlsx / .csv）")],
) -> None:
    """导入人工发现的问题（如首页排版混乱、飘窗过大），按指标计分并标注“人工”；任一行有误则整批不导入。"""
    from govinspect.jobs.records import read_manual_findings

    store = open_store()
    get_round(store, round_name)
    found = read_manual_findings(existing_file(file), store.load_registry())
    store.add_findings(round_name, found)
    console.print(f"已导入人工问题 {len(found)} 条。运行 round rejudge {round_name} 使其计入评分。")


@findings_app.command("add")
def findings_add(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    target: Annotated[str, typer.Argument(help="网站标识码，或政务新媒体账号（平台:账号ID）")],
    code: Annotated[
        str, typer.Argument(help="指标代码，如 manual.layout（首页排版混乱）、manual.popup（飘窗过大）")
    ],
    message: Annotated[str, typer.Argument(help="问题描述，如“首页排版混乱错位”")],
    url: Annotated[str, typer.Option("--url", help="问题页面网址")] = "",
    points: Annotated[float | None, typer.Option("--points", help="扣分（不填则按指标画像）")] = None,
    veto: Annotated[bool, typer.Option("--veto", help="判为单项否决")] = False,
    inspector: Annotated[str, typer.Option("--inspector", help="检查人")] = "",
) -> None:
    """录入一条人工发现的问题，按指标计分并标注“人工”。"""
    from govinspect.jobs.records import add_manual_finding

    store = open_store()
    rnd = get_round(store, round_name)
    f = add_manual_finding(
        store, rnd.name, target, code, message, url=url, points=points, veto=veto, inspector=inspector
    )
    console.print(
        f"已录入人工问题：{f.target_kind.value} {target} {f.message}。运行 round rejudge {rnd.name} 使其计入评分。"
    )
