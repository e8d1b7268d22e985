"""`govinspect feeds`: new-media posts imported from files or recorded by hand."""

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
    parse_day,
)

feeds_app = typer.Typer(help="政务新媒体发布记录：导入与人工登记。", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("import")
def feeds_import(
    round_name: Annotated[str, typer.Argument(help="轮次名称")],
    file: Annotated[
        Path, typer.Argument(help="发布记录表（.xlsx / .csv：账号名称, 标题, 发布时间, 链接, 正文）")
    ],
) -> None:
    """导入各单位报送或平台导出的发布记录；任一行有误则整批不导入。"""
    from govinspect.feeds.importer import import_posts
    from govinspect.tables import ImportRefused

    store = open_store()
    get_round(store, round_name)
    try:
        posts = import_posts(file, store.load_registry().accounts)
    except ImportRefused as e:
        raise fail(str(e)) from None
    n = store.save_posts(
        {
            "account": p.account,
            "title": p.title,
            "published": p.published,
            "url": p.url,
            "text": p.text,
            "source": "import",
        }
        for items in posts.values()
        for p in items
    )
    console.print(f"已导入发布记录 {n} 条（{len(posts)} 个账号）。")


@feeds_app.command("manual")
def feeds_manual(
    account: Annotated[str, typer.Argument(help="账号，写作“平台:账号ID”，如 微博:dzsfxz")],
    last_update: Annotated[str, typer.Argument(help="最近更新日期（YYYY-MM-DD）")],
    note: Annotated[str, typer.Option("--note", help="说明，如“平台无法订阅，人工查看”")] = "",
    title: Annotated[str, typer.Option("--title", help="最近一条的标题（如有）")] = "",
) -> None:
    """人工登记某账号的最近更新日期（用于无法订阅的平台），检查时优先于订阅源。"""
    store = open_store()
    keys = {a.key for a in store.load_registry().accounts}
    if account not in keys:
        raise fail(f"台账中没有账号“{account}”（应写作“平台:账号ID”）")
    day = parse_day(last_update)
    published = dt.datetime.combine(day, dt.time(0, 0), tzinfo=m.TZ)
    store.save_posts(
        [{"account": account, "title": title or f"人工记录：{note or '最近更新'}", "published": published,
          "url": None, "text": note, "source": "manual"}]
    )  # fmt: skip
    console.print(f"已登记：{account} 最近更新于 {day}。")
