"""`govinspect feeds`: new-media posts imported from files or recorded by hand."""

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
    parse_day,
)

feeds_app = group(help="政务新媒体发布记录：导入与人工登记。")
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("import")
def feeds_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[
        Path, typer.Argument(help="发布记录表（.xlsx / .csv：账号名称, 标题, 发布时间, 链接, 正文）")
    ],
) -> None:
    """导入各单位报送或平台导出的发布记录；任一行有误则整批不导入。"""
    from govinspect.jobs.records import read_posts, save_imported_posts

    store = open_store()
    get_round(store, round_name)
    posts = read_posts(existing_file(file), store.load_registry())
    n = save_imported_posts(store, posts)
    accounts = len({p.account for p in posts})
    console.print(f"已导入发布记录 {n} 条（{accounts} 个账号）。")


@feeds_app.command("manual")
def feeds_manual(
    account: Annotated[str, typer.Argument(help="账号，写作“平台:账号ID”，如 微博:dzsfxz")],
    last_update: Annotated[str, typer.Argument(help="最近更新日期（YYYY-MM-DD）")],
    note: Annotated[str, typer.Option("--note", help="说明，如“平台无法订阅，人工查看”")] = "",
    title: Annotated[str, typer.Option("--title", help="最近一条的标题（如有）")] = "",
) -> None:
    """人工登记某账号的最近更新日期（用于无法订阅的平台），检查时优先于订阅源。"""
    from govinspect.jobs.records import record_last_update

    day = parse_day(last_update)
    record_last_update(open_store(), account, day, note, title)
    console.print(f"已登记：{account} 最近更新于 {day}。")
