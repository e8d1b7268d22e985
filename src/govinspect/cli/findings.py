"""`govinspect findings`: 人工 findings, recorded one by one or imported from a sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from govinspect import model as m
from govinspect.cli.app import (
    app,
    console,
    fail,
    get_round,
    open_store,
)

findings_app = typer.Typer(help="人工发现的问题：录入与导入。", no_args_is_help=True)
app.add_typer(findings_app, name="findings")


@findings_app.command("import")
def findings_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[Path, typer.Argument(help="人工发现问题表（.xlsx / .csv）")],
) -> None:
    """导入人工发现的问题（如首页排版混乱、飘窗过大），按指标计分并标注“人工”。"""
    from govinspect.checks.manual import load_manual_findings
    from govinspect.tables import ImportRefused

    store = open_store()
    get_round(store, round_name)
    try:
        found = load_manual_findings(file)
    except ImportRefused as e:
        raise fail(str(e)) from None
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
    from govinspect.checks.manual import manual_finding

    store = open_store()
    rnd = get_round(store, round_name)
    reg = store.load_registry()
    if target in {s.code for s in reg.sites}:
        kind = m.TargetKind.SITE
    elif target in {a.key for a in reg.accounts}:
        kind = m.TargetKind.ACCOUNT
    else:
        raise fail(f"台账中没有“{target}”（网站写网站标识码，政务新媒体写“平台:账号ID”）")
    try:
        finding = manual_finding(
            target, code, message, kind=kind, url=url, at=dt.datetime.now(m.TZ), points=points,
            veto=veto or None, inspector=inspector or None,
        )  # fmt: skip
    except ValueError as e:
        raise fail(str(e)) from None
    store.add_findings(rnd.name, [finding])
    console.print(
        f"已录入人工问题：{kind.value} {target} {finding.message}。运行 round rejudge {rnd.name} 使其计入评分。"
    )
